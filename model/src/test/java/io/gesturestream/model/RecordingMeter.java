package io.gesturestream.model;

import java.util.ArrayList;
import java.util.List;

/** A {@link Meter} that records each step it starts, for tests. */
public final class RecordingMeter implements Meter {
    /** One started step: what it was told. */
    public static final class Step implements Meter.Step {
        public final String what, unit;
        public final long total;
        public final List<Long> updates = new ArrayList<>();
        public boolean closed;

        Step(String what, long total, String unit) {
            this.what = what;
            this.total = total;
            this.unit = unit;
        }

        @Override
        public synchronized void update(long done) {
            updates.add(done);
        }

        @Override
        public void close() {
            closed = true;
        }

        public synchronized long last() {
            return updates.isEmpty() ? 0 : updates.get(updates.size() - 1);
        }

        public synchronized long max() {
            return updates.stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    public final List<Step> steps = new ArrayList<>();

    @Override
    public synchronized Step start(String what, long total, String unit) {
        Step s = new Step(what, total, unit);
        steps.add(s);
        return s;
    }
}
