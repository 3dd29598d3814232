package io.gesturestream.app.topology;

import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.PenSample.Phase;
import io.gesturestream.model.features.Sample;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.ImuSample;
import io.gesturestream.schemas.avro.PenSample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test events with realistic defaults. */
final class Events {
    private Events() {}

    static GestureEvent pen(String session, long seq, EventType type, float x, float y) {
        return GestureEvent.newBuilder().setSession(session).setSeq(seq).setTimestamp(Instant.ofEpochMilli(1_000 + 10 * seq))
                .setType(type).setSample(PenSample.newBuilder().setX(x).setY(y).setPressure(null).build()).setLabel(null).build();
    }

    static GestureEvent end(String session, long seq) {
        return GestureEvent.newBuilder().setSession(session).setSeq(seq).setTimestamp(Instant.ofEpochMilli(1_000 + 10 * seq))
                .setType(EventType.END).setSample(null).setLabel(null).build();
    }

    static GestureEvent imu(String session, long seq) {
        return GestureEvent.newBuilder().setSession(session).setSeq(seq).setTimestamp(Instant.ofEpochMilli(1_000 + 10 * seq))
                .setType(EventType.SAMPLE).setSample(ImuSample.newBuilder().setAx(0f).setAy(0f).setAz(1f)
                        .setGx(null).setGy(null).setGz(null).build()).setLabel(null).build();
    }

    /** A recorded gesture as the events a device sends, seq from 1, then END. */
    static List<GestureEvent> of(String session, Gesture g) {
        List<GestureEvent> out = new ArrayList<>();
        long seq = 1;
        for (Sample s : g.samples()) {
            var p = (io.gesturestream.model.features.PenSample) s;
            EventType t = p.phase() == Phase.DOWN ? EventType.DOWN : p.phase() == Phase.UP ? EventType.UP : EventType.MOVE;
            GestureEvent e = pen(session, seq++, t, p.x(), p.y());
            e.setTimestamp(Instant.ofEpochMilli(p.t()));
            out.add(e);
        }
        out.add(end(session, seq));
        return out;
    }
}
