package io.gesturestream.tools.bench;

import io.gesturestream.app.kafka.StreamsLifecycle;
import io.gesturestream.app.config.AppConfig;
import io.gesturestream.tools.EmbeddedKafka;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.Model;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code bench memory}: what N live sessions cost. A broker and the app in this JVM; N sessions
 * each mid-gesture (three events, no END); then the stored bytes per session (key and value, as
 * the store and its changelog hold them), and the JVM's heap (after GC) and resident set, before
 * the sessions and with them.
 */
public final class MemoryBench {
    /** Sizes in bytes. */
    public record Result(int sessions, double valueBytes, double keyBytes, long heapBefore, long heapAfter, long rssBefore,
                         long rssAfter) {}

    private MemoryBench() {}

    public static Result run(int sessions, PrintStream log) throws Exception {
        if (sessions < 1 || sessions > 10_000_000) throw new IllegalArgumentException("--sessions must be in [1, 10000000]");
        Path state = Files.createTempDirectory("gesture-memory-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            AppConfig cfg = kafka.prepareApp(4, "memory-bench", state);
            Model model = Model.bundled("pendigits");
            var settings = cfg.stream().withIdleTimeout(Duration.ofHours(1), Duration.ofSeconds(1));
            try (KafkaStreams streams = new KafkaStreams(GestureTopology.build(settings, model), cfg.streamsProperties())) {
                streams.start();
                StreamsLifecycle.awaitRunning(streams, Duration.ofSeconds(60));
                long heapBefore = heapAfterGc(), rssBefore = rss();
                RestoreBench.produceLiveSessions(kafka.bootstrapServers(), "mem-", sessions);
                var store = streams.store(StoreQueryParameters.fromNameAndType(Names.SESSIONS_STORE,
                        QueryableStoreTypes.<String, byte[]>keyValueStore()));
                long until = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                long n, values, keys;
                do {
                    Thread.sleep(500);
                    n = 0;
                    values = 0;
                    keys = 0;
                    try (var it = store.all()) {
                        while (it.hasNext()) {
                            var kv = it.next();
                            n++;
                            values += kv.value.length;
                            keys += kv.key.getBytes(StandardCharsets.UTF_8).length;
                        }
                    }
                } while (n < sessions && System.nanoTime() < until);
                if (n < sessions) throw new IllegalStateException("only " + n + " of " + sessions + " sessions after 10 minutes");
                Thread.sleep(2_000);  // the last events of each session applied
                log.printf("%d sessions live%n", n);
                return new Result(sessions, (double) values / n, (double) keys / n, heapBefore, heapAfterGc(), rssBefore, rss());
            }
        } finally {
            RestoreBench.deleteTree(state);
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Resident set size of this process, from /proc (Linux); -1 elsewhere. */
    private static long rss() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
