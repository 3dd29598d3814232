package io.gesturestream.app.topology;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The idle index on an in-memory store, which orders keys as RocksDB does (unsigned bytes);
 * on RocksDB itself it runs in {@link GestureTopologyTest}'s idle tests and the integration tests.
 */
class IdleIndexTest {
    private KeyValueStore<Bytes, byte[]> store;
    private IdleIndex index;

    @BeforeEach
    void setUp() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Names.IDLE_INDEX_STORE), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        index = new IdleIndex(store, 500);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void bucketsAreIntervalsOfTheWidthRoundedDown() {
        assertEquals(0, index.bucket(0));
        assertEquals(0, index.bucket(499));
        assertEquals(1, index.bucket(500));
        assertEquals(-1, index.bucket(-1), "floor, not truncation");
        assertEquals(IdleIndex.AT_ONCE, new IdleIndex(store, 1).bucket(Long.MIN_VALUE), "no bucket is NONE or before AT_ONCE");
        assertThrows(IllegalArgumentException.class, () -> new IdleIndex(store, 0));
    }

    @Test
    void upToGivesEveryBucketUpToItInclusiveInBucketOrderAcrossTheSign() {
        index.move("c", IdleIndex.NONE, 7);
        index.move("a", IdleIndex.NONE, -3);
        index.move("b", IdleIndex.NONE, 7);
        index.move("z", IdleIndex.NONE, IdleIndex.AT_ONCE);
        index.move("late", IdleIndex.NONE, 8);
        index.move("max", IdleIndex.NONE, Long.MAX_VALUE);
        assertEquals(List.of(new IdleIndex.Entry("z", IdleIndex.AT_ONCE), new IdleIndex.Entry("a", -3),
                new IdleIndex.Entry("b", 7), new IdleIndex.Entry("c", 7)), index.upTo(7));
        assertEquals(6, new IdleIndex(store, 500).upTo(Long.MAX_VALUE).size(), "a new index has no floor");
    }

    @Test
    void aScanStartsWhereTheLastEndedUnlessAnEntryWasPutBelowIt() {
        index.move("a", IdleIndex.NONE, 2);
        index.move("b", IdleIndex.NONE, 5);
        assertEquals(List.of(new IdleIndex.Entry("a", 2)), index.upTo(4));
        index.move("a", 2, 9);  // what the sweep does with what it was given: a moves on
        assertEquals(List.of(new IdleIndex.Entry("b", 5)), index.upTo(6));
        index.move("b", 5, IdleIndex.NONE);
        index.move("late", IdleIndex.NONE, 1);  // a late record's session, below where the scans got to
        assertEquals(List.of(new IdleIndex.Entry("late", 1)), index.upTo(6));
        index.move("late", 1, IdleIndex.NONE);
        index.move("left", IdleIndex.NONE, 3);
        assertEquals(List.of(new IdleIndex.Entry("left", 3), new IdleIndex.Entry("a", 9)), index.upTo(9));
        index.clear();
        index.move("x", IdleIndex.NONE, -100);
        assertEquals(List.of(new IdleIndex.Entry("x", -100)), index.upTo(0), "a cleared index has no floor");
    }

    @Test
    void moveReplacesTheEntry() {
        index.move("s", IdleIndex.NONE, 4);
        index.move("s", 4, 9);
        assertEquals(List.of(new IdleIndex.Entry("s", 9)), entries());
        index.move("s", 9, 9);
        assertEquals(List.of(new IdleIndex.Entry("s", 9)), entries());
        index.move("s", 9, IdleIndex.NONE);
        assertEquals(List.of(), entries());
    }

    @Test
    void sessionIdsOfAnyCharactersComeBackAsTheyWent() {
        String id = "pen/ü\u0000✓-" + "x".repeat(300);
        index.move(id, IdleIndex.NONE, 2);
        assertEquals(List.of(new IdleIndex.Entry(id, 2)), index.upTo(2));
    }

    @Test
    void clearRemovesEveryEntryAndSaysHowMany() {
        for (int i = 0; i < 25_000; i++) index.move("s" + i, IdleIndex.NONE, i % 13);
        assertEquals(25_000, index.clear());
        assertEquals(0, store.approximateNumEntries());
    }

    /** Every entry, as a new index (no floor) sees them. */
    private List<IdleIndex.Entry> entries() {
        return new IdleIndex(store, 500).upTo(Long.MAX_VALUE);
    }

    @Test
    void anEmptySessionIdIsAnEntryLikeAnyOther() {
        index.move("", IdleIndex.NONE, 2);
        index.move("a", IdleIndex.NONE, 3);
        assertEquals(List.of(new IdleIndex.Entry("", 2)), index.upTo(2));
        index.move("", 2, 3);
        assertEquals(List.of(new IdleIndex.Entry("", 3), new IdleIndex.Entry("a", 3)), index.upTo(3));
        assertEquals(List.of(new IdleIndex.Entry("", 3), new IdleIndex.Entry("a", 3)), entries());
    }

    /**
     * Below the floor the store can hold only what the scans' sessions left behind (tombstones, on
     * RocksDB), so a scan does not read there: an entry put there behind the index's back stands
     * in for them, and is not returned.
     */
    @Test
    void aScanDoesNotReadBelowTheFloorTheLastScanReached() {
        index.move("a", IdleIndex.NONE, 4);
        assertEquals(List.of(new IdleIndex.Entry("a", 4)), index.upTo(6));  // the floor: 6
        index.move("a", 4, IdleIndex.NONE);
        new IdleIndex(store, 500).move("behind", IdleIndex.NONE, 5);
        assertEquals(List.of(), index.upTo(3), "a clock that went back: the floor stays");
        assertEquals(List.of(), index.upTo(7));
        new IdleIndex(store, 500).move("behind-too", IdleIndex.NONE, 6);
        index.move("b", IdleIndex.NONE, 8);
        assertEquals(List.of(new IdleIndex.Entry("b", 8)), index.upTo(9), "the floor rose to 7");
    }
}
