package io.gesturestream.app.kafka;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateResetTest {
    @TempDir
    Path dir;

    static TopicPartition tp(String topic, int p) {
        return new TopicPartition(topic, p);
    }

    @Test
    void checkpointFilesAreReadAsKafkaStreamsWritesThem() throws Exception {
        Path f = dir.resolve(".checkpoint");
        Files.writeString(f, "0\n3\napp-gru-sessions-changelog 0 39\napp-gru-sessions-changelog 1 -4\ngesture-models 0 5\n");
        assertEquals(Map.of(tp("app-gru-sessions-changelog", 0), 39L, tp("gesture-models", 0), 5L), StateReset.readCheckpoint(f),
                "an unknown offset (-4) is left out");
        Files.writeString(f, "0\n0\n");
        assertEquals(Map.of(), StateReset.readCheckpoint(f));
        Files.writeString(f, "0\n1\na-topic-with-dashes  2\t7\n");
        assertEquals(Map.of(tp("a-topic-with-dashes", 2), 7L), StateReset.readCheckpoint(f), "any whitespace between fields");
        // what Kafka Streams would refuse to read is not used
        Files.writeString(f, "1\n1\nt 0 5\n");
        assertEquals(Map.of(), StateReset.readCheckpoint(f), "unknown version");
        Files.writeString(f, "0\n2\nt 0 5\n");
        assertEquals(Map.of(), StateReset.readCheckpoint(f), "fewer entries than announced");
        Files.writeString(f, "0\n1\nt zero 5\n");
        assertEquals(Map.of(), StateReset.readCheckpoint(f), "malformed line");
        Files.writeString(f, "");
        assertEquals(Map.of(), StateReset.readCheckpoint(f), "empty");
    }

    @Test
    void aRocksDbStoreKeepsItsOffsetsInAColumnFamily() throws Exception {
        Path db = dir.resolve("store");
        writeStore(db, Map.of("status", 0L, "app-gru-sessions-changelog-3", 39L, "gesture-models-0", 1L, "other-changelog-1", -4L));
        assertEquals(Map.of(tp("app-gru-sessions-changelog", 3), 39L, tp("gesture-models", 0), 1L), StateReset.readStoreOffsets(db));
        assertEquals(Map.of(), StateReset.readStoreOffsets(dir.resolve("not-a-store")));
    }

    @Test
    void localOffsetsComeFromEveryStoreAndCheckpointOfTheApplication() throws Exception {
        Path app = dir.resolve("gesture-stream");
        writeStore(app.resolve("global/rocksdb/gesture-models-store"), Map.of("gesture-models-0", 5L));
        writeStore(app.resolve("0_0/rocksdb/gru-sessions"), Map.of("gesture-stream-gru-sessions-changelog-0", 39L));
        Files.createDirectories(app.resolve("0_1"));
        Files.writeString(app.resolve("0_1/.checkpoint"), "0\n1\ngesture-stream-gru-sessions-changelog 1 88\n");
        Files.writeString(app.resolve("0_0/.checkpoint"), "0\n1\ngesture-stream-gru-sessions-changelog 0 12\n");
        assertEquals(Map.of(tp("gesture-models", 0), 5L, tp("gesture-stream-gru-sessions-changelog", 0), 39L,
                tp("gesture-stream-gru-sessions-changelog", 1), 88L), StateReset.localOffsets(app), "the larger of two");
        assertEquals(Map.of(), StateReset.localOffsets(dir.resolve("none")));
    }

    @Test
    void anOffsetPastTheLogEndOrOnAMissingPartitionIsAhead() {
        TopicPartition models = tp("gesture-models", 0), s0 = tp("app-gru-sessions-changelog", 0), s1 = tp("app-gru-sessions-changelog", 1);
        assertEquals(Optional.empty(), StateReset.compare(Map.of(models, 5L, s0, 39L), Map.of(models, 5L, s0, 40L)), "behind or at the end");
        assertEquals(Optional.empty(), StateReset.compare(Map.of(s0, 0L), Map.of()), "nothing read from a missing topic: nothing to lose");
        assertEquals(Optional.of("app-gru-sessions-changelog-0: checkpoint 39, not on the cluster; "
                        + "app-gru-sessions-changelog-1: checkpoint 88, log end 3; gesture-models-0: checkpoint 5, log end 0"),
                StateReset.compare(Map.of(models, 5L, s0, 39L, s1, 88L), Map.of(models, 0L, s1, 3L)));
        Map<TopicPartition, Long> many = new LinkedHashMap<>();
        for (int p = 0; p < 7; p++) many.put(tp("c", p), 10L);
        assertEquals(Optional.of("c-0: checkpoint 10, not on the cluster; c-1: checkpoint 10, not on the cluster; "
                + "c-2: checkpoint 10, not on the cluster; c-3: checkpoint 10, not on the cluster; and 3 more"), StateReset.compare(many, Map.of()));
    }

    @Test
    void theApplicationsStateDirectory() {
        Properties p = new Properties();
        p.put("application.id", "gesture-stream");
        p.put("state.dir", dir.toString());
        assertEquals(dir.resolve("gesture-stream"), StateReset.appStateDir(p));
        p.remove("state.dir");
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams", "gesture-stream").toAbsolutePath(), StateReset.appStateDir(p));
    }

    @Test
    void noLocalStateMeansNothingToCompareAndNoClusterToAsk() {
        Properties nowhere = new Properties();
        nowhere.put("bootstrap.servers", "127.0.0.1:1");
        assertEquals(Optional.empty(), StateReset.aheadOfCluster(nowhere, dir.resolve("absent")));
        List<String> log = new ArrayList<>();
        assertFalse(StateReset.resetIfAhead(nowhere, dir.resolve("absent"), log::add));
        assertEquals(List.of(), log);
    }

    @Test
    void wipeDeletesTheDirectoryUnlessAnInstanceHoldsIt() throws Exception {
        Path app = dir.resolve("gesture-stream");
        writeStore(app.resolve("0_0/rocksdb/gru-sessions"), Map.of("c-0", 1L));
        Files.writeString(app.resolve(".lock"), "");
        try (FileChannel ch = FileChannel.open(app.resolve(".lock"), StandardOpenOption.WRITE); FileLock held = ch.lock()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> StateReset.wipe(app));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            assertTrue(Files.isDirectory(app.resolve("0_0")));
        }
        StateReset.wipe(app);
        assertFalse(Files.exists(app));
        StateReset.wipe(app);  // nothing there: nothing to do
    }

    /** A RocksDB database with an {@code offsets} column family holding these entries, as Kafka Streams 4.4 writes them. */
    static void writeStore(Path db, Map<String, Long> offsets) throws Exception {
        RocksDB.loadLibrary();
        Files.createDirectories(db);
        List<ColumnFamilyDescriptor> families = List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY),
                new ColumnFamilyDescriptor("offsets".getBytes(StandardCharsets.UTF_8)));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions o = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
             RocksDB rocks = RocksDB.open(o, db.toString(), families, handles)) {
            rocks.put(handles.get(1), "position".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
            for (var e : offsets.entrySet()) {
                rocks.put(handles.get(1), e.getKey().getBytes(StandardCharsets.UTF_8), ByteBuffer.allocate(8).putLong(e.getValue()).array());
            }
            handles.forEach(ColumnFamilyHandle::close);
        }
    }
}
