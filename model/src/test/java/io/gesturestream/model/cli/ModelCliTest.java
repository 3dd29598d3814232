package io.gesturestream.model.cli;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.ModelFile;
import io.gesturestream.model.Model;
import io.gesturestream.model.data.Json;
import io.gesturestream.model.data.JsonlReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCliTest {
    @TempDir
    Path dir;

    private static CliResult run(String... args) {
        return CliResult.run(args);
    }

    private static void assertOneLineError(CliResult r, int code, String fragment) {
        assertEquals(code, r.code(), r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
        assertTrue(r.err().contains(fragment), r.err());
        assertEquals("", r.out());
    }

    @Test
    void badArgumentsGiveOneLineAndExitTwo() {
        assertEquals(2, run().code());
        assertOneLineError(run("fly"), 2, "unknown command 'fly'");
        assertOneLineError(run("train", "--out", "x.gru"), 2, "--format is required");
        assertOneLineError(run("train", "--format", "bmp", "--out", "x.gru"), 2, "unknown format 'bmp'");
        assertOneLineError(run("train", "--format", "jsonl", "--out", "x.gru", "--data", "a", "--hidden", "lots"), 2, "--hidden must be a whole number");
        assertOneLineError(run("train", "--format", "jsonl", "--out", "x.gru", "--data", "a", "--epochs", "0"), 2, "--epochs must be in");
        assertOneLineError(run("train", "--format", "jsonl", "--out", "x.gru", "--data", "a", "--bogus", "1"), 2, "unknown option --bogus");
        assertOneLineError(run("train", "--format", "jsonl", "--out", "x.gru", "--data"), 2, "--data needs a value");
        assertOneLineError(run("inspect"), 2, "inspect takes one MODEL");
    }

    @Test
    void everyCommandPrintsItsUsageOnHelp() {
        for (CliCommand cmd : ModelCli.COMMANDS) {
            Command c = cmd.spec();
            for (String h : List.of("--help", "-h")) {
                CliResult r = run(c.name(), h);
                assertEquals(0, r.code(), r.err());
                assertEquals("", r.err());
                assertTrue(r.out().startsWith("usage: gesture-model " + c.name() + " "), r.out());
                for (Opt<?> o : c.options()) assertTrue(r.out().contains("\n  --" + o.name() + " "), "--" + o.name() + " in " + r.out());
                // every option line says what it means
                r.out().lines().filter(l -> l.startsWith("  -")).forEach(l -> assertTrue(l.strip().split("\\s{2,}").length == 2, l));
            }
            assertEquals(run(c.name(), "--help").out(), run("help", c.name()).out());
        }
        CliResult t = run("train", "--help");
        assertTrue(t.out().contains("--hidden N") && t.out().contains("GRU units per layer, 1-1024 (default 64)"), t.out());
        assertTrue(t.out().contains("(default 0.005)") && t.out().contains("(default 0.999)") && t.out().contains("(default 0.1"), t.out());
        // help wins over what is wrong in the rest of the line, and over an option it would otherwise read as a value
        assertEquals(0, run("train", "--format", "bmp", "--bogus", "--help").code());
        assertEquals(0, run("evaluate", "--model", "--help").code());
        assertTrue(run("inspect", "-h").out().contains("MODEL"));
    }

    @Test
    void overallUsageListsEveryCommand() {
        for (String h : List.of("--help", "-h", "help")) {
            CliResult r = run(h);
            assertEquals(0, r.code());
            for (CliCommand c : ModelCli.COMMANDS) {
                assertTrue(r.out().contains("\n  " + c.spec().name() + " "), c.spec().name() + " in " + r.out());
            }
            assertTrue(r.out().contains("gesture-model <command> --help"), r.out());
        }
        CliResult none = run();
        assertEquals(2, none.code());
        assertTrue(none.err().startsWith("usage: gesture-model"), none.err());
    }

    @Test
    void aUsageErrorPointsAtTheCommandsHelp() {
        assertTrue(run("fly").err().strip().endsWith("(see gesture-model --help)"), run("fly").err());
        assertTrue(run("help", "fly").err().strip().endsWith("(see gesture-model --help)"));
        assertOneLineError(run("train", "--out", "x.gru"), 2, "(see gesture-model train --help)");
        assertOneLineError(run("evaluate", "--model", "pendigits", "--threads", "0"), 2, "(see gesture-model evaluate --help)");
        assertOneLineError(run("inspect", "a.gru", "b.gru"), 2, "(see gesture-model inspect --help)");
        assertOneLineError(run("train", "--format", "jsonl", "--data", "a", "--out", "x.gru", "extra"), 2, "unexpected argument 'extra'");
        assertOneLineError(run("train", "--format", "jsonl", "--data", "--out", "x.gru"), 2, "--data needs a value");
    }

    @Test
    void everyCommandRefusesAnUnknownOptionWithOneLineAndExitTwo() {
        for (CliCommand c : ModelCli.COMMANDS) {
            String name = c.spec().name();
            assertOneLineError(run(name, "--no-such-option", "1"), 2,
                    "unknown option --no-such-option (see gesture-model " + name + " --help)");
            assertOneLineError(run(name, "--no-such-switch"), 2, "unknown option --no-such-switch");
            assertOneLineError(run(name, "--no-such-option=1"), 2, "unknown option --no-such-option");
        }
        assertOneLineError(run("inspect", "pendigits", "--json"), 2, "unknown option --json");
    }

    /** Every option that takes a number, in every command, refuses a word that is not one, naming itself. */
    @Test
    void everyNumberOptionRefusesANonNumberNamingItself() {
        int seen = 0;
        for (CliCommand c : ModelCli.COMMANDS) {
            for (Opt<?> o : c.spec().options()) {
                if (!"N".equals(o.arg()) && !"X".equals(o.arg())) continue;
                seen++;
                String kind = o.arg().equals("N") ? "a whole number" : "a number";
                for (String bad : List.of("lots", "1e", "", "NaN")) {
                    assertOneLineError(run(c.spec().name(), "--" + o.name(), bad), 2,
                            "--" + o.name() + " must be " + kind + ", got '" + bad + "'");
                }
            }
        }
        assertEquals(35, seen, "number options");
    }

    @Test
    void aNumberOutOfItsRangeIsRefusedNamingTheOptionAndTheRange() {
        String[][] cases = {
                {"train", "--hidden", "0", "--hidden must be in [1, 1024], got 0"},
                {"train", "--hidden", "1025", "--hidden must be in [1, 1024], got 1025"},
                {"train", "--layers", "3", "--layers must be in [1, 2], got 3"},
                {"train", "--epochs", "0", "--epochs must be in [1, 10000], got 0"},
                {"train", "--batch", "4097", "--batch must be in [1, 4096], got 4097"},
                {"train", "--threads", "257", "--threads must be in [1, 256], got 257"},
                {"train", "--lr", "0", "--lr must be in (0, 1), got 0"},
                {"train", "--lr", "1", "--lr must be in (0, 1), got 1"},
                {"train", "--clip", "-1", "--clip must be > 0, got -1"},
                {"train", "--val-fraction", "1", "--val-fraction must be in [0, 1), got 1"},
                {"train", "--weight-decay", "-0.1", "--weight-decay must be in [0, 1), got -0.1"},
                {"train", "--augment", "4.5", "--augment must be in [0, 4], got 4.5"},
                {"train", "--dropout", "1", "--dropout must be in [0, 1), got 1"},
                {"train", "--ema", "1", "--ema must be in [0, 1), got 1"},
                {"evaluate", "--threads", "0", "--threads must be in [1, 256], got 0"},
                {"train", "--hidden", "99999999999", "--hidden must be in [1, 1024], got 99999999999"},
                {"train", "--seed", "1.5", "--seed must be a whole number, got '1.5'"},
        };
        for (String[] c : cases) assertOneLineError(run(c[0], c[1], c[2]), 2, c[3] + " (see gesture-model " + c[0] + " --help)");
        // a value inside the range as a double that rounds onto its bound as a float is refused too, as a usage error
        assertOneLineError(run("train", "--format", "jsonl", "--data", "a", "--out", "x.gru", "--lr", "0.99999999"), 2, "--lr must be in (0, 1)");
    }

    @Test
    void theBoundsOfARangeAreAcceptedAsTheHelpSays() throws Exception {
        Command.Parsed p = TrainCommand.SPEC.parse(new String[] {"train", "--format", "JSONL", "--out", "m.gru", "--hidden", "1024",
                "--layers", "1", "--augment", "4", "--val-fraction", "0", "--ema=0", "--lr", "0.5", "--seed", "-7", "--keep-best"}, 1);
        assertEquals("jsonl", p.get(TrainCommand.FORMAT));
        assertEquals(1024, p.get(TrainCommand.HIDDEN));
        assertEquals(1, p.get(TrainCommand.LAYERS));
        assertEquals(4.0, p.get(TrainCommand.AUGMENT));
        assertEquals(0.0, p.get(TrainCommand.EMA));
        assertEquals(-7L, p.get(TrainCommand.SEED));
        assertTrue(p.get(TrainCommand.KEEP_BEST) && p.given(TrainCommand.VAL_FRACTION));
        // what is not given is its declared default, the one help shows
        assertEquals(60, p.get(TrainCommand.EPOCHS));
        assertEquals("s02-s07", p.get(TrainCommand.SUBJECTS));
        assertTrue(!p.given(TrainCommand.SUBJECTS) && !p.get(TrainCommand.GYRO));
    }

    /** The defaults help shows are the values the commands use: both come from the declaration. */
    @Test
    void helpShowsEachDeclaredDefaultAndRange() {
        String train = run("train", "--help").out();
        for (String line : List.of(
                "  --hidden N         GRU units per layer, 1-1024 (default 64)",
                "  --layers N         GRU layers, 1 or 2 (default 2)",
                "  --lr X             Adam's learning rate, decayed to 2% of it by the end, in (0, 1) (default 0.005)",
                "  --clip X           clip the gradient's global norm to X, > 0 (default 1)",
                "  --augment X        augmentation strength: 0 for none, 1 for the standard ranges, in [0, 4] (default 2)",
                "  --format F         data format: pendigits (a file), dollar (the xml_logs folder), jsonl (a file), unipen (a data file or a folder of them) "
                        + "or wand (magic-wand accelerometer: an output_*.txt file or a folder of them); required",
                "  --name NAME        the model's name (default: the --out file name without its extension)",
                "  --keep-best        keep the epoch with the best validation accuracy rather than the last")) {
            assertTrue(train.lines().anyMatch(line::equals), line + " in\n" + train);
        }
        for (CliCommand c : ModelCli.COMMANDS) {
            String help = run(c.spec().name(), "--help").out();
            for (Opt<?> o : c.spec().options()) {
                String row = help.lines().filter(l -> l.startsWith("  " + o.synopsis() + " ")).findFirst().orElseThrow();
                if (o.isRequired()) assertTrue(row.endsWith("; required"), row);
                else if (o.defaultNote() != null) assertTrue(row.endsWith(" (default: " + o.defaultNote() + ")"), row);
                else if (o.def() != null && !o.isFlag()) assertTrue(row.endsWith(" (default " + Opt.show(o.def()) + ")"), row);
            }
        }
    }

    @Test
    void trainTranscribeWritesATranscriptionModelThatEvaluateScoresByCer() throws Exception {
        Path data = dir.resolve("words.jsonl");
        try (var w = Files.newBufferedWriter(data)) {
            JsonlReader.write(w, io.gesturestream.model.Fixtures.words(200, 8, 1), "w");
        }
        Path model = dir.resolve("words.gru");
        CliResult trained = run("train", "--format", "jsonl", "--data", data.toString(), "--out", model.toString(), "--transcribe",
                "--hidden", "32", "--layers", "1", "--epochs", "30", "--lr", "0.02", "--augment", "0", "--val-fraction", "0");
        assertEquals(0, trained.code(), trained.err());
        CliResult inspect = run("inspect", model.toString());
        assertTrue(inspect.out().contains("format:      gesture-stream model file v2"), inspect.out());
        assertTrue(inspect.out().contains("output:      transcription (CTC): the blank and 3 symbols [a, b, c]"), inspect.out());
        Path test = dir.resolve("test.jsonl");
        try (var w = Files.newBufferedWriter(test)) {
            JsonlReader.write(w, io.gesturestream.model.Fixtures.words(60, 3, 2), "t");
        }
        CliResult json = run("evaluate", "--model", model.toString(), "--format", "jsonl", "--data", test.toString(), "--json");
        assertEquals(0, json.code(), json.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) Json.parse(json.out().strip());
        assertEquals(60L, ((Number) r.get("gestures")).longValue());
        double cer = ((Number) r.get("cer")).doubleValue();
        assertTrue(cer < 0.2, json.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> at = (Map<String, Object>) r.get("cerAt");
        assertEquals(java.util.Set.of("0.25", "0.5", "0.75", "1.0"), at.keySet());
        assertEquals(cer, ((Number) at.get("1.0")).doubleValue(), 1e-12);
        assertTrue(((Number) r.get("wer")).doubleValue() >= 0);
        @SuppressWarnings("unchecked")
        Map<String, Object> lag = (Map<String, Object>) r.get("stableLagPoints");
        assertEquals(java.util.Set.of("p50", "p90", "characters"), lag.keySet());
        assertEquals(0L, ((Number) r.get("stableChanged")).longValue());
        assertOneLineError(run("evaluate", "--model", model.toString(), "--format", "jsonl", "--data", test.toString(), "--labels", "a"),
                2, "--labels does not apply to a transcription model");
        // with a lexicon: the fixture's words are up to 4 letters of a, b, c; a list of every such word holds them all
        List<String> every = new java.util.ArrayList<>(List.of("a", "b", "c"));
        for (int len = 2; len <= 4; len++) {
            List<String> longer = new java.util.ArrayList<>();
            for (String w : every) if (w.length() == len - 1) for (String c : List.of("a", "b", "c")) longer.add(w + c);
            every.addAll(longer);
        }
        Path words = dir.resolve("abc-words.txt");
        Files.write(words, every);
        CliResult lex = run("evaluate", "--model", model.toString(), "--format", "jsonl", "--data", test.toString(), "--json",
                "--lexicon", words.toString(), "--beam", "8");
        assertEquals(0, lex.code(), lex.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> rl = (Map<String, Object>) Json.parse(lex.out().strip());
        double werLexicon = ((Number) rl.get("werLexicon")).doubleValue();
        assertTrue(werLexicon <= ((Number) rl.get("wer")).doubleValue() + 0.05, lex.out());
        assertEquals(r.get("cer"), rl.get("cer"), "the greedy text is the same with a lexicon");
        assertTrue(((Number) rl.get("outOfLexicon")).longValue() >= 0);
        assertTrue(lex.err().contains("lexicon: " + every.size() + " words"), lex.err());
        // a lexicon of one word that nobody wrote: every word is read as it, or as its greedy text where the beam holds no word
        Path one = dir.resolve("one.txt");
        Files.writeString(one, "cccc\n");
        CliResult onlyOne = run("evaluate", "--model", model.toString(), "--format", "jsonl", "--data", test.toString(), "--json",
                "--lexicon", one.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> r1 = (Map<String, Object>) Json.parse(onlyOne.out().strip());
        assertTrue(((Number) r1.get("werLexicon")).doubleValue() > werLexicon, onlyOne.out());
        assertOneLineError(run("evaluate", "--model", model.toString(), "--format", "jsonl", "--data", test.toString(), "--lexicon",
                dir.resolve("none.txt").toString()), 1, "no such file");
        assertOneLineError(run("evaluate", "--model", model.toString(), "--format", "jsonl", "--data", test.toString(),
                "--training-words"), 2, "--training-words needs --split");
        assertOneLineError(run("evaluate", "--model", model.toString(), "--format", "jsonl", "--data", test.toString(),
                "--beam", "4"), 2, "--beam needs a lexicon");
        assertOneLineError(run("evaluate", "--model", model.toString(), "--format", "jsonl", "--data", test.toString(),
                "--commit", "0.2"), 2, "--commit needs a lexicon");
        assertOneLineError(run("evaluate", "--model", model.toString(), "--format", "jsonl", "--data", test.toString(),
                "--lexicon", words.toString(), "--commit", "1"), 2, "--commit must be");
        assertOneLineError(run("evaluate", "--model", "pendigits", "--lexicon", words.toString()), 2,
                "--lexicon applies to a transcription model only");
        assertOneLineError(run("train", "--format", "jsonl", "--data", data.toString(), "--out", model.toString(), "--transcribe",
                "--styles"), 2, "--styles does not apply to --transcribe");
    }

    @Test
    void unreadableDataOrModelGivesOneLineAndExitOne() throws Exception {
        assertOneLineError(run("train", "--format", "jsonl", "--data", dir.resolve("none.jsonl").toString(), "--out",
                dir.resolve("m.gru").toString()), 1, "no such file");
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"session\":\"a\",\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2}\nnot json\n");
        assertOneLineError(run("train", "--format", "jsonl", "--data", bad.toString(), "--out", dir.resolve("m.gru").toString()),
                1, "bad.jsonl:2: malformed JSON");
        Path junk = dir.resolve("junk.gru");
        Files.writeString(junk, "junk");
        assertOneLineError(run("inspect", junk.toString()), 1, "wrong magic");
        assertOneLineError(run("inspect", dir.resolve("missing.gru").toString()), 1, "missing.gru: no such file or folder, and not a bundled model");
        assertOneLineError(run("evaluate", "--model", junk.toString(), "--format", "jsonl", "--data", bad.toString()), 1, "magic");
        assertOneLineError(run("evaluate", "--model", "pendigits", "--format", "pendigits", "--data",
                dir.resolve("nope.tes").toString()), 1, "no such file");
    }

    @Test
    void aPathThatCannotBeReadIsNamedWithItsOptionAndWhatIsWrong() throws Exception {
        String none = dir.resolve("nope.jsonl").toString(), folder = dir.toString(), out = dir.resolve("m.gru").toString();
        Path file = dir.resolve("data.jsonl");
        try (Writer w = Files.newBufferedWriter(file)) {
            JsonlReader.write(w, Fixtures.shapes(2, 2, 1), "s");
        }
        String data = file.toString();
        assertOneLineError(run("train", "--format", "jsonl", "--data", none, "--out", out), 1,
                "error: --data " + none + ": no such file or folder");
        assertOneLineError(run("train", "--format", "jsonl", "--data", folder, "--out", out), 1,
                "--data " + folder + ": is a folder; the jsonl format reads a file");
        assertOneLineError(run("train", "--format", "dollar", "--data", data, "--out", out), 1,
                "--data " + data + ": is a file; the dollar format reads a folder");
        // --test-data and --out are checked before training, not after it
        CliResult t = run("train", "--format", "jsonl", "--data", data, "--out", out, "--test-data", none, "--epochs", "1");
        assertOneLineError(t, 1, "--test-data " + none + ": no such file or folder");
        String noFolder = dir.resolve("no").resolve("m.gru").toString();
        assertOneLineError(run("train", "--format", "jsonl", "--data", data, "--out", noFolder), 1,
                "--out " + noFolder + ": folder " + dir.resolve("no") + " does not exist");
        assertOneLineError(run("train", "--format", "jsonl", "--data", data, "--out", folder), 1, "--out " + folder + ": is a folder");
        Path datasets = dir.resolve("datasets");
        assertOneLineError(run("train", "--format", "pendigits", "--datasets", datasets.toString(), "--out", out), 1,
                "no --data given, and the default " + datasets.resolve("pendigits").resolve("pendigits-orig.tra") + " (from --datasets "
                        + datasets + ") does not exist; give --data PATH or --datasets DIR");
        assertOneLineError(run("evaluate", "--model", "pendigits", "--datasets", datasets.toString()), 1,
                "the default " + datasets.resolve("pendigits").resolve("pendigits-orig.tes"));

        assertOneLineError(run("evaluate", "--model", none), 1, "--model " + none + ": no such file or folder, and not a bundled model (" + String.join(", ", Model.BUNDLED) + ")");
        assertOneLineError(run("evaluate", "--model", folder), 1, "--model " + folder + ": is a folder, not a model file");
        assertOneLineError(run("evaluate", "--model", "pendigits", "--format", "jsonl", "--data", none), 1, "--data " + none + ": no such file");
        assertOneLineError(run("evaluate", "--model", "pendigits", "--format", "jsonl", "--data", data, "--baseline", "--templates", none),
                1, "--templates " + none + ": no such file or folder");
        assertOneLineError(run("inspect", none), 1, "model " + none + ": no such file or folder, and not a bundled model");
        assertOneLineError(run("inspect", folder), 1, "model " + folder + ": is a folder, not a model file");
    }

    @Test
    void anUnreadableFileSaysPermissionDenied() throws Exception {
        Path locked = dir.resolve("locked.jsonl");
        try (Writer w = Files.newBufferedWriter(locked)) {
            JsonlReader.write(w, Fixtures.shapes(2, 2, 1), "s");
        }
        Files.setPosixFilePermissions(locked, java.util.Set.of());
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(locked), "running as root: every file is readable");
        assertOneLineError(run("train", "--format", "jsonl", "--data", locked.toString(), "--out", dir.resolve("m.gru").toString()), 1,
                "--data " + locked + ": permission denied");
        assertOneLineError(run("inspect", locked.toString()), 1, "model " + locked + ": permission denied");
    }

    @Test
    void optionsThatDoNotApplyAreUsageErrors() throws Exception {
        Path file = dir.resolve("data.jsonl");
        try (Writer w = Files.newBufferedWriter(file)) {
            JsonlReader.write(w, Fixtures.shapes(2, 2, 1), "s");
        }
        String data = file.toString(), out = dir.resolve("m.gru").toString();
        assertOneLineError(run("train", "--format", "jsonl", "--data", data, "--out", out, "--subjects", "s01"), 1,
                "--subjects: no gesture of subject 's01' in " + data + " (its subjects: s0, s1, ");
        assertOneLineError(run("train", "--format", "dollar", "--data", dir.toString(), "--out", out, "--subjects", "x1-s3"), 2,
                "--subjects: bad subject 'x1'");
        assertOneLineError(run("train", "--format", "jsonl", "--data", data, "--out", out, "--test-subjects", "s01"), 2,
                "--test-subjects applies to --test-data only");
        assertOneLineError(run("train", "--format", "dollar", "--data", dir.toString(), "--out", out, "--test-subjects", "s09"), 2,
                "--test-subjects applies to --test-data only");
        assertOneLineError(run("train", "--format", "jsonl", "--data", data, "--out", out, "--spot-weight", "3"), 2,
                "--spot-weight applies to --spot only");
        assertOneLineError(run("train", "--format", "jsonl", "--data", data, "--out", out, "--spot", "--spot-weight", "0.5"), 2,
                "--spot-weight must be in [1, 100], got 0.5");
        assertOneLineError(run("train", "--format", "jsonl", "--data", data, "--out", out, "--spot-min-run", "500"), 2,
                "--spot-min-run applies to --spot only");
        assertOneLineError(run("evaluate", "--model", "pendigits", "--format", "jsonl", "--data", data, "--templates", data), 2,
                "--templates applies to --baseline only");
        assertOneLineError(run("evaluate", "--model", "pendigits", "--format", "jsonl", "--data", data, "--baseline"), 2,
                "--baseline with jsonl data needs --templates PATH");
    }

    @Test
    void splitRefusesABadSideWithOneLineAndExitTwo() {
        assertOneLineError(run("train", "--format", "jsonl", "--data", "a", "--out", "x.gru", "--split", "dev"), 2,
                "--split: unknown split 'dev' (use train, validation, test or train+validation)");
        assertOneLineError(run("evaluate", "--model", "pendigits", "--data", "a", "--split", ""), 2, "--split: unknown split ''");
        assertOneLineError(run("evaluate", "--model", "pendigits", "--data", "a", "--split"), 2, "--split needs a value");
        assertTrue(run("train", "--help").out().contains("--split SIDE"));
    }

    @Test
    void splitRefusesGesturesWithoutAWriterWithOneLineAndExitOne() throws Exception {
        Path noWriter = dir.resolve("no-writer.tes");  // pendigits without the .COMMENT that names the writer
        Files.writeString(noWriter, ".SEGMENT DIGIT 0 ? \"7\"\n.PEN_DOWN\n10 10\n20 20\n.PEN_UP\n");
        assertOneLineError(run("evaluate", "--model", "pendigits", "--format", "pendigits", "--data", noWriter.toString(), "--split", "test"),
                1, "--split test: 1 of 1 gestures of " + noWriter + " have no writer (subject), so they cannot be split by writer");
        assertEquals(0, run("evaluate", "--model", "pendigits", "--format", "pendigits", "--data", noWriter.toString()).code());
    }

    @Test
    void splitKeepsOneSidesWritersAndSaysHowMany() throws Exception {
        Path many = dir.resolve("many.jsonl");  // a session per gesture: 120 writers
        try (Writer w = Files.newBufferedWriter(many)) {
            JsonlReader.write(w, Fixtures.shapes(30, 5, 1), "s");
        }
        Path model = dir.resolve("t.gru");
        CliResult t = trainTiny(many, "--split", "train");
        assertEquals(0, t.code(), t.err());
        long train = io.gesturestream.model.data.JsonlReader.read(many, true, io.gesturestream.model.Meter.NONE).stream()
                .filter(g -> io.gesturestream.model.data.WriterSplit.of(g.subject()) == io.gesturestream.model.data.WriterSplit.TRAIN).count();
        assertTrue(t.err().contains("split train: " + train + " gestures of " + train + " writers (of 120 gestures, 120 writers)"), t.err());
        Map<String, String> meta = ModelFile.read(Files.readAllBytes(model)).metadata();
        assertEquals("train", meta.get("data.split"));
        CliResult e = run("evaluate", "--model", model.toString(), "--data", many.toString(), "--split", "test", "--json");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.err().contains("split test: "), e.err());
        @SuppressWarnings("unchecked") Map<String, Object> j = (Map<String, Object>) Json.parse(e.out().strip());
        assertTrue((Double) j.get("gestures") > 0 && (Double) j.get("gestures") < 120 - train, e.out());
        // the final fit: train and validation together, nobody held out
        long both = io.gesturestream.model.data.JsonlReader.read(many, true, io.gesturestream.model.Meter.NONE).stream()
                .filter(g -> io.gesturestream.model.data.WriterSplit.of(g.subject()) != io.gesturestream.model.data.WriterSplit.TEST).count();
        CliResult f = trainTiny(many, "--split", "train+validation");
        assertEquals(0, f.code(), f.err());
        assertTrue(both > train && f.err().contains("split train+validation: " + both + " gestures of " + both + " writers"), f.err());
        assertTrue(f.err().contains(", 0 held out for validation"), f.err());
        assertEquals("train+validation", ModelFile.read(Files.readAllBytes(model)).metadata().get("data.split"));
    }

    /** A JSONL file of {@code people} sessions, each with many gestures (a session is taken as one person). */
    private Path sessions(String name, List<List<io.gesturestream.model.data.Gesture>> byPerson) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int p = 0; p < byPerson.size(); p++) {
            java.io.StringWriter w = new java.io.StringWriter();
            JsonlReader.write(w, byPerson.get(p), "g");
            b.append(w.toString().replaceAll("\"session\":\"g\\d+\"", "\"session\":\"person" + p + "\""));
        }
        Path f = dir.resolve(name);
        Files.writeString(f, b);
        return f;
    }

    private CliResult trainTiny(Path data, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--format", "jsonl", "--data", data.toString(), "--out",
                dir.resolve("t.gru").toString(), "--hidden", "8", "--layers", "1", "--epochs", "1"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void withTooFewPeopleTheDefaultTrainsOnEveryoneAndSaysSo() throws Exception {
        Path three = sessions("three.jsonl", List.of(Fixtures.shapes(6, 1, 1), Fixtures.shapes(6, 1, 2), Fixtures.shapes(6, 1, 3)));
        CliResult r = trainTiny(three);
        assertEquals(0, r.code(), r.err());
        List<String> notes = r.err().lines().filter(l -> l.startsWith("note:")).toList();
        assertEquals(List.of("note: training on all 3 people (a JSONL session counts as one person), none held out for validation, as "
                + "the default 10% hold-out would be of little use: too few people for a 10% hold-out: 1 of 3 people is 33% of them. For a validation accuracy, give --val-fraction F "
                + "to hold people out anyway, or --test-data PATH to score the model on other recordings"), notes);
        assertTrue(r.err().contains("training t: 72 gestures (3 people), 0 held out for validation (0 people)"), r.err());
        assertTrue(!r.err().contains("warning"), r.err());

        // asked for: kept, with a warning
        CliResult asked = trainTiny(three, "--val-fraction", "0.1");
        assertEquals(0, asked.code(), asked.err());
        assertTrue(!asked.err().contains("note:"), asked.err());
        assertEquals(1, asked.err().lines().filter(l -> l.startsWith("warning: validation with --val-fraction 0.1: too few people for a "
                + "10% hold-out: 1 of 3 people is 33% of them")).count(), asked.err());
        assertTrue(asked.err().contains("24 held out for validation (1 person)"), asked.err());

        CliResult none = trainTiny(three, "--val-fraction", "0");
        assertTrue(!none.err().contains("note:") && !none.err().contains("warning"), none.err());
    }

    @Test
    void aHoldOutOfOneClassOrOfAClassNobodyElseHasIsWarnedAbout() throws Exception {
        // one session per class, as when someone records their circles, then their lines ...
        List<List<io.gesturestream.model.data.Gesture>> byClass = new java.util.ArrayList<>();
        for (String c : Fixtures.SHAPES) {
            byClass.add(Fixtures.shapes(6, 1, 4).stream().filter(g -> g.label().equals(c)).toList());
        }
        Path perClass = sessions("per-class.jsonl", byClass);
        CliResult asked = trainTiny(perClass, "--val-fraction", "0.25");
        assertEquals(0, asked.code(), asked.err());
        String warning = asked.err().lines().filter(l -> l.startsWith("warning:")).findFirst().orElse("");
        assertTrue(warning.contains("only the held-out people have class ") && warning.contains("which the model then never trains on")
                && warning.contains("the held-out people have one class only") && warning.contains("only 6 gestures are held out"), asked.err());
        CliResult byDefault = trainTiny(perClass);
        assertTrue(byDefault.err().contains("note: training on all 4 people"), byDefault.err());

        Path one = sessions("one.jsonl", List.of(Fixtures.shapes(3, 1, 5)));
        CliResult alone = trainTiny(one, "--val-fraction", "0.2");
        assertEquals(0, alone.code(), alone.err());
        assertTrue(alone.err().contains("warning: validation with --val-fraction 0.2: the data has 1 person, so no one is held out"),
                alone.err());
    }

    @Test
    void withEnoughPeopleTheDefaultHoldsTenPercentOut() throws Exception {
        Path many = dir.resolve("many.jsonl");  // a session per gesture: 120 people
        try (Writer w = Files.newBufferedWriter(many)) {
            JsonlReader.write(w, Fixtures.shapes(30, 5, 1), "s");
        }
        CliResult r = trainTiny(many);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("12 held out for validation (12 people)"), r.err());
        assertTrue(!r.err().contains("note:") && !r.err().contains("warning"), r.err());
    }

    @Test
    void trainAndEvaluateImuJsonlFromTheCommandLine() throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        Path train = dir.resolve("imu-train.jsonl"), test = dir.resolve("imu-test.jsonl");
        try (Writer w = Files.newBufferedWriter(train)) {
            JsonlReader.write(w, Fixtures.shapes(30, 5, 1).stream()
                    .map(g -> io.gesturestream.model.train.ImuTrainingTest.toImu(g, r)).toList(), "tr");
        }
        try (Writer w = Files.newBufferedWriter(test)) {
            JsonlReader.write(w, Fixtures.shapes(8, 2, 2).stream()
                    .map(g -> io.gesturestream.model.train.ImuTrainingTest.toImu(g, r)).toList(), "te");
        }
        Path model = dir.resolve("imu.gru");
        CliResult t = run("train", "--format", "jsonl", "--data", train.toString(), "--out", model.toString(), "--hidden", "12",
                "--layers", "1", "--epochs", "3");
        assertEquals(0, t.code(), t.err());
        CliResult i = run("inspect", model.toString());
        assertTrue(i.out().contains("input:       IMU, 6 features"), i.out());
        CliResult e = run("evaluate", "--model", model.toString(), "--data", test.toString(), "--json");
        assertEquals(0, e.code(), e.err());
        @SuppressWarnings("unchecked") Map<String, Object> j = (Map<String, Object>) Json.parse(e.out().strip());
        assertEquals(32.0, j.get("gestures"));
        CliResult base = run("evaluate", "--model", model.toString(), "--data", test.toString(), "--baseline", "--templates",
                train.toString());
        assertOneLineError(base, 1, "the $1 baseline needs pen data");
    }

    @Test
    void trainEvaluateInspectOnJsonl() throws Exception {
        Path train = dir.resolve("train.jsonl"), test = dir.resolve("test.jsonl");
        try (Writer w = Files.newBufferedWriter(train)) {
            JsonlReader.write(w, Fixtures.shapes(30, 5, 1), "tr");
        }
        try (Writer w = Files.newBufferedWriter(test)) {
            JsonlReader.write(w, Fixtures.shapes(10, 2, 2), "te");
        }
        Path model = dir.resolve("shapes.gru");
        CliResult t = run("train", "--format", "jsonl", "--data", train.toString(), "--out", model.toString(), "--hidden", "12",
                "--epochs", "3", "--seed", "5", "--test-data", test.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.err().contains("epoch   3/3"), t.err());
        assertTrue(t.err().contains("held-out accuracy"), t.err());
        assertTrue(ModelFile.read(Files.readAllBytes(model)).metadata().containsKey("heldOut.accuracy"));

        CliResult e = run("evaluate", "--model", model.toString(), "--data", test.toString(), "--json", "--baseline",
                "--templates", train.toString());
        assertEquals(0, e.code(), e.err());
        assertEquals(1, e.out().strip().lines().count(), e.out());
        @SuppressWarnings("unchecked") Map<String, Object> j = (Map<String, Object>) Json.parse(e.out().strip());
        assertEquals(40.0, j.get("gestures"));
        @SuppressWarnings("unchecked") Map<String, Object> at = (Map<String, Object>) j.get("accuracyAt");
        assertEquals(List.of("0.25", "0.5", "0.75", "1.0"), List.copyOf(at.keySet()));
        assertEquals(j.get("accuracy"), at.get("1.0"));
        assertTrue(j.containsKey("perClass") && j.containsKey("confusion"));
        @SuppressWarnings("unchecked") Map<String, Object> base = (Map<String, Object>) j.get("baseline");
        assertEquals("dollar1", base.get("name"));

        CliResult noBase = run("evaluate", "--model", model.toString(), "--data", test.toString(), "--json");
        assertTrue(!noBase.out().contains("baseline"), noBase.out());

        CliResult i = run("inspect", model.toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("parameters:") && i.out().contains("classes:     4 [circle, line, vee, zigzag]")
                && i.out().contains("seed: 5"), i.out());
    }

    /**
     * A UNIPEN release folder (data/1a and include/) of the synthetic shapes: institution uqb (y
     * up), one pen data file and one data file per writer, a segment per gesture.
     */
    private Path unipenRelease(List<io.gesturestream.model.data.Gesture> gestures) throws Exception {
        Path root = dir.resolve("train_r01_v07");
        Path inc = Files.createDirectories(root.resolve("include/uqb/data"));
        Files.writeString(root.resolve("include/uqb/uqb0.doc"), ".VERSION 1.0\n.POINTS_PER_SECOND 100\n.COORD X Y\n");
        Path data = Files.createDirectories(root.resolve("data/1a/uqb"));
        Map<String, List<io.gesturestream.model.data.Gesture>> byWriter = new java.util.TreeMap<>();
        for (var g : gestures) byWriter.computeIfAbsent(g.subject(), k -> new java.util.ArrayList<>()).add(g);
        for (var e : byWriter.entrySet()) {
            StringBuilder ink = new StringBuilder(".WRITER_ID " + e.getKey() + "\n");
            StringBuilder segs = new StringBuilder(".VERSION 1.0\n.INCLUDE uqb/uqb0.doc\n.INCLUDE uqb/data/" + e.getKey() + ".dat\n");
            int c = 0;
            for (var g : e.getValue()) {
                ink.append(".PEN_DOWN\n");
                for (var s : g.samples()) {
                    var p = (io.gesturestream.model.features.PenSample) s;
                    ink.append(Math.round(p.x() * 10)).append(' ').append(Math.round(-p.y() * 10)).append('\n');
                }
                ink.append(".PEN_UP\n");
                segs.append(".SEGMENT CHARACTER ").append(c++).append(" OK \"").append(g.label()).append("\"\n");
            }
            Files.writeString(inc.resolve(e.getKey() + ".dat"), ink);
            Files.writeString(data.resolve(e.getKey() + ".dat"), segs);
        }
        return root;
    }

    @Test
    void trainBidirectionalReportsTheReferenceOnTheValidationAndTestWritersAndWritesNoModel() throws Exception {
        Path root = unipenRelease(Fixtures.words(240, 60, 1));
        CliResult t = run("train", "--format", "unipen", "--data", root.toString(), "--category", "1a", "--split", "train", "--transcribe",
                "--bidirectional", "--hidden", "8", "--layers", "1", "--epochs", "2");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.err().contains("bidirectional, each way"), t.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) Json.parse(t.out().strip());
        assertEquals(2L, ((Number) r.get("directions")).longValue());
        assertEquals(8L, ((Number) r.get("hidden")).longValue());
        @SuppressWarnings("unchecked")
        Map<String, Object> test = (Map<String, Object>) r.get("test");
        assertTrue(((Number) test.get("gestures")).longValue() > 0, t.out());
        double cer = ((Number) test.get("cer")).doubleValue();
        assertTrue(cer >= 0 && cer <= 1.5, t.out());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".gru")), "no model file");
        }
        assertOneLineError(run("train", "--format", "unipen", "--data", root.toString(), "--category", "1a", "--split", "train",
                "--bidirectional"), 2, "--bidirectional applies to --transcribe only");
        assertOneLineError(run("train", "--format", "unipen", "--data", root.toString(), "--category", "1a", "--transcribe",
                "--bidirectional"), 2, "--bidirectional needs --split train");
        assertOneLineError(run("train", "--format", "unipen", "--data", root.toString(), "--category", "1a", "--split", "train",
                "--transcribe", "--bidirectional", "--out", dir.resolve("x.gru").toString()), 2, "--out does not apply to --bidirectional");
        assertOneLineError(run("train", "--format", "unipen", "--data", root.toString(), "--category", "1a", "--split", "train"), 2,
                "--out is required");
    }

    @Test
    void fewShotScoresEachRecognizerOnTheDollarLogsProtocols() throws Exception {
        // the $1 logs' layout: a folder per subject, a folder per speed, an XML file per gesture
        Path root = dir.resolve("xml_logs");
        List<io.gesturestream.model.data.Gesture> shapes = Fixtures.shapes(24, 4, 31);
        int[] count = new int[1];
        for (var g : shapes) {
            int subject = 2 + Integer.parseInt(g.subject().substring(1));
            String speed = count[0]++ / 16 % 2 == 0 ? "fast" : "slow";   // rounds of 4 subjects x 4 shapes at each speed in turn
            Path f = Files.createDirectories(root.resolve(String.format("s%02d", subject)).resolve(speed)).resolve(g.label() + count[0] + ".xml");
            StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Gesture Name=\"" + g.label() + count[0]
                    + "\" Subject=\"" + subject + "\" Speed=\"" + speed + "\">\n");
            for (var sm : g.samples()) {
                var p = (io.gesturestream.model.features.PenSample) sm;
                b.append("<Point X=\"").append(Math.round(p.x())).append("\" Y=\"").append(Math.round(p.y())).append("\" T=\"").append(p.t()).append("\" />\n");
            }
            Files.writeString(f, b.append("</Gesture>\n"));
        }
        Path svg = dir.resolve("k.svg");
        CliResult r = run("few-shot", "--data", root.toString(), "--k", "1,2", "--repeats", "3", "--recognizers", "dollar1,dollarP,latin", "--json",
                "--svg", svg.toString());
        String drawn = Files.readString(svg);
        assertTrue(drawn.startsWith("<svg") && drawn.contains("gru:latin") && drawn.split("<polyline").length == 4, drawn);
        assertEquals(0, r.code(), r.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(r.out().strip());
        assertEquals(java.util.Set.of("dollar1", "dollarP", "gru:latin"), json.keySet());
        @SuppressWarnings("unchecked")
        Map<String, Object> one = (Map<String, Object>) json.get("dollar1");
        assertEquals(java.util.Set.of("1", "2"), one.keySet());
        assertTrue(((Number) one.get("2")).doubleValue() > 0.7, r.out());
        assertTrue(r.err().contains("4 subjects, 8 groups, 96 gestures"), r.err());
        CliResult ind = run("few-shot", "--data", root.toString(), "--protocol", "independent", "--others", "2", "--k", "1", "--repeats", "2");
        assertEquals(0, ind.code(), ind.err());
        assertTrue(ind.out().startsWith("recognizer"), ind.out());
        CliResult open = run("few-shot", "--data", root.toString(), "--protocol", "open", "--taught", "2", "--k", "2", "--foreign-per-draw", "0",
                "--repeats", "2", "--recognizers", "dollarP,latin", "--json");
        assertEquals(0, open.code(), open.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> os = (Map<String, Object>) Json.parse(open.out().strip());
        @SuppressWarnings("unchecked")
        Map<String, Object> gru = (Map<String, Object>) os.get("gru:latin");
        assertEquals(java.util.Set.of("auroc", "unknownAcceptedAt95", "knownAccepted", "unknownAccepted", "known", "unknown"), gru.keySet());
        assertOneLineError(run("few-shot", "--data", root.toString(), "--taught", "2"), 2, "--taught applies to --protocol open only");
        assertOneLineError(run("few-shot", "--data", root.toString(), "--others", "2"), 2, "--others applies to --protocol independent only");
        assertOneLineError(run("few-shot", "--data", root.toString(), "--k", "1,x"), 2, "--k must be whole numbers");
        assertOneLineError(run("few-shot", "--data", root.toString(), "--protocol", "open", "--taught", "4", "--k", "1", "--foreign-per-draw", "0"), 1,
                "has 4 classes: teaching 4 leaves none foreign");
        assertOneLineError(run("few-shot", "--data", root.toString(), "--protocol", "both"), 2, "--protocol must be dependent, independent or open");
        assertOneLineError(run("few-shot", "--data", root.toString(), "--k", "6"), 1, "k = 6 needs 7");
        assertOneLineError(run("few-shot", "--data", dir.toString()), 1, "no subject folders");
        assertOneLineError(run("few-shot", "--data", root.toString(), "--recognizers", "nosuch"), 1, "nosuch");
    }

    @Test
    void enrollTeachesAndForgetsGesturesAndWritesAModelThatEvaluateAndInspectRead() throws Exception {
        List<io.gesturestream.model.data.Gesture> shapes = Fixtures.shapes(8, 4, 51);
        for (String l : Fixtures.SHAPES) {
            try (Writer w = Files.newBufferedWriter(dir.resolve(l + ".jsonl"))) {
                JsonlReader.write(w, shapes.stream().filter(g -> g.label().equals(l)).limit(3).toList(), l);
            }
        }
        Path m = dir.resolve("mine.gru");
        CliResult first = run("enroll", "--model", "latin", "--add", "circle", "--examples", dir.resolve("circle.jsonl").toString(),
                "--out", m.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.err().matches("(?s)circle: 3 examples, threshold -?[0-9.]+ \\([0-9.]+ ms\\)\n"), first.err());
        for (String l : List.of("line", "vee", "zigzag")) {
            CliResult r = run("enroll", "--model", m.toString(), "--add", l, "--examples", dir.resolve(l + ".jsonl").toString(), "--out", m.toString());
            assertEquals(0, r.code(), r.err());
        }
        CliResult inspect = run("inspect", m.toString());
        assertTrue(inspect.out().contains("classes:     4 [circle, line, vee, zigzag]"), inspect.out());
        assertTrue(inspect.out().contains("prototypes:  examples per class [3, 3, 3, 3]"), inspect.out());
        Path test = dir.resolve("test.jsonl");
        try (Writer w = Files.newBufferedWriter(test)) {
            JsonlReader.write(w, shapes.subList(12, shapes.size()), "t");
        }
        CliResult e = run("evaluate", "--model", m.toString(), "--format", "jsonl", "--data", test.toString(), "--json");
        assertEquals(0, e.code(), e.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) Json.parse(e.out().strip());
        assertTrue(((Number) r.get("accuracy")).doubleValue() >= 0.8, e.out());
        double unknown = ((Number) r.get("unknownRate")).doubleValue();
        assertTrue(unknown >= 0 && unknown <= 0.5, e.out());
        CliResult removed = run("enroll", "--model", m.toString(), "--remove", "vee", "--out", dir.resolve("three.gru").toString());
        assertTrue(removed.out().contains("3 classes [circle, line, zigzag]"), removed.out());
        assertOneLineError(run("enroll", "--model", m.toString(), "--add", "x", "--remove", "vee", "--out", m.toString()), 2, "give one of");
        assertOneLineError(run("enroll", "--model", m.toString(), "--add", "x", "--out", m.toString()), 2, "--examples FILE is required");
        assertOneLineError(run("enroll", "--model", m.toString(), "--remove", "nope", "--out", m.toString()), 1, "has no class nope");
        assertOneLineError(run("enroll", "--model", "words", "--add", "x", "--examples", test.toString(), "--out", m.toString()), 1, "transcribes");
        assertOneLineError(run("enroll", "--model", m.toString(), "--add", "unknown", "--examples", test.toString(), "--out", m.toString()), 1,
                "a class needs a label other than");
        assertOneLineError(run("enroll", "--model", m.toString(), "--add", "x", "--examples", dir.resolve("none.jsonl").toString(), "--out",
                m.toString()), 1, "no such file");
    }

    /**
     * few-shot on UNIPEN characters: each writer a subject of the user-independent protocol, the
     * writers of one side of the split, the labels given; a GRU's embedding as well as $1; the
     * protocols that need a subject's repetitions refused.
     */
    @Test
    void fewShotOnUnipenTakesTheWritersOfASideAsSubjects() throws Exception {
        Path root = unipenRelease(Fixtures.shapes(40, 20, 13));
        Path model = dir.resolve("tiny.gru");
        Files.write(model, ModelFile.write(Fixtures.tinyModel(4, 2, 3)));
        CliResult r = run("few-shot", "--format", "unipen", "--data", root.toString(), "--category", "1a", "--split", "train",
                "--labels", "circle,line", "--protocol", "independent", "--others", "2", "--k", "1", "--repeats", "2",
                "--recognizers", "dollar1," + model, "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().matches("(?s).*split train: \\d+ gestures of \\d+ writers \\(of 160 gestures, 20 writers\\).*"), r.err());
        assertTrue(r.err().matches("(?s).*labels circle,line: \\d+ gestures of 2 labels.*"), r.err());
        java.util.regex.Matcher sub = java.util.regex.Pattern.compile(": (\\d+) subjects, \\1 groups, (\\d+) gestures; user-independent, templates from 2 other subjects")
                .matcher(r.err());
        assertTrue(sub.find(), r.err());
        assertTrue(Integer.parseInt(sub.group(1)) < 20, "only the train side's writers: " + r.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> js = (Map<String, Object>) io.gesturestream.model.data.Json.parse(r.out().strip());
        assertEquals(List.of("dollar1", "gru:tiny"), List.copyOf(js.keySet()));
        assertOneLineError(run("few-shot", "--format", "unipen", "--data", root.toString(), "--category", "1a", "--recognizers", "dollar1"), 2,
                "--format unipen takes --protocol independent");
        assertOneLineError(run("few-shot", "--category", "1a", "--recognizers", "dollar1"), 2, "--category applies to --format unipen only");
        assertOneLineError(run("few-shot", "--format", "jsonl", "--recognizers", "dollar1"), 2, "--format must be dollar or unipen, got 'jsonl'");
    }

    @Test
    void unipenByCategoryWithLabelsAddedDataAndTheValidationSide() throws Exception {
        // 60 writers, so that each side of the split has some
        Path root = unipenRelease(Fixtures.shapes(60, 60, 11));
        Path extra = dir.resolve("extra.jsonl");
        try (Writer w = Files.newBufferedWriter(extra)) {
            JsonlReader.write(w, Fixtures.shapes(5, 1, 12), "x");
        }
        Path model = dir.resolve("two.gru");
        CliResult t = run("train", "--format", "unipen", "--data", root.toString(), "--category", "1a", "--split", "train",
                "--labels", "circle,line", "--add-data", "jsonl:" + extra, "--min-step", "0.05", "--out", model.toString(),
                "--hidden", "8", "--layers", "1", "--epochs", "1");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.err().contains("split validation: "), t.err());
        assertTrue(t.err().contains("add-data jsonl:" + extra + ": 20 gestures"), t.err());
        assertTrue(t.err().matches("(?s).*labels circle,line: \\d+ gestures of 2 labels \\(of \\d+ gestures, 4 labels\\).*"), t.err());
        assertTrue(t.err().contains("given for validation"), t.err());
        Model m = ModelFile.read(Files.readAllBytes(model));
        assertEquals(List.of("circle", "line"), m.labels());
        assertEquals(0.05f, ((io.gesturestream.model.features.PenEncoder) m.encoder()).minStep());
        assertEquals("1a", m.metadata().get("data.category"));
        assertEquals("circle,line", m.metadata().get("data.labels"));

        CliResult e = run("evaluate", "--model", model.toString(), "--data", root.toString(), "--category", "1a", "--split", "test",
                "--labels", "circle", "--json");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.err().contains("labels circle: the model answers over 1 of its 2 labels"), e.err());
        @SuppressWarnings("unchecked") Map<String, Object> j = (Map<String, Object>) Json.parse(e.out().strip());
        assertEquals(1.0, j.get("accuracy"), "one label allowed: always right");
        assertEquals(1.0, j.get("top3"));

        assertOneLineError(run("evaluate", "--model", model.toString(), "--data", root.toString(), "--category", "6"), 2,
                "--category: unknown category '6'");
        assertOneLineError(run("evaluate", "--model", model.toString(), "--data", root.toString(), "--category", "1a", "--labels",
                "a,,b"), 2, "--labels: label set 'a,,b' has an empty item");
        assertOneLineError(run("evaluate", "--model", model.toString(), "--data", root.toString(), "--category", "1a", "--labels",
                "star"), 1, "label set item 'star' is none of the model's labels");
        assertOneLineError(run("evaluate", "--model", model.toString(), "--format", "jsonl", "--data", extra.toString(), "--category",
                "1a"), 2, "--category applies to the unipen format only");
        assertOneLineError(run("evaluate", "--model", model.toString(), "--data", root.toString()), 1,
                "a UNIPEN release folder; read one category: --category 1a, 2, 7");
        assertOneLineError(run("train", "--format", "unipen", "--data", root.toString(), "--category", "1a", "--add-data", "nonsense",
                "--out", model.toString()), 2, "--add-data must be FORMAT:PATH");
        assertOneLineError(run("train", "--format", "unipen", "--data", root.toString(), "--category", "1a", "--min-step", "0.5",
                "--out", model.toString()), 2, "--min-step must be in [0, 0.25], got 0.5");
    }

    @Test
    void renderDrawsTheSelectedGesturesToAPngGrid() throws Exception {
        Path data = dir.resolve("shapes.jsonl");
        try (Writer w = Files.newBufferedWriter(data)) {
            JsonlReader.write(w, Fixtures.shapes(5, 2, 1), "s");
        }
        Path png = dir.resolve("grid.png");
        CliResult r = run("render", "--format", "jsonl", "--data", data.toString(), "--labels", "circle,vee", "--columns", "4", "--cell", "50",
                "--out", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote " + png + " (10 of 10 gestures, 4 x 3)"), r.out());
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(200, img.getWidth());
        assertEquals(150, img.getHeight());
        assertOneLineError(run("render", "--format", "jsonl", "--data", data.toString(), "--out", dir.resolve("grid.jpg").toString()), 2,
                "--out must name a .png file");
        assertOneLineError(run("render", "--format", "jsonl", "--data", data.toString(), "--writer", "nobody", "--out", png.toString()), 1,
                "no gesture to draw of a writer starting with nobody");
    }
}
