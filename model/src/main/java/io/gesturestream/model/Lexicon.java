package io.gesturestream.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A word list as a trie over a transcription model's alphabet, for {@link LexiconBeam}: node 0 is
 * the root (the empty prefix), every other node one symbol after its parent; a node is terminal
 * when its prefix is a word. Children are stored together, sorted by symbol, so that a node's
 * extensions are one contiguous run. Immutable, shared by every thread.
 *
 * <p>Node numbers depend only on the words and their order: the same list gives the same trie.
 */
public final class Lexicon {
    private final List<String> alphabet;
    /** Per node: its symbol (0 for the root), parent (-1 for the root), whether a word ends there, its first child's index in {@link #childNode}. */
    private final int[] symbol, parent, firstChild, childCount;
    private final boolean[] terminal;
    /** Children of every node, node by node, each node's sorted by symbol. */
    private final int[] childNode;
    /** Per node: its depth (symbols from the root). */
    private final int[] depth;
    private final int words, skipped;
    private final int checksum;

    private Lexicon(List<String> alphabet, int[] symbol, int[] parent, boolean[] terminal, int words, int skipped) {
        this.alphabet = alphabet;
        this.symbol = symbol;
        this.parent = parent;
        this.terminal = terminal;
        this.words = words;
        this.skipped = skipped;
        int n = symbol.length;
        firstChild = new int[n];
        childCount = new int[n];
        for (int i = 1; i < n; i++) childCount[parent[i]]++;
        for (int i = 1; i < n; i++) firstChild[i] = firstChild[i - 1] + childCount[i - 1];
        depth = new int[n];
        for (int i = 1; i < n; i++) depth[i] = depth[parent[i]] + 1;   // a parent is always made before its children
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(9 * n);   // the nodes; the alphabet goes to the CRC directly
        for (int i = 0; i < n; i++) buf.putInt(symbol[i]).putInt(parent[i]).put((byte) (terminal[i] ? 1 : 0));
        crc.update(buf.array(), 0, buf.position());
        for (String a : alphabet) crc.update(a.getBytes(StandardCharsets.UTF_8));
        checksum = (int) crc.getValue();
        childNode = new int[Math.max(0, n - 1)];
        int[] fill = new int[n];
        for (int i = 1; i < n; i++) childNode[firstChild[parent[i]] + fill[parent[i]]++] = i;
        for (int i = 0; i < n; i++) {   // sort each node's children by symbol (insertion sort: few children)
            for (int a = firstChild[i] + 1; a < firstChild[i] + childCount[i]; a++) {
                int c = childNode[a], b = a - 1;
                while (b >= firstChild[i] && symbol[childNode[b]] > symbol[c]) {
                    childNode[b + 1] = childNode[b];
                    b--;
                }
                childNode[b + 1] = c;
            }
        }
    }

    /**
     * The trie of {@code words} over {@code model}'s alphabet. A word with a character the model
     * cannot write, or empty, is left out and counted ({@link #skipped()}); a repeated word counts once.
     *
     * @throws IllegalArgumentException for a model that does not transcribe
     */
    public static Lexicon of(Collection<String> words, Model model) {
        if (model.output() != OutputKind.CTC) throw new IllegalArgumentException("model " + model.name() + " does not transcribe");
        List<String> alphabet = model.labels();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 1; i < alphabet.size(); i++) index.put(alphabet.get(i), i);
        Map<Long, Integer> child = new HashMap<>();
        IntList sym = new IntList(), par = new IntList();
        List<Boolean> term = new ArrayList<>();
        sym.add(0);
        par.add(-1);
        term.add(false);
        int kept = 0, skipped = 0;
        for (String w : words) {
            int[] cps = w.codePoints().toArray();
            int[] s = new int[cps.length];
            boolean ok = cps.length > 0;
            for (int i = 0; ok && i < cps.length; i++) {
                Integer k = index.get(new String(cps, i, 1));
                if (k == null) ok = false;
                else s[i] = k;
            }
            if (!ok) {
                skipped++;
                continue;
            }
            int node = 0;
            for (int k : s) {
                long key = ((long) node << 32) | k;
                Integer next = child.get(key);
                if (next == null) {
                    next = sym.size();
                    sym.add(k);
                    par.add(node);
                    term.add(false);
                    child.put(key, next);
                }
                node = next;
            }
            if (!term.get(node)) kept++;
            term.set(node, true);
        }
        boolean[] t = new boolean[term.size()];
        for (int i = 0; i < t.length; i++) t[i] = term.get(i);
        return new Lexicon(alphabet, sym.toArray(), par.toArray(), t, kept, skipped);
    }

    /**
     * The words of a text file, one per line (UTF-8; blank lines and lines starting with {@code #}
     * ignored, spaces around a word trimmed), each also with its first letter capitalized and in
     * capitals, as a word starts a sentence or a title.
     *
     * @throws IllegalArgumentException when there is no such file, or it is not UTF-8 text
     * @throws IOException when it cannot be read
     */
    public static List<String> readWords(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such file " + file);
        try {
            return words(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(file + " is not UTF-8 text");
        }
    }

    /** As {@link #readWords(Path)}, from the lines of a word list. */
    public static List<String> words(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String w = line.strip();
            if (w.isEmpty() || w.startsWith("#")) continue;
            out.add(w);
            String cap = w.substring(0, w.offsetByCodePoints(0, 1)).toUpperCase(java.util.Locale.ROOT) + w.substring(w.offsetByCodePoints(0, 1));
            if (!cap.equals(w)) out.add(cap);
            String upper = w.toUpperCase(java.util.Locale.ROOT);
            if (!upper.equals(w) && !upper.equals(cap)) out.add(upper);
        }
        return out;
    }

    /**
     * CRC-32 of the trie and the alphabet it is over: a session's lexicon beam holds node numbers,
     * which mean something only in the same trie.
     */
    public int checksum() { return checksum; }

    /** The node that is the longest common prefix of nodes {@code a} and {@code b}. */
    int commonPrefix(int a, int b) {
        while (depth[a] > depth[b]) a = parent[a];
        while (depth[b] > depth[a]) b = parent[b];
        while (a != b) {
            a = parent[a];
            b = parent[b];
        }
        return a;
    }

    /** The alphabet it is over: a transcription model's labels. */
    public List<String> alphabet() { return alphabet; }

    /** Every word held, in node order (each once). */
    public List<String> wordList() {
        List<String> out = new ArrayList<>(words);
        for (int n = 1; n < symbol.length; n++) if (terminal[n]) out.add(text(n));
        return out;
    }

    /** Nodes, the root included. */
    public int nodes() { return symbol.length; }

    /** Distinct words held. */
    public int words() { return words; }

    /** Words left out: a character outside the alphabet, or empty. */
    public int skipped() { return skipped; }

    int symbol(int node) { return symbol[node]; }

    boolean terminal(int node) { return terminal[node]; }

    int firstChild(int node) { return firstChild[node]; }

    int childCount(int node) { return childCount[node]; }

    int child(int i) { return childNode[i]; }

    /** Whether {@code text} is one of the words. */
    public boolean contains(String text) {
        int node = 0;
        int[] cps = text.codePoints().toArray();
        for (int cp : cps) {
            String c = new String(Character.toChars(cp));
            int next = -1;
            for (int i = firstChild[node]; i < firstChild[node] + childCount[node]; i++) {
                if (alphabet.get(symbol[childNode[i]]).equals(c)) next = childNode[i];
            }
            if (next < 0) return false;
            node = next;
        }
        return cps.length > 0 && terminal[node];
    }

    /** The prefix that ends at {@code node}. */
    public String text(int node) {
        StringBuilder b = new StringBuilder();
        for (int n = node; n > 0; n = parent[n]) b.insert(0, alphabet.get(symbol[n]));
        return b.toString();
    }

    /** A growable int array, for building. */
    private static final class IntList {
        private int[] a = new int[1024];
        private int n;

        void add(int v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, 2 * n);
            a[n++] = v;
        }

        int size() { return n; }

        int[] toArray() { return java.util.Arrays.copyOf(a, n); }
    }
}
