package io.gesturestream.app.kafka;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A final result is paired with the gesture whose events (samples, then END) its seq covers. */
class ReplayPairingTest {
    @Test
    void aFinalBelongsToTheGestureWhoseSeqRangeHoldsItsSeq() {
        // one session sends gestures 0, 3 and 7 of the input: seq 1-5 (END 5), 6-8 (END 8), 9-20 (END 20)
        Replay.Placement[] at = new Replay.Placement[8];
        at[0] = new Replay.Placement("s", 1, 4);
        at[3] = new Replay.Placement("s", 6, 2);
        at[7] = new Replay.Placement("s", 9, 11);
        List<Integer> idx = List.of(0, 3, 7);
        assertEquals(-1, Replay.gestureAt(idx, at, 0));
        assertEquals(0, Replay.gestureAt(idx, at, 1));
        assertEquals(0, Replay.gestureAt(idx, at, 5), "the END's seq");
        assertEquals(3, Replay.gestureAt(idx, at, 6));
        assertEquals(3, Replay.gestureAt(idx, at, 8));
        assertEquals(7, Replay.gestureAt(idx, at, 12), "an idle final in the middle of a gesture");
        assertEquals(7, Replay.gestureAt(idx, at, 20));
        assertEquals(-1, Replay.gestureAt(idx, at, 21), "past the last END: no gesture sent");
        assertEquals(-1, Replay.gestureAt(List.of(), at, 3));
    }
}
