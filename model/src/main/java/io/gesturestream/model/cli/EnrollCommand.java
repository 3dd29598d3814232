package io.gesturestream.model.cli;

import io.gesturestream.model.Embedding;
import io.gesturestream.model.Enrollment;
import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFile;
import io.gesturestream.model.OutputKind;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.JsonlReader;
import io.gesturestream.model.eval.PersonalFix;
import io.gesturestream.model.features.Sample;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code enroll}: a gesture taught from a few examples ({@link Enrollment}), or one forgotten,
 * written as a new model file: publish it with the app's {@code publish-model} and running
 * instances answer with it from their next session.
 */
final class EnrollCommand implements CliCommand {
    static final Opt<String> MODEL = Opt.text("model", "MODEL", "the model to start from: a prototype model (gestures, or one enroll "
            + "or train --cosine wrote: its classes are kept) or a classifier (its GRU is the embedding; its classes are not kept)").required();
    static final Opt<String> ADD = Opt.text("add", "LABEL", "teach class LABEL from --examples (added to its examples when the model has it)");
    static final Opt<String> REPLACE = Opt.text("replace", "LABEL", "learn class LABEL afresh from --examples");
    static final Opt<String> REMOVE = Opt.text("remove", "LABEL", "forget class LABEL");
    static final Opt<String> CLASSES = Opt.text("classes", "F:PATH", "learn every class of --model (a classifier) from these labelled "
            + "gestures, such as pendigits:pendigits-orig.tra: its classes as prototypes, to which --add or --replace can then add a "
            + "user's own examples");
    static final Opt<String> EXAMPLES = Opt.text("examples", "FILE", "gesture JSONL: every gesture in it is an example (their labels are not read)");
    static final Opt<String> OUT = Opt.text("out", "MODEL", "the model file to write, e.g. mine.gru").required();
    static final Opt<String> NAME = Opt.text("name", "NAME", "the new model's name").defaultIs("the --out file name without its extension");
    static final Opt<Embedding> EMBEDDING = embeddingOption("for a classifier --model",
            PersonalFix.OWN_CLASSES.label() + " with --classes, else " + Enrollment.NEW_SHAPES.label());

    /** A classifier's embedding ({@link Embedding}), an option of enroll, personal and few-shot. */
    static Opt<Embedding> embeddingOption(String which, String byDefault) {
        return Opt.of("embedding", "E", which + ": the embedding its classes are means of, state (its GRU's top-layer state), "
                + "state+logits (beside it, its head's logits for it, the head kept in the new model: for the classifier's own "
                + "classes), state+mean (beside it, the mean state over the events so far) or layers+mean (every layer's state "
                + "beside its mean: for new shapes)", EnrollCommand::parseEmbedding).defaultIs(byDefault);
    }

    private static Embedding parseEmbedding(String option, String v) throws Command.UsageException {
        Embedding e = Embedding.parse(v);
        if (e == null) throw new Command.UsageException(option + " must be state, state+logits, state+mean or layers+mean, got '" + v + "'");
        return e;
    }

    static final Command SPEC = new Command("enroll",
            "Teaches a model a gesture from a few examples (no training: milliseconds), makes it forget one, or makes a classifier's classes prototypes; writes a new model file.",
            List.of(MODEL, ADD, REPLACE, REMOVE, CLASSES, EXAMPLES, EMBEDDING, OUT, NAME));

    @Override
    public Command spec() {
        return SPEC;
    }

    @Override
    public int run(Command.Parsed opts, PrintStream out, PrintStream err) throws Exception {
        int actions = (opts.given(ADD) ? 1 : 0) + (opts.given(REPLACE) ? 1 : 0) + (opts.given(REMOVE) ? 1 : 0) + (opts.given(CLASSES) ? 1 : 0);
        if (actions != 1) throw new Command.UsageException("give one of --add LABEL, --replace LABEL, --remove LABEL or --classes F:PATH");
        boolean noExamples = opts.given(REMOVE) || opts.given(CLASSES);
        if (noExamples == opts.given(EXAMPLES)) {
            throw new Command.UsageException(noExamples ? "--examples does not apply to --" + (opts.given(REMOVE) ? "remove" : "classes")
                    : "--examples FILE is required");
        }
        String[] classes = null;
        if (opts.given(CLASSES)) {
            String v = opts.get(CLASSES);
            classes = Sources.formatAndPath("--classes", v, "FORMAT:PATH");
            Sources.readable("--classes " + v, Path.of(classes[1]), classes[0]);
        }
        Path outFile = Path.of(opts.get(OUT));
        Sources.writable("--out " + opts.get(OUT), outFile);
        Model base = Sources.model("--model", opts.get(MODEL));
        // the classifier's own classes are better told apart with its logits; new shapes without them
        Embedding embedding = opts.given(EMBEDDING) ? opts.get(EMBEDDING) : classes != null ? PersonalFix.OWN_CLASSES : Enrollment.NEW_SHAPES;
        if (opts.given(EMBEDDING) && base.output() != OutputKind.CLASSES) {
            throw new IllegalArgumentException("--embedding: model " + base.name() + " is no classifier; a prototype model keeps its own embedding");
        }
        List<List<Sample>> examples = null;
        if (opts.given(EXAMPLES)) {
            Path f = Sources.readable("--examples " + opts.get(EXAMPLES), Path.of(opts.get(EXAMPLES)), "jsonl");
            examples = JsonlReader.read(f, false).stream().map(Gesture::samples).toList();
            if (examples.isEmpty()) throw new IllegalArgumentException(f + ": no gestures");
        }
        List<Gesture> population = classes == null ? null : Sources.read(err, classes[0], Path.of(classes[1]), null, null);
        long t0 = System.nanoTime();
        Model m;
        String label;
        if (population != null) {
            if (base.output() != OutputKind.CLASSES) {
                throw new IllegalArgumentException("--classes: model " + base.name() + " is no classifier; its classes are learned from a classifier's");
            }
            label = null;
            m = PersonalFix.populationPrototypes(base, population, true, embedding);
            err.printf(Locale.ROOT, "%d classes from %d gestures (%.1f s)%n", m.labels().size(),
                    population.stream().filter(g -> base.labels().contains(g.label())).count(), (System.nanoTime() - t0) / 1e9);
        } else if (opts.given(REMOVE)) {
            label = opts.get(REMOVE);
            m = Enrollment.remove(base, label);
        } else if (opts.given(REPLACE)) {
            label = opts.get(REPLACE);
            m = Enrollment.replace(base, label, examples);
        } else {
            label = opts.get(ADD);
            m = Enrollment.enroll(base, label, examples, embedding);
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        String f = outFile.getFileName().toString();
        String name = opts.given(NAME) ? opts.get(NAME) : f.lastIndexOf('.') > 0 ? f.substring(0, f.lastIndexOf('.')) : f;
        Map<String, String> meta = new LinkedHashMap<>(m.metadata());
        meta.put("command", "enroll " + String.join(" ", opts.words()));
        m = m.withInfo(name, "1", meta);
        Files.write(outFile, ModelFile.write(m));
        int c = label == null ? -1 : m.labels().indexOf(label);
        if (c >= 0) {
            err.printf(Locale.ROOT, "%s: %d examples, threshold %.3f (%.1f ms)%n", label, m.enrolledExamples()[c], m.thresholds()[c], ms);
        }
        out.println("wrote " + outFile + " (" + Files.size(outFile) + " bytes): " + m.labels().size() + " classes " + m.labels()
                + ", a final under its class's threshold is " + OutputKind.UNKNOWN);
        return 0;
    }
}
