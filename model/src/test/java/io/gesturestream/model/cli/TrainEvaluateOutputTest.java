package io.gesturestream.model.cli;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFile;
import io.gesturestream.model.OutputKind;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.Json;
import io.gesturestream.model.data.JsonlReader;
import io.gesturestream.model.data.WriterSplit;
import io.gesturestream.model.features.PenEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train} and {@code evaluate} on tiny data with the smallest settings (one epoch of 4
 * units): what they print and record, and the refusals that come after the data is read.
 */
class TrainEvaluateOutputTest {
    @TempDir
    Path dir;

    private static CliResult run(List<String> args) {
        return CliResult.run(args.toArray(String[]::new));
    }

    private static final List<String> TINY = List.of("--hidden", "4", "--layers", "1", "--epochs", "1", "--batch", "8", "--threads", "1",
            "--augment", "0");

    private CliResult train(Path data, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--format", "jsonl", "--data", data.toString()));
        a.addAll(TINY);
        a.addAll(List.of(more));
        return run(a);
    }

    /** The gestures as JSONL, gesture i in session {@code sessions[i % sessions.length]}. */
    private Path jsonl(String name, List<Gesture> gestures, String... sessions) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < gestures.size(); i++) {
            StringWriter w = new StringWriter();
            JsonlReader.write(w, List.of(gestures.get(i)), "tmp");
            b.append(sessions.length == 0 ? w.toString().replace("\"tmp0\"", "\"s" + i + "\"")
                    : w.toString().replace("\"tmp0\"", "\"" + sessions[i % sessions.length] + "\""));
        }
        return Files.writeString(dir.resolve(name), b);
    }

    private static Model model(Path f) throws Exception {
        return ModelFile.read(Files.readAllBytes(f));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String out) {
        return (Map<String, Object>) Json.parse(out.strip());
    }

    @Test
    void trainWritesTheModelAndRecordsTheHeldOutScore() throws Exception {
        Path data = jsonl("train.jsonl", Fixtures.shapes(4, 1, 1)), test = jsonl("test.jsonl", Fixtures.shapes(2, 1, 2));
        Path out = dir.resolve("m.gru");
        CliResult r = train(data, "--out", out.toString(), "--test-data", "jsonl:" + test, "--half", "--name", "Named", "--val-fraction", "0");
        assertEquals(0, r.code(), r.err());
        assertEquals("wrote " + out + " (" + Files.size(out) + " bytes)\n", r.out());
        Model m = model(out);
        assertEquals(List.of("Named", true), List.of(m.name(), m.halfWeights()));
        assertEquals(List.of("jsonl:" + test, "8"), List.of(m.metadata().get("heldOut.data"), m.metadata().get("heldOut.gestures")));
        double accuracy = Double.parseDouble(m.metadata().get("heldOut.accuracy"));
        assertTrue(r.err().contains(String.format(Locale.ROOT, "held-out accuracy on jsonl:%s: %.2f%% (8 gestures)%n", test, 100 * accuracy)), r.err());

        // the name defaults to the file's without its extension; a name that starts with a dot is kept whole
        Path dot = dir.resolve(".m");
        assertEquals(0, train(data, "--out", dot.toString(), "--val-fraction", "0").code());
        assertEquals(List.of(".m", false), List.of(model(dot).name(), model(dot).halfWeights()));
        assertEquals(List.of(), List.copyOf(model(dot).metadata().keySet().stream().filter(k -> k.startsWith("heldOut")).toList()));
    }

    @Test
    void trainOnTheTrainSideWithoutValidationWritersSaysSo() throws Exception {
        // w56 and w27 are on the train side (buckets 0 and 69), w269 on the test side (80)
        Path data = jsonl("w.jsonl", Fixtures.shapes(3, 1, 3), "w56", "w27", "w269");
        Path out = dir.resolve("t.gru");
        CliResult r = train(data, "--out", out.toString(), "--split", "train");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("note: no writer of " + data + " is on the validation side; validating on --val-fraction of the train side\n"), r.err());
        assertTrue(r.err().contains("split train: 8 gestures of 2 writers (of 12 gestures, 3 writers)"), r.err());
        Map<String, String> meta = model(out).metadata();
        assertEquals(List.of("train", WriterSplit.RULE), List.of(meta.get("data.split"), meta.get("data.split.rule")));
        // a validation writer (w46, bucket 70): validated on that side
        Path withVal = jsonl("v.jsonl", Fixtures.shapes(3, 1, 3), "w56", "w46", "w269");
        r = train(withVal, "--out", out.toString(), "--split", "train");
        assertEquals(0, r.code(), r.err());
        assertTrue(!r.err().contains("note: no writer") && r.err().contains("split validation: 4 gestures of 1 writer"), r.err());
    }

    @Test
    void aTranscriberReadsTheTextFeaturesAndATeacherIsRecorded() throws Exception {
        Path words = jsonl("words.jsonl", Fixtures.words(12, 3, 1));
        Path out = dir.resolve("w.gru");
        CliResult r = train(words, "--out", out.toString(), "--transcribe", "--val-fraction", "0");
        assertEquals(0, r.code(), r.err());
        Model t = model(out);
        assertEquals(OutputKind.CTC, t.output());
        assertEquals(Arrays.toString(PenEncoder.forText(false, 0f).parameters()), Arrays.toString(t.encoder().parameters()));

        Path data = jsonl("shapes.jsonl", Fixtures.shapes(4, 1, 1));
        Path teacher = dir.resolve("teacher.gru");
        Files.write(teacher, ModelFile.write(Fixtures.tinyModel(4, 1, 7)));
        r = train(data, "--out", out.toString(), "--teacher", teacher.toString(), "--distill", "0.25", "--val-fraction", "0");
        assertEquals(0, r.code(), r.err());
        String recorded = model(out).metadata().get("teacher");
        assertTrue(recorded != null && recorded.startsWith("tiny 1 ") && recorded.endsWith(", weight 0.25"), String.valueOf(recorded));

        r = train(data, "--out", out.toString(), "--cosine", "--val-fraction", "0");
        assertEquals(0, r.code(), r.err());
        assertEquals(OutputKind.PROTOTYPES, model(out).output());
        // refused once the data is read (its notes come first), before any training
        String refused = "error: --cosine trains a classifier without --transcribe, --teacher or --dropout (see gesture-model train --help)\n";
        for (CliResult c : List.of(train(data, "--out", out.toString(), "--cosine", "--dropout", "0.1"),
                train(words, "--out", out.toString(), "--cosine", "--transcribe"),
                train(data, "--out", out.toString(), "--cosine", "--teacher", teacher.toString()))) {
            assertEquals(2, c.code(), c.err());
            assertTrue(c.err().endsWith(refused) && !c.err().contains("epoch"), c.err());
        }
    }

    @Test
    void trainRefusesOptionsThatDoNotFitBeforeTraining() throws Exception {
        Path data = jsonl("d.jsonl", Fixtures.shapes(2, 1, 1));
        String out = dir.resolve("o.gru").toString();
        assertEquals("error: --distill applies to --teacher only (see gesture-model train --help)\n",
                train(data, "--out", out, "--distill", "0.5").err());
        assertEquals("error: --shortest-first applies to --transcribe only (see gesture-model train --help)\n",
                train(data, "--out", out, "--shortest-first").err());
        for (String bad : List.of("jsonl:", ":" + data)) {
            assertEquals("error: --add-data must be FORMAT:PATH, such as pendigits:pendigits-orig.tra, got '" + bad + "' (see gesture-model train --help)\n",
                    train(data, "--out", out, "--add-data", bad).err());
        }
        assertEquals("error: --test-data dollar:" + data + ": is a file; the dollar format reads a folder of $1 XML logs, such as xml_logs\n",
                train(data, "--out", out, "--test-data", "dollar:" + data).err());
        assertTrue(Files.notExists(Path.of(out)));
    }

    @Test
    void evaluateTextGivesTheDataTheReportAndTheBaselineAsJsonDoes() throws Exception {
        Path m = dir.resolve("tiny.gru");
        Files.write(m, ModelFile.write(Fixtures.tinyModel(4, 1, 7)));
        List<Gesture> shapes = Fixtures.shapes(6, 1, 4);
        Path test = jsonl("t.jsonl", shapes), templates = jsonl("tr.jsonl", Fixtures.shapes(6, 1, 5));
        List<String> base = List.of("evaluate", "--model", m.toString(), "--format", "jsonl", "--data", test.toString(), "--split", "test",
                "--labels", "circle,line", "--baseline", "--templates", templates.toString(), "--threads", "1");
        CliResult text = run(base);
        assertEquals(0, text.code(), text.err());
        List<String> js = new ArrayList<>(base);
        js.add("--json");
        CliResult json = run(js);
        Map<String, Object> j = json(json.out());
        long kept = JsonlReader.read(templates, true).stream().filter(g -> g.label().equals("circle") || g.label().equals("line"))
                .filter(g -> WriterSplit.of(g.subject()) == WriterSplit.TRAIN).count();
        assertTrue(text.err().contains("running the $1 baseline with " + kept + " templates ...\n"), text.err());
        assertTrue(!json.err().contains("running the $1 baseline"), json.err());
        List<String> lines = text.out().lines().toList();
        assertEquals("model: " + Model.load(m.toString()).restrictedTo(Sources.labels("--labels", "circle,line")), lines.get(0));
        assertEquals("data: " + test + " (split test) (labels circle,line)", lines.get(1));
        assertEquals(String.format(Locale.ROOT, "gestures: %d", ((Number) j.get("gestures")).intValue()), lines.get(2));
        assertEquals(String.format(Locale.ROOT, "accuracy at gesture end: %.2f%% (top 3: %.2f%%)", 100 * (Double) j.get("accuracy"),
                100 * (Double) j.get("top3")), lines.get(3));
        @SuppressWarnings("unchecked") Map<String, Object> b = (Map<String, Object>) j.get("baseline");
        assertEquals(String.format(Locale.ROOT, "baseline dollar1 (training set as templates): %.2f%%", 100 * (Double) b.get("accuracy")),
                lines.get(lines.size() - 1));
    }

    @Test
    void evaluateATranscriberAsTextWithAndWithoutALexicon() throws Exception {
        Path m = dir.resolve("w.gru");
        Files.write(m, ModelFile.write(Fixtures.tinyTranscriber(4, 1, 2)));
        Path words = jsonl("words.jsonl", Fixtures.words(20, 4, 3));
        Path lexicon = Files.write(dir.resolve("lex.txt"), List.of("a", "ab", "abc", "cab"));
        List<String> base = List.of("evaluate", "--model", m.toString(), "--data", words.toString(), "--format", "jsonl", "--threads", "1");
        CliResult text = run(base);
        assertEquals(0, text.code(), text.err());
        List<String> js = new ArrayList<>(base);
        js.add("--json");
        Map<String, Object> j = json(run(js).out());
        @SuppressWarnings("unchecked") Map<String, Object> at = (Map<String, Object>) j.get("cerAt");
        List<String> lines = text.out().lines().toList();
        assertEquals(3, lines.size(), text.out());
        assertEquals("model: " + Model.load(m.toString()), lines.get(0));
        assertEquals(String.format(Locale.ROOT, "words: %d, CER %.2f%%, WER %.2f%% (greedy); CER after 25/50/75%% of the events: %.1f%% / %.1f%% / %.1f%%",
                ((Number) j.get("gestures")).intValue(), 100 * (Double) j.get("cer"), 100 * (Double) j.get("wer"), 100 * (Double) at.get("0.25"),
                100 * (Double) at.get("0.5"), 100 * (Double) at.get("0.75")), lines.get(1));
        assertTrue(lines.get(2).startsWith("stable text: a character is stable "), lines.get(2));
        assertTrue(!text.err().contains("lexicon:"), text.err());

        List<String> withLexicon = new ArrayList<>(base);
        withLexicon.addAll(List.of("--lexicon", lexicon.toString()));
        CliResult lex = run(withLexicon);
        withLexicon.add("--json");
        Map<String, Object> lj = json(run(withLexicon).out());
        List<String> ll = lex.out().lines().toList();
        assertEquals(String.format(Locale.ROOT, "with the lexicon: WER %.2f%%; %d words found no lexicon word and kept the greedy text",
                100 * (Double) lj.get("werLexicon"), ((Number) lj.get("outOfLexicon")).intValue()), ll.get(2));
        assertTrue(lex.err().contains("lexicon: "), lex.err());

        List<String> training = new ArrayList<>(base);
        training.addAll(List.of("--split", "test", "--training-words"));
        CliResult tw = run(training);
        assertEquals(0, tw.code(), tw.err());
        assertTrue(tw.err().contains("lexicon: ") && tw.out().contains("with the lexicon: WER"), tw.err() + tw.out());
        List<String> none = new ArrayList<>(base);
        none.addAll(List.of("--lexicon", "none"));
        CliResult n = run(none);
        assertTrue(!n.err().contains("lexicon:") && !n.out().contains("with the lexicon"), n.err() + n.out());
    }
}
