package io.gesturestream.app.ops;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.data.Json;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The JSON bodies of the endpoints: the same text as when they were written by hand. */
class HttpEndpointsTest {

    @Test
    void healthBodies() {
        for (KafkaStreams.State s : KafkaStreams.State.values()) {
            for (boolean up : new boolean[] {true, false}) {
                assertEquals("{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"kafkaStreams\":\"" + s + "\"}",
                        HttpEndpoints.json(HttpEndpoints.Health.of(up, s)));
            }
        }
    }

    @Test
    void modelBodyIsWhatPublishModelReads() throws Exception {
        for (Model m : List.of(Model.bundled("pendigits"), Fixtures.tinyImuModel(), Fixtures.tinyModel(4, 1, 1).withInfo("a \"quoted\" name", "v\\2", Map.of()))) {
            String body = HttpEndpoints.json(HttpEndpoints.ServedModel.of(m));
            String kind = m.encoder().kind().name().toLowerCase(java.util.Locale.ROOT);
            assertEquals("{\"name\":" + Json.quote(m.name()) + ",\"version\":" + Json.quote(m.version()) + ",\"checksum\":\""
                    + String.format("%08x", m.checksum()) + "\",\"input\":\"" + kind + "\"}", body);
            // as publish-model --app reads it
            assertEquals(Map.of("name", m.name(), "version", m.version(), "checksum", String.format("%08x", m.checksum()), "input", kind),
                    Json.parse(body));
        }
    }

    @Test
    void errorBody() {
        assertEquals("{\"error\":\"the instance that owns this session (10.0.0.7:8080) did not answer\"}",
                HttpEndpoints.json(new HttpEndpoints.Problem("the instance that owns this session (10.0.0.7:8080) did not answer")));
        assertEquals("{\"error\":\"a \\\"quoted\\\" word\"}", HttpEndpoints.json(new HttpEndpoints.Problem("a \"quoted\" word")));
    }
}
