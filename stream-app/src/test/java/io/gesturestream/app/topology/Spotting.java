package io.gesturestream.app.topology;

import io.gesturestream.model.Model;
import io.gesturestream.model.SpotFixture;
import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.features.Sample;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.GestureEvent;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link SpotFixture}'s spotting model, kept in this module's {@code target/}, and its streams as events. */
final class Spotting {
    private Spotting() {}

    /** The fixture's spotting model, kept in this module's {@code target/}. */
    static Model model() {
        try {
            return SpotFixture.model(Path.of(Spotting.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stream's samples as session {@code session}'s events, seq from 1, event and record time {@code t0} plus the sample's. */
    static List<GestureEvent> events(String session, List<Sample> samples, long t0) {
        List<GestureEvent> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            ImuSample m = (ImuSample) samples.get(i);
            out.add(GestureEvent.newBuilder().setSession(session).setSeq(i + 1).setTimestamp(Instant.ofEpochMilli(t0 + m.t()))
                    .setType(EventType.SAMPLE).setSample(io.gesturestream.schemas.avro.ImuSample.newBuilder().setAx(m.ax()).setAy(m.ay())
                            .setAz(m.az()).setGx(null).setGy(null).setGz(null).build()).setLabel(null).build());
        }
        return out;
    }
}
