package io.gesturestream.tools;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import io.gesturestream.app.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) inside this JVM, for
 * {@code demo}, {@code broker} and the integration tests. It listens on 127.0.0.1 only, on free
 * ports unless given one, and keeps its log in a fresh temporary folder that {@link #close()}
 * deletes.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final Path logDir;
    private final int port, internalPort;
    private final KafkaRaftServer server;

    private EmbeddedKafka(Path logDir, int port, int internalPort, KafkaRaftServer server) {
        this.logDir = logDir;
        this.port = port;
        this.internalPort = internalPort;
        this.server = server;
    }

    /**
     * Authentication on the client listener: SASL with SCRAM-SHA-512 for one user, over TLS when
     * a key store (PKCS12, password {@code storePassword}) is given, else over plaintext.
     */
    public record Security(String user, String password, Path keyStore, String storePassword) {
        public String protocol() {
            return keyStore == null ? "SASL_PLAINTEXT" : "SASL_SSL";
        }
    }

    public static EmbeddedKafka start() {
        return start(0, null);
    }

    /** A broker whose client listener is 127.0.0.1:{@code port} (0: a free port). */
    public static EmbeddedKafka start(int port) {
        return start(port, null);
    }

    /**
     * A broker whose client listener is 127.0.0.1:{@code port} (0: a free port), secured when
     * {@code security} is given; the broker itself and {@link #createTopics} use a second,
     * plaintext listener on 127.0.0.1.
     */
    public static EmbeddedKafka start(int port, Security security) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        try {
            Path dir = Files.createTempDirectory("gesture-kafka-");
            // every listener on a port of its own: found together, so that two lookups cannot return the same one
            int[] free = freePorts(3, port);
            if (port == 0) port = free[0];
            int controller = free[1], internal = security == null ? port : free[2];
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.voters", "1@127.0.0.1:" + controller);
            p.put("controller.listener.names", "CONTROLLER");
            if (security == null) {
                p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller);
                p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
                p.put("inter.broker.listener.name", "PLAINTEXT");
                p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
            } else {
                p.put("listeners", "CLIENT://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + internal
                        + ",CONTROLLER://127.0.0.1:" + controller);
                p.put("advertised.listeners", "CLIENT://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + internal);
                p.put("inter.broker.listener.name", "INTERNAL");
                p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,CLIENT:" + security.protocol());
                p.put("listener.name.client.sasl.enabled.mechanisms", "SCRAM-SHA-512");
                p.put("listener.name.client.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
                if (security.keyStore() != null) {
                    p.put("listener.name.client.ssl.keystore.type", "PKCS12");
                    p.put("listener.name.client.ssl.keystore.location", security.keyStore().toString());
                    p.put("listener.name.client.ssl.keystore.password", security.storePassword());
                    p.put("listener.name.client.ssl.key.password", security.storePassword());
                }
            }
            p.put("log.dirs", dir.resolve("log").toString());
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "1");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("auto.create.topics.enable", "false");
            p.put("log.cleaner.dedupe.buffer.size", "2097152");
            Path file = dir.resolve("server.properties");
            try (var w = Files.newBufferedWriter(file)) {
                p.store(w, "gesture-stream embedded broker");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<String> format = new java.util.ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(), "-c", file.toString()));
            if (security != null) {
                // the user's SCRAM credential goes into the cluster metadata when the storage is formatted
                format.addAll(List.of("--add-scram",
                        "SCRAM-SHA-512=[name=" + security.user() + ",password=" + security.password() + "]"));
            }
            int rc = StorageTool.execute(format.toArray(String[]::new), new PrintStream(out));
            if (rc != 0) throw new IllegalStateException("formatting the broker's storage failed: " + out);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p), Time.SYSTEM);
            server.startup();
            return new EmbeddedKafka(dir, port, internal, server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * Creates the app's topics ({@code partitions} partitions each, the models topic as
     * {@link Topics} makes it) and returns the app's configuration for this broker, with its
     * state in {@code stateDir}.
     */
    public io.gesturestream.app.config.AppConfig prepareApp(int partitions, String applicationId, Path stateDir) {
        createAppTopics(partitions);
        return io.gesturestream.app.config.AppConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers(),
                "KAFKA_STATE_DIR", stateDir.toString(), "GESTURE_APPLICATION_ID", applicationId, "GESTURE_HTTP_PORT", "-1"));
    }

    /** Creates the app's topics, replication 1, and waits until the broker lists them. */
    public void createAppTopics(int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + internalPort))) {
            admin.createTopics(Topics.APP_TOPICS.stream().map(n -> Topics.newTopic(n, partitions, (short) 1)).toList()).all().get();
            Topics.awaitVisible(admin, Topics.APP_TOPICS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("creating topics failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        try (Stream<Path> s = Files.walk(logDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp folder
        }
    }

    /**
     * {@code n} free ports on the loopback, different from each other and from {@code taken}: their
     * sockets are held open together until all are found. (One socket opened and closed per port
     * can give the same port twice; the broker then refuses two listeners on it.)
     */
    public static int[] freePorts(int n, int taken) throws IOException {
        List<ServerSocket> open = new java.util.ArrayList<>();
        try {
            int[] out = new int[n];
            for (int i = 0; i < n; ) {
                ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                open.add(s);
                if (s.getLocalPort() != taken) out[i++] = s.getLocalPort();
            }
            return out;
        } finally {
            for (ServerSocket s : open) s.close();
        }
    }
}
