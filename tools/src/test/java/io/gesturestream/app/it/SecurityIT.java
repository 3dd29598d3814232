package io.gesturestream.app.it;

import io.gesturestream.tools.EmbeddedKafka;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app against a secured broker, configured through the standard client properties alone
 * ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_*}, {@code KAFKA_SSL_*}): SASL with
 * SCRAM-SHA-512, over plaintext and over TLS with a key pair the test generates with
 * {@code keytool}. With the right password every gesture gets its final result; with a wrong one
 * {@code run} stops at start-up with one line saying so.
 */
class SecurityIT {
    private static final String USER = "gesture-app", PASSWORD = "s3cret-Pa55", STORE_PASSWORD = "changeit-123";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void withTheRightCredentialsTheAppWorks(boolean tls) throws Exception {
        EmbeddedKafka.Security security = new EmbeddedKafka.Security(USER, PASSWORD, tls ? keyStore() : null, STORE_PASSWORD);
        Model model = Model.bundled("pendigits");
        List<Gesture> gestures = Fixtures.shapes(2, 1, 41);
        Map<String, List<Float>> expected = ItSupport.offlineFinals(model, gestures, "sec");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, security)) {
            Map<String, String> env = new HashMap<>(clientEnv(kafka, security, PASSWORD));
            env.putAll(Map.of("KAFKA_STATE_DIR", dir.resolve("state").toString(), "GESTURE_APPLICATION_ID", "secured",
                    "GESTURE_IDLE_TIMEOUT_MS", "600000"));
            Process app = ItSupport.startApp(env, dir.resolve("app.log"));
            try {
                ItSupport.awaitLine(dir.resolve("app.log"), "gesture-stream running", app);
                Properties client = clientProperties(kafka, security, PASSWORD);
                ItSupport.Finals finals = new ItSupport.Finals(expected);
                try (KafkaProducer<String, GestureEvent> producer = new KafkaProducer<>(client, new StringSerializer(),
                        GestureSerdes.gestureEvent().serializer());
                     KafkaConsumer<String, Prediction> results = consumer(client)) {
                    for (GestureEvent e : ItSupport.interleaved(gestures, "sec")) {
                        producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, e.getSession(), e));
                    }
                    producer.flush();
                    results.subscribe(List.of(Names.RESULTS_TOPIC));
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                    while (finals.counts.size() < gestures.size() && System.nanoTime() < until) finals.poll(results, Names.RESULTS_TOPIC);
                }
                assertEquals(List.of(), finals.mismatches);
                assertEquals(gestures.size(), finals.counts.size(), "gestures answered through the secured cluster");
            } finally {
                ItSupport.stop(app);
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void withAWrongPasswordRunStopsAtStartUpWithOneLine() throws Exception {
        EmbeddedKafka.Security security = new EmbeddedKafka.Security(USER, PASSWORD, null, null);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, security)) {
            Map<String, String> env = new HashMap<>(clientEnv(kafka, security, "not-the-password"));
            env.put("KAFKA_STATE_DIR", dir.resolve("state").toString());
            Path log = dir.resolve("wrong.log");
            Process app = ItSupport.startApp(env, log);
            try {
                assertTrue(app.waitFor(60, TimeUnit.SECONDS), "run gave up instead of retrying forever");
                assertEquals(1, app.exitValue());
                // the JVM's own note on the incubator module aside, the output is that one line
                List<String> errors = Files.readAllLines(log).stream()
                        .filter(l -> !l.isBlank() && !l.startsWith("WARNING: Using incubator modules")).toList();
                assertEquals(1, errors.size(), Files.readString(log));
                assertTrue(errors.get(0).startsWith("error: authentication to Kafka at " + kafka.bootstrapServers() + " failed"),
                        errors.get(0));
                assertTrue(Files.readAllLines(log).stream().noneMatch(l -> l.contains("gesture-stream running")));
            } finally {
                app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The client settings an operator would set, as environment variables. */
    private Map<String, String> clientEnv(EmbeddedKafka kafka, EmbeddedKafka.Security s, String password) {
        Map<String, String> env = new HashMap<>();
        clientProperties(kafka, s, password).forEach((k, v) ->
                env.put("KAFKA_" + k.toString().toUpperCase(java.util.Locale.ROOT).replace('.', '_'), v.toString()));
        return env;
    }

    private Properties clientProperties(EmbeddedKafka kafka, EmbeddedKafka.Security s, String password) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("security.protocol", s.protocol());
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + s.user() + "\" password=\"" + password + "\";");
        if (s.keyStore() != null) {
            p.put("ssl.truststore.type", "PEM");
            p.put("ssl.truststore.location", dir.resolve("broker.pem").toString());
        }
        return p;
    }

    private static KafkaConsumer<String, Prediction> consumer(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put("group.id", "security-it-" + System.nanoTime());
        p.put("auto.offset.reset", "earliest");
        return new KafkaConsumer<>(p, new StringDeserializer(), GestureSerdes.prediction().deserializer());
    }

    /** A self-signed key pair for 127.0.0.1 in a PKCS12 key store, and its certificate (PEM) for the clients to trust. */
    private Path keyStore() throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path store = dir.resolve("broker.p12");
        exec(keytool, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        exec(keytool, "-exportcert", "-rfc", "-alias", "broker", "-keystore", store.toString(), "-storepass", STORE_PASSWORD,
                "-file", dir.resolve("broker.pem").toString());
        return store;
    }

    private static void exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
    }
}
