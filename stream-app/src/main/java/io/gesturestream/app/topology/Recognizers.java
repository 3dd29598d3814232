package io.gesturestream.app.topology;

import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;

import java.util.HashMap;
import java.util.Map;

/** One recognizer (it holds a work buffer) per model a task has used; one per task, like its buffers. */
final class Recognizers {
    private final Map<Integer, Recognizer> byChecksum = new HashMap<>();
    private Model lastModel;
    private Recognizer last;

    Recognizer of(Model m) {
        if (m != lastModel) {  // almost every event uses the same model as the one before: no map lookup, no boxing
            last = byChecksum.computeIfAbsent(m.checksum(), c -> new Recognizer(m));
            lastModel = m;
        }
        return last;
    }
}
