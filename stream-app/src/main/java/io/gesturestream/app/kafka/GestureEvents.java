package io.gesturestream.app.kafka;

import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.GestureEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A recorded gesture as the GestureEvents a device sends: seq from {@code firstSeq}, then an END. */
public final class GestureEvents {
    private GestureEvents() {}

    public static List<GestureEvent> of(String session, Gesture g, long firstSeq, long timeOffsetMs) {
        List<GestureEvent> out = new ArrayList<>(g.samples().size() + 1);
        long seq = firstSeq;
        long last = 0;
        for (Sample s : g.samples()) {
            last = s.t() + timeOffsetMs;
            GestureEvent.Builder b = GestureEvent.newBuilder().setSession(session).setSeq(seq++)
                    .setTimestamp(Instant.ofEpochMilli(last)).setLabel(g.label().isEmpty() ? null : g.label());
            if (s instanceof PenSample p) {
                b.setType(switch (p.phase()) {
                    case DOWN -> EventType.DOWN;
                    case MOVE -> EventType.MOVE;
                    case UP -> EventType.UP;
                }).setSample(io.gesturestream.schemas.avro.PenSample.newBuilder().setX(p.x()).setY(p.y())
                        .setPressure(p.hasPressure() ? p.pressure() : null).build());
            } else {
                ImuSample m = (ImuSample) s;
                b.setType(EventType.SAMPLE).setSample(io.gesturestream.schemas.avro.ImuSample.newBuilder()
                        .setAx(m.ax()).setAy(m.ay()).setAz(m.az()).setGx(m.hasGyro() ? m.gx() : null)
                        .setGy(m.hasGyro() ? m.gy() : null).setGz(m.hasGyro() ? m.gz() : null).build());
            }
            out.add(b.build());
        }
        out.add(GestureEvent.newBuilder().setSession(session).setSeq(seq).setTimestamp(Instant.ofEpochMilli(last))
                .setType(EventType.END).setSample(null).setLabel(g.label().isEmpty() ? null : g.label()).build());
        return out;
    }

    /** The model's sample for an event with a sample (DOWN, MOVE, UP or SAMPLE). */
    public static Sample toSample(GestureEvent e) {
        long t = e.getTimestamp().toEpochMilli();
        if (e.getSample() instanceof io.gesturestream.schemas.avro.PenSample p) {
            PenSample.Phase phase = switch (e.getType()) {
                case DOWN -> PenSample.Phase.DOWN;
                case UP -> PenSample.Phase.UP;
                default -> PenSample.Phase.MOVE;
            };
            return new PenSample(phase, p.getX(), p.getY(), p.getPressure() == null ? Float.NaN : p.getPressure(), t);
        }
        io.gesturestream.schemas.avro.ImuSample m = (io.gesturestream.schemas.avro.ImuSample) e.getSample();
        return new ImuSample(m.getAx(), m.getAy(), m.getAz(), nan(m.getGx()), nan(m.getGy()), nan(m.getGz()), t);
    }

    private static float nan(Float f) {
        return f == null ? Float.NaN : f;
    }
}
