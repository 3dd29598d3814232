package io.gesturestream.model;

/**
 * Where a long step (reading a dataset, an epoch of training) reports how far it is. The
 * command line shows it ({@code cli.Progress}); a library caller passes {@link #NONE}.
 */
@FunctionalInterface
public interface Meter {
    /** Shows nothing. */
    Meter NONE = (what, total, unit) -> Step.NONE;

    /**
     * @param total items to do, or 0 when unknown
     * @param unit  what an item is, plural ("files", "batches")
     */
    Step start(String what, long total, String unit);

    /** A started step: {@link #update} as items finish, then {@link #close}. */
    interface Step extends AutoCloseable {
        Step NONE = new Step() {
            @Override
            public void update(long done) {}

            @Override
            public void close() {}
        };

        /** Items done so far. */
        void update(long done);

        @Override
        void close();
    }
}
