package io.gesturestream.app.topology;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Store {@code gru-sessions-idle}: which sessions of one task fall due for the idle timeout, by
 * when, so that the idle sweep reads the sessions that expire and not every session held. One
 * entry per stored session, keyed by the <em>bucket</em> of the record time at which it falls
 * due (its last record's time plus the timeout, or plus the ended-session retention for an ended
 * gesture's marker) and then the session id; the value is empty. A bucket is one punctuation
 * interval wide, so a session that keeps writing moves to another entry once per interval, not
 * once per event: a pen at 100 events/s and the default 750 ms interval writes the index on
 * one event in 75.
 *
 * <p>The index has no changelog: it is derived data. {@link #rebuild} makes it again from the
 * session store whenever a task starts (after a restore, a rebalance, a crash), so it never
 * disagrees with the sessions after a restart whatever the guarantee, and the brokers carry none
 * of it. Between restarts {@link GruStepProcessor} moves an entry whenever it writes a session; an
 * entry that disagrees all the same (a session that could not be read when it was replaced) is
 * found by the sweep that reaches it, and corrected there.
 *
 * <p>Key: 8 bytes, the bucket big-endian with its sign bit flipped (so that unsigned byte order,
 * RocksDB's, is numeric order), then the session id in UTF-8.
 *
 * <p>Entries leave from the front, as a queue's do, and RocksDB keeps a deleted key's tombstone
 * until a compaction reaches it: a scan from the first key would step over every entry deleted
 * since. So {@link #upTo} starts at a floor, the lowest bucket that can hold an entry: the
 * bucket the last scan reached (everything below it was due and has moved on or gone), lowered
 * by any entry put below it (a late record's session). The floor lives in memory; a new index
 * starts with none, which {@link #clear} makes true.
 */
final class IdleIndex {
    /** No entry: a session that was not stored, or one whose entry is not known. */
    static final long NONE = Long.MIN_VALUE;
    /** The first bucket any sweep reaches: sessions that cannot be read, found when the task starts. */
    static final long AT_ONCE = Long.MIN_VALUE + 1;
    private static final byte[] EMPTY = new byte[0];

    /** An entry: session {@code key}, in bucket {@code bucket}. */
    record Entry(String key, long bucket) {}

    private final KeyValueStore<Bytes, byte[]> store;
    private final long bucketMs;
    /** No entry is in a bucket below this one ({@link #NONE}: not known). */
    private long floor = NONE;

    IdleIndex(KeyValueStore<Bytes, byte[]> store, long bucketMs) {
        if (bucketMs < 1) throw new IllegalArgumentException("bucket width must be >= 1 ms");
        this.store = store;
        this.bucketMs = bucketMs;
    }

    /** The bucket of due time {@code dueMs}. */
    long bucket(long dueMs) {
        return Math.max(AT_ONCE, Math.floorDiv(dueMs, bucketMs));
    }

    /** Session {@code key} moves from bucket {@code from} to {@code to} (either may be {@link #NONE}); nothing is written when they are the same. */
    void move(String key, long from, long to) {
        if (from == to) return;
        if (from != NONE) store.delete(entry(from, key));
        if (to != NONE) {
            store.put(entry(to, key), EMPTY);
            floor = Math.min(floor, to);   // NONE, the lowest long, stays
        }
    }

    /** The entries of every bucket up to {@code bucket}, inclusive, oldest bucket first. */
    List<Entry> upTo(long bucket) {
        List<Entry> out = new ArrayList<>();
        // a bucket's bare prefix sorts before every other entry of that bucket, and is the entry of the empty session id
        // (the key "" is accepted): both bounds are inclusive, so the bucket after this one's "" is skipped below; null: no bound
        Bytes from = floor == NONE ? null : Bytes.wrap(prefix(floor, 0).array());
        Bytes to = bucket == Long.MAX_VALUE ? null : Bytes.wrap(prefix(bucket + 1, 0).array());
        floor = Math.max(floor, bucket);  // (NONE is the lowest long) what this scan returns below it is due, and moves or goes
        try (KeyValueIterator<Bytes, byte[]> it = store.range(from, to)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                ByteBuffer b = ByteBuffer.wrap(kv.key.get());
                if (b.remaining() < 8) continue;  // no key this class writes; 8 bytes: the empty session id's
                long at = b.getLong() ^ Long.MIN_VALUE;
                if (at > bucket) continue;
                out.add(new Entry(new String(b.array(), 8, b.remaining(), StandardCharsets.UTF_8), at));
            }
        }
        return out;
    }

    /** Clears the index: every entry goes (the task starts and rebuilds it). Returns how many there were. */
    long clear() {
        long n = 0;
        List<Bytes> batch = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                batch.add(it.next().key);
                if (batch.size() == 10_000) n += deleteAll(batch);
            }
        }
        floor = NONE;
        return n + deleteAll(batch);
    }

    private long deleteAll(List<Bytes> keys) {
        for (Bytes k : keys) store.delete(k);
        long n = keys.size();
        keys.clear();
        return n;
    }

    private static Bytes entry(long bucket, String key) {
        byte[] id = key.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(prefix(bucket, id.length).put(id).array());
    }

    private static ByteBuffer prefix(long bucket, int extra) {
        return ByteBuffer.allocate(8 + extra).putLong(bucket ^ Long.MIN_VALUE);
    }
}
