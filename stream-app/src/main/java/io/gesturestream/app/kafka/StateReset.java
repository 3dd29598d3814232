package io.gesturestream.app.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.StreamsConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Local Kafka Streams state that is ahead of the cluster: the state directory was kept while the
 * cluster was reset (a local broker restarted with its data deleted, say). Kafka Streams 4.4 then
 * fails at start ({@code Updating global state failed}, {@code OffsetOutOfRangeException} on
 * {@code gesture-models}), so {@code run} checks before it starts, and starts afresh if so.
 *
 * <p>Where the offsets are: Kafka Streams 4.4 keeps a RocksDB store's changelog (or, for a global
 * store, source topic) offsets inside the store, in a column family {@code offsets}, key
 * {@code topic-partition}, value a big-endian long (KIP-1035); it writes no {@code .checkpoint}
 * file for them. Stores that do not manage their offsets, and state written by earlier
 * versions, have a {@code .checkpoint} file per task directory ({@code OffsetCheckpoint}: a
 * version line {@code 0}, a count line, then {@code topic partition offset} lines). Both are read.
 * An offset is ahead when it is past the partition's log end on the cluster, or when the topic
 * or partition is not there at all (topics are compared by name and partition, not by broker).
 */
public final class StateReset {
    private StateReset() {}

    private static final byte[] OFFSETS_FAMILY = "offsets".getBytes(StandardCharsets.UTF_8);
    private static final String CHECKPOINT_FILE = ".checkpoint";
    private static final int SHOWN = 4;
    private static final long TIMEOUT_MS = 15_000;

    /** {@code state.dir/application.id} for these Kafka Streams properties; {@code state.dir} defaults as in Kafka Streams. */
    public static Path appStateDir(Properties streamsProps) {
        String dir = streamsProps.getProperty(StreamsConfig.STATE_DIR_CONFIG,
                (String) StreamsConfig.configDef().defaultValues().get(StreamsConfig.STATE_DIR_CONFIG));
        return Path.of(dir).toAbsolutePath().resolve(streamsProps.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
    }

    /**
     * Checks, and when the local state is ahead of the cluster, wipes it and writes one line to
     * {@code log}. Call it before creating the {@code KafkaStreams}. When the check itself fails
     * (an authorization error, say), it writes a line saying so and leaves the state alone.
     *
     * @return whether it wiped the state
     */
    public static boolean resetIfAhead(Properties kafkaClientProps, Path appStateDir, Consumer<String> log) {
        Optional<String> ahead;
        try {
            ahead = aheadOfCluster(kafkaClientProps, appStateDir);
        } catch (IllegalStateException e) {
            log.accept("could not compare the state in " + appStateDir + " with the cluster, starting with it as it is: " + e.getMessage());
            return false;
        }
        if (ahead.isEmpty()) return false;
        wipe(appStateDir);
        log.accept("state in " + appStateDir + " is ahead of the cluster (" + ahead.get()
                + "): the cluster was reset; starting with empty local state");
        return true;
    }

    /**
     * The offsets in {@code appStateDir} that are ahead of the cluster, as
     * {@code "gesture-models-0: checkpoint 5, log end 0; app-gru-sessions-changelog-1: checkpoint 88, not on the cluster"},
     * or empty when none is (or there is no local state).
     *
     * @throws IllegalStateException when the cluster cannot tell (unreachable, not authorized)
     */
    public static Optional<String> aheadOfCluster(Properties kafkaClientProps, Path appStateDir) {
        Map<TopicPartition, Long> local = localOffsets(appStateDir);
        if (local.isEmpty()) return Optional.empty();
        return compare(local, logEnds(kafkaClientProps, local.keySet()));
    }

    /**
     * Deletes the application's state directory, as {@code KafkaStreams.cleanUp()} would, but
     * refuses while another Kafka Streams instance holds it (its {@code .lock}).
     */
    public static void wipe(Path appStateDir) {
        if (!Files.isDirectory(appStateDir)) return;
        if (appStateDir.toAbsolutePath().getParent() == null) throw new IllegalArgumentException("refusing to delete " + appStateDir);
        Path lock = appStateDir.resolve(".lock");
        try {
            if (Files.exists(lock)) {
                try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE); FileLock l = ch.tryLock()) {
                    if (l == null) throw new IllegalStateException(appStateDir + " is in use by another Kafka Streams instance");
                } catch (OverlappingFileLockException e) {
                    throw new IllegalStateException(appStateDir + " is in use by a Kafka Streams instance in this JVM", e);
                }
            }
            try (Stream<Path> s = Files.walk(appStateDir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + appStateDir + ": " + e.getMessage(), e);
        }
    }

    /** Each offset that is ahead of its log end, or whose partition is missing from {@code logEnds}, in topic-partition order. */
    static Optional<String> compare(Map<TopicPartition, Long> local, Map<TopicPartition, Long> logEnds) {
        List<String> ahead = new ArrayList<>();
        Map<TopicPartition, Long> sorted = new TreeMap<>(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        sorted.putAll(local);
        sorted.forEach((tp, offset) -> {
            Long end = logEnds.get(tp);
            if (end == null && offset > 0) ahead.add(tp + ": checkpoint " + offset + ", not on the cluster");
            else if (end != null && offset > end) ahead.add(tp + ": checkpoint " + offset + ", log end " + end);
        });
        if (ahead.isEmpty()) return Optional.empty();
        String shown = String.join("; ", ahead.subList(0, Math.min(SHOWN, ahead.size())));
        return Optional.of(ahead.size() <= SHOWN ? shown : shown + "; and " + (ahead.size() - SHOWN) + " more");
    }

    /** Every offset recorded under {@code appStateDir}: RocksDB stores' own offsets and {@code .checkpoint} files; the larger if both. */
    static Map<TopicPartition, Long> localOffsets(Path appStateDir) {
        Map<TopicPartition, Long> all = new HashMap<>();
        if (!Files.isDirectory(appStateDir)) return all;
        // <app>/<task or global>/.checkpoint, and <app>/<task or global>/rocksdb/<store>/CURRENT (a RocksDB database)
        try (Stream<Path> s = Files.find(appStateDir, 4, (p, a) -> a.isRegularFile()
                && (p.getFileName().toString().equals(CHECKPOINT_FILE) || p.getFileName().toString().equals("CURRENT")))) {
            for (Path p : s.toList()) {
                Map<TopicPartition, Long> found = p.getFileName().toString().equals(CHECKPOINT_FILE) ? readCheckpoint(p)
                        : readStoreOffsets(p.getParent());
                found.forEach((tp, o) -> all.merge(tp, o, Math::max));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + appStateDir + ": " + e.getMessage(), e);
        }
        return all;
    }

    /** A {@code .checkpoint} file's offsets (unknown ones, -4, left out); none when the file is not one Kafka Streams could read. */
    static Map<TopicPartition, Long> readCheckpoint(Path file) {
        Map<TopicPartition, Long> out = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (!"0".equals(strip(r.readLine()))) return Map.of();  // version 0 is the only one there is
            int count = Integer.parseInt(strip(r.readLine()));
            for (int i = 0; i < count; i++) {
                String[] f = strip(r.readLine()).split("\\s+");
                if (f.length != 3) return Map.of();
                long offset = Long.parseLong(f[2]);
                if (offset >= 0) out.put(new TopicPartition(f[0], Integer.parseInt(f[1])), offset);
            }
            return out;
        } catch (IOException | RuntimeException malformed) {  // NumberFormatException, or the file ended early
            return Map.of();
        }
    }

    private static String strip(String line) {
        if (line == null) throw new IllegalArgumentException("file ended early");
        return line.strip();
    }

    /** The offsets a RocksDB store keeps in its {@code offsets} column family; none if it has none or cannot be read. */
    static Map<TopicPartition, Long> readStoreOffsets(Path db) {
        RocksDB.loadLibrary();
        Map<TopicPartition, Long> out = new HashMap<>();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (Options listing = new Options(); ColumnFamilyOptions cf = new ColumnFamilyOptions(); DBOptions options = new DBOptions()) {
            List<byte[]> families = RocksDB.listColumnFamilies(listing, db.toString());
            int offsets = indexOf(families, OFFSETS_FAMILY);
            if (offsets < 0) return out;
            List<ColumnFamilyDescriptor> all = families.stream().map(f -> new ColumnFamilyDescriptor(f, cf)).toList();
            try (RocksDB rocks = RocksDB.openReadOnly(options, db.toString(), all, handles);
                 RocksIterator it = rocks.newIterator(handles.get(offsets))) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    // besides topic-partition keys, the family holds "status" and "position"
                    String key = new String(it.key(), StandardCharsets.UTF_8);
                    int dash = key.lastIndexOf('-');
                    byte[] value = it.value();
                    if (dash <= 0 || value.length != Long.BYTES) continue;
                    try {
                        long offset = ByteBuffer.wrap(value).getLong();
                        if (offset >= 0) out.put(new TopicPartition(key.substring(0, dash), Integer.parseInt(key.substring(dash + 1))), offset);
                    } catch (NumberFormatException notAPartition) {
                        // another kind of entry
                    }
                }
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        } catch (RocksDBException unreadable) {
            // not a store this check understands: Kafka Streams decides about it as it always does
        }
        return out;
    }

    private static int indexOf(List<byte[]> families, byte[] name) {
        for (int i = 0; i < families.size(); i++) if (Arrays.equals(families.get(i), name)) return i;
        return -1;
    }

    /** The log end offset of each of {@code parts} that exists on the cluster; missing topics and partitions are left out. */
    static Map<TopicPartition, Long> logEnds(Properties client, Set<TopicPartition> parts) {
        Properties p = new Properties();
        p.putAll(client);
        p.putIfAbsent("default.api.timeout.ms", Long.toString(TIMEOUT_MS));
        p.putIfAbsent(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        Set<String> topics = parts.stream().map(TopicPartition::topic).collect(Collectors.toSet());
        try (Admin admin = Admin.create(p)) {
            Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics).topicNameValues();
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            for (String topic : topics) {
                Set<Integer> existing;
                try {
                    existing = described.get(topic).get(TIMEOUT_MS, TimeUnit.MILLISECONDS).partitions().stream()
                            .map(TopicPartitionInfo::partition).collect(Collectors.toSet());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) continue;
                    throw e;
                }
                for (TopicPartition tp : parts) if (tp.topic().equals(topic) && existing.contains(tp.partition())) ask.put(tp, OffsetSpec.latest());
            }
            ListOffsetsResult ends = admin.listOffsets(ask);
            Map<TopicPartition, Long> out = new HashMap<>();
            for (TopicPartition tp : ask.keySet()) out.put(tp, ends.partitionResult(tp).get(TIMEOUT_MS, TimeUnit.MILLISECONDS).offset());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka at " + client.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) + " within "
                    + TIMEOUT_MS / 1000 + " s", e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
