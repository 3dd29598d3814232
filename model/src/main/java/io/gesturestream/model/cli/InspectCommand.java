package io.gesturestream.model.cli;

import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFile;
import io.gesturestream.model.gru.GruShape;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/** {@code inspect MODEL}: what a model file holds, without running it. */
final class InspectCommand implements CliCommand {
    static final Command SPEC = new Command("inspect",
            "Prints a model's name, shape, classes, size of its session state and training metadata.",
            new Command.Operand("MODEL", "a model file, or a bundled model: " + Sources.BUNDLED), List.of());

    @Override
    public Command spec() {
        return SPEC;
    }

    @Override
    public int run(Command.Parsed opts, PrintStream out, PrintStream err) throws Exception {
        Model m = Sources.model("model", opts.operand());
        GruShape s = m.shape();
        out.println("name:        " + m.name());
        out.println("version:     " + m.version());
        out.println("format:      gesture-stream model file v" + ModelFile.versionOf(m) + String.format(", checksum %08x", m.checksum())
                + (m.halfWeights() ? ", weights f16" : ", weights f32"));
        out.println("input:       " + m.encoder().kind() + ", " + s.inputSize() + " features, encoder "
                + Arrays.toString(m.encoder().parameters()));
        out.println("gru:         " + s.layers() + " layer(s) x " + s.hiddenSize() + " hidden, PyTorch convention (r, z, n)");
        out.println("parameters:  " + s.size());
        int state = new io.gesturestream.model.Recognizer(m).newSession().serializedSize();
        if (m.output() == io.gesturestream.model.OutputKind.CTC) {
            out.println("state:       " + state + " bytes per session at its start, 2 more a symbol of its text"
                    + (m.lexicon() == null ? "" : ", up to " + 12 * (m.lexiconWidth() - 1) + " more as its beam fills"));
            out.println("output:      transcription (CTC): the blank and " + (s.classes() - 1) + " symbols "
                    + m.labels().subList(1, s.classes()));
            if (m.lexicon() != null) {
                out.println("lexicon:     " + m.lexicon().words() + " words (the bundled model's own), beam width " + m.lexiconWidth()
                        + ", commit " + m.lexiconCommit());
            }
        } else {
            out.println("state:       " + state + " bytes per session");
            out.println("classes:     " + s.classes() + " " + m.labels());
            if (m.output() == io.gesturestream.model.OutputKind.PROTOTYPES) {
                out.println("prototypes:  examples per class " + Arrays.toString(m.enrolledExamples()) + ", fit thresholds "
                        + Arrays.toString(m.thresholds()) + " (a final under its class's is " + io.gesturestream.model.OutputKind.UNKNOWN + ")");
                out.println("embedding:   " + m.embedding().label() + switch (m.embedding()) {
                    case STATE -> ": the top-layer state";
                    case STATE_LOGITS -> ": the top-layer state beside the " + s.embedding() + " logits of the classifier it was enrolled from (its head kept)";
                    case STATE_MEAN -> ": the top-layer state beside their mean over the events so far";
                    case LAYERS_MEAN -> ": each layer's state beside its mean over the events so far";
                } + ", " + s.headInput() + " floats");
            }
        }
        out.println("metadata:");
        new TreeMap<>(m.metadata()).forEach((k, v) -> out.println("  " + k + ": " + v));
        return 0;
    }
}
