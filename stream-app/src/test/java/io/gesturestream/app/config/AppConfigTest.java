package io.gesturestream.app.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AppConfigTest {
    @Test
    void defaultsWhenNothingIsSet() {
        AppConfig c = AppConfig.fromEnv(Map.of());
        assertEquals("pendigits", c.model());
        assertEquals("gesture-stream", c.applicationId());
        assertEquals(PredictionMode.EVERY, c.stream().predictionMode());
        assertEquals(Duration.ofSeconds(3), c.stream().idleTimeout());
        assertEquals("127.0.0.1:9092", c.kafka().getProperty("bootstrap.servers"));
        assertEquals("5", c.streamsProperties().getProperty("producer.linger.ms"));
    }

    @Test
    void environmentOverridesTheFileAndKafkaVariablesBecomeProperties() {
        Properties file = new Properties();
        file.put("gesture.model", "dollar16");
        file.put("gesture.predictions", "final");
        file.put("bootstrap.servers", "file:9092");
        file.put("security.protocol", "SASL_SSL");
        AppConfig c = AppConfig.from(file, Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092", "GESTURE_PREDICTIONS", "change",
                "KAFKA_PRODUCER_LINGER_MS", "0", "GESTURE_CREATE_TOPICS", "false"));
        assertEquals("dollar16", c.model());
        assertEquals(PredictionMode.CHANGE, c.stream().predictionMode());
        assertEquals("env:9092", c.kafka().getProperty("bootstrap.servers"));
        assertEquals("SASL_SSL", c.streamsProperties().getProperty("security.protocol"));
        assertEquals("0", c.streamsProperties().getProperty("producer.linger.ms"));
        assertFalse(c.createTopics());
    }

    @Test
    void badValuesAreRefusedWithTheVariableName() {
        var e = assertThrows(IllegalArgumentException.class, () -> AppConfig.fromEnv(Map.of("GESTURE_IDLE_TIMEOUT_MS", "soon")));
        assertEquals("GESTURE_IDLE_TIMEOUT_MS must be a whole number, got 'soon'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AppConfig.fromEnv(Map.of("GESTURE_PREDICTIONS", "sometimes")));
        assertThrows(IllegalArgumentException.class, () -> AppConfig.fromEnv(Map.of("GESTURE_MAX_EVENTS", "0")));
    }
}
