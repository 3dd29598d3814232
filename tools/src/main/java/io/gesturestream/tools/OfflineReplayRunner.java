package io.gesturestream.tools;

import io.gesturestream.app.cli.Cli;
import io.gesturestream.app.cli.Command;
import io.gesturestream.app.cli.Logs;
import io.gesturestream.app.cli.ReplayCommand;
import io.gesturestream.app.config.StreamSettings;
import io.gesturestream.model.Model;
import io.gesturestream.model.data.Gesture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code replay --offline --out FILE [--model M]}: the topology in this process, every prediction to a file, bit-exact. */
final class OfflineReplayRunner implements ReplayCommand.Offline {
    @Override
    public int run(List<Gesture> gestures, Command.Parsed opts, Cli cli) throws Exception {
        Logs.stateInTempFolder();
        String outFile = opts.get("out");
        Model model = Model.load(opts.get("model", Cli.defaultModel(opts.get("data"))));
        var predictions = OfflineReplay.run(gestures, model, StreamSettings.defaults());
        try (var w = Files.newBufferedWriter(Path.of(outFile))) {
            OfflineReplay.write(w, predictions);
        }
        cli.out().println("wrote " + predictions.size() + " predictions of " + gestures.size() + " gestures (model " + model + ") to " + outFile);
        return 0;
    }
}
