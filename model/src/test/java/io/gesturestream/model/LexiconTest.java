package io.gesturestream.model;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trie's structure, words and checksum, node by node (issue 19). */
class LexiconTest {
    /** A transcription model over the blank and a, b, c. */
    private static final Model ABC = Fixtures.tinyTranscriber(4, 1, 1);

    @Test
    void nodesAreNumberedInTheOrderTheWordsMakeThem() {
        // "ab": 1 = a, 2 = ab; "b": 3; "abc": 4; "ab" again adds nothing; "a" only marks node 1
        Lexicon lex = Lexicon.of(List.of("ab", "b", "abc", "ab", "a"), ABC);
        assertEquals(5, lex.nodes());
        assertEquals(4, lex.words());
        assertEquals(0, lex.skipped());
        assertEquals(List.of("", "a", "ab", "b", "abc"), List.of(lex.text(0), lex.text(1), lex.text(2), lex.text(3), lex.text(4)));
        assertEquals(List.of("a", "ab", "b", "abc"), lex.wordList(), "node order, each once");
        assertEquals(List.of(0, 1, 2, 2, 3), List.of(lex.symbol(0), lex.symbol(1), lex.symbol(2), lex.symbol(3), lex.symbol(4)));
        assertEquals(List.of(false, true, true, true, true),
                List.of(lex.terminal(0), lex.terminal(1), lex.terminal(2), lex.terminal(3), lex.terminal(4)));
        assertEquals(List.of(2, 1, 1, 0, 0),
                List.of(lex.childCount(0), lex.childCount(1), lex.childCount(2), lex.childCount(3), lex.childCount(4)));
        assertEquals(ABC.labels(), lex.alphabet());
        // a word list of prefixes only: the inner nodes are not words
        Lexicon chain = Lexicon.of(List.of("abc"), ABC);
        assertEquals(List.of("abc"), chain.wordList());
        assertEquals(1, chain.words());
    }

    @Test
    void eachNodesChildrenAreOneRunSortedBySymbol() {
        // made in the order c, b, a under the root, and again under b: every insertion moves past the first
        Lexicon lex = Lexicon.of(List.of("c", "b", "a", "bc", "bb", "ba"), ABC);
        assertEquals(List.of("a", "b", "c"), children(lex, 0));
        int b = 2;
        assertEquals("b", lex.text(b));
        assertEquals(List.of("ba", "bb", "bc"), children(lex, b));
        assertEquals(List.of(), children(lex, 1));
        // the runs follow one another: the root's first, then each node's in node order
        assertEquals(0, lex.firstChild(0));
        assertEquals(3, lex.firstChild(1));
        assertEquals(3, lex.firstChild(2));
        assertEquals(6, lex.firstChild(3));
    }

    private static List<String> children(Lexicon lex, int node) {
        List<String> out = new ArrayList<>();
        for (int i = lex.firstChild(node); i < lex.firstChild(node) + lex.childCount(node); i++) out.add(lex.text(lex.child(i)));
        return out;
    }

    @Test
    void containsOnlyWholeWords() {
        Lexicon lex = Lexicon.of(List.of("ab", "ba", "bac", "c"), ABC);
        assertTrue(lex.contains("ab"));
        assertTrue(lex.contains("ba"));
        assertTrue(lex.contains("bac"));
        assertTrue(lex.contains("c"));
        assertFalse(lex.contains("b"), "a prefix of words, no word itself");
        assertFalse(lex.contains("a"));
        assertFalse(lex.contains(""));
        assertFalse(lex.contains("abc"), "a prefix that is a word, then a letter no word goes on with");
        assertFalse(lex.contains("cb"));
        assertFalse(lex.contains("x"), "outside the alphabet");
        assertFalse(lex.contains("bx"));
    }

    @Test
    void theCommonPrefixOfTwoNodes() {
        Lexicon lex = Lexicon.of(List.of("abc", "ab", "ac", "b"), ABC);   // 1 a, 2 ab, 3 abc, 4 ac, 5 b
        assertEquals("abc", lex.text(3));
        assertEquals("ac", lex.text(4));
        assertEquals(1, lex.commonPrefix(3, 4));
        assertEquals(1, lex.commonPrefix(4, 3));
        assertEquals(2, lex.commonPrefix(3, 2), "a node and its parent");
        assertEquals(2, lex.commonPrefix(2, 3));
        assertEquals(0, lex.commonPrefix(3, 5));
        assertEquals(3, lex.commonPrefix(3, 3));
    }

    /**
     * The checksum is in every stored session state with a beam, so it is a format: CRC-32 of each
     * node's symbol, parent (i32, big-endian) and terminal flag (u8), then the alphabet's UTF-8.
     */
    @Test
    void theChecksumIsTheCrcOfTheTrieAndTheAlphabet() {
        Lexicon lex = Lexicon.of(List.of("ab", "b"), ABC);   // 0 root, 1 a, 2 ab, 3 b
        ByteBuffer buf = ByteBuffer.allocate(4 * 9);
        int[][] nodes = {{0, -1, 0}, {1, 0, 0}, {2, 1, 1}, {2, 0, 1}};
        for (int[] n : nodes) buf.putInt(n[0]).putInt(n[1]).put((byte) n[2]);
        CRC32 crc = new CRC32();
        crc.update(buf.array());
        for (String a : ABC.labels()) crc.update(a.getBytes(StandardCharsets.UTF_8));
        assertEquals((int) crc.getValue(), lex.checksum());
        assertEquals(0x011bc3ea, lex.checksum(), "as Python's zlib.crc32 of the same bytes");
    }

    @Test
    void theChecksumChangesWithAnyWordAndWithTheirOrderButNotWithRepeatsOrSkippedWords() {
        int base = Lexicon.of(List.of("ab", "b"), ABC).checksum();
        assertEquals(base, Lexicon.of(List.of("ab", "b"), ABC).checksum());
        assertEquals(base, Lexicon.of(List.of("ab", "x", "b", "ab", ""), ABC).checksum(), "the same trie");
        assertNotEquals(base, Lexicon.of(List.of("ab", "c"), ABC).checksum(), "another word");
        assertNotEquals(base, Lexicon.of(List.of("ab", "b", "a"), ABC).checksum(), "only a terminal flag more");
        assertNotEquals(base, Lexicon.of(List.of("b", "ab"), ABC).checksum(), "other node numbers");
        assertNotEquals(base, Lexicon.of(List.of("ab"), ABC).checksum());
    }

    @Test
    void manyNodesGrowTheBuilder() {
        // every word of 1 to 7 letters over a, b, c: 3 + 9 + ... + 2187 = 3279 nodes past the root
        List<String> words = new ArrayList<>();
        List<String> level = List.of("");
        for (int len = 1; len <= 7; len++) {
            List<String> next = new ArrayList<>();
            for (String w : level) for (String c : List.of("a", "b", "c")) next.add(w + c);
            words.addAll(next);
            level = next;
        }
        Lexicon lex = Lexicon.of(words, ABC);
        assertEquals(3280, lex.nodes());
        assertEquals(3279, lex.words());
        assertTrue(lex.contains("abcabca"));
        assertEquals(words, lex.wordList(), "shorter words first, as they were made");
    }
}
