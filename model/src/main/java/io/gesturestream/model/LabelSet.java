package io.gesturestream.model;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A subset of labels, written as the command line and the app take it: items separated by
 * commas, each a label ({@code +}, {@code circle}) or a range of single characters
 * ({@code 0-9}, {@code A-Z}, {@code a-z}, in code-point order). {@code \,} is a comma label and
 * {@code \\} a backslash. Example: {@code 0-9,A-F}.
 *
 * <p>A {@link Recognizer} restricted to a set answers over those labels only: the others get
 * probability 0 and the rest are renormalized (a softmax over the kept logits), so a form field
 * that takes digits never hears about letters, and no model is retrained.
 */
public final class LabelSet {
    /** The longest spec taken: enough for every label of a large model written out one by one. */
    public static final int MAX_SPEC_LENGTH = 4096;

    private final String spec;
    private final List<String> items;

    private LabelSet(String spec, List<String> items) {
        this.spec = spec;
        this.items = items;
    }

    /**
     * @throws IllegalArgumentException for an empty or malformed spec, with what is wrong
     */
    public static LabelSet parse(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("a label set is empty; give labels such as 0-9 or A-Z,a-z");
        if (spec.length() > MAX_SPEC_LENGTH) throw new IllegalArgumentException("a label set is longer than " + MAX_SPEC_LENGTH + " characters");
        List<String> items = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '\\' && i + 1 < spec.length() && (spec.charAt(i + 1) == ',' || spec.charAt(i + 1) == '\\')) {
                cur.append('\\').append(spec.charAt(++i));
            } else if (c == ',') {
                items.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        items.add(cur.toString());
        for (String it : items) {
            if (it.isEmpty()) throw new IllegalArgumentException("label set '" + spec + "' has an empty item (two commas, or one at an end); a comma label is \\,");
        }
        return new LabelSet(spec, List.copyOf(items));
    }

    /** The spec as given. */
    @Override
    public String toString() {
        return spec;
    }

    /** Two sets are equal when written alike. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSet l && l.spec.equals(spec);
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }

    /**
     * Which of {@code labels} this set keeps.
     *
     * @throws IllegalArgumentException when an item names none of {@code labels}, or nothing is kept
     */
    public BitSet select(List<String> labels) {
        BitSet keep = new BitSet(labels.size());
        for (String item : items) {
            int[] range = range(item);
            boolean any = false;
            for (int i = 0; i < labels.size(); i++) {
                String l = labels.get(i);
                boolean match = range != null
                        ? l.codePointCount(0, l.length()) == 1 && l.codePointAt(0) >= range[0] && l.codePointAt(0) <= range[1]
                        : l.equals(unescape(item));
                if (match) {
                    keep.set(i);
                    any = true;
                }
            }
            if (!any) {
                throw new IllegalArgumentException("label set item '" + item + "' is none of the model's labels " + preview(labels));
            }
        }
        return keep;
    }

    /** The labels of {@code labels} this set keeps, in their order. */
    public Set<String> of(List<String> labels) {
        BitSet keep = select(labels);
        Set<String> out = new TreeSet<>();
        for (int i = keep.nextSetBit(0); i >= 0; i = keep.nextSetBit(i + 1)) out.add(labels.get(i));
        return out;
    }

    /** {@code a-z} as code points {a, z}; null when the item is not a range of single characters. */
    private static int[] range(String item) {
        int n = item.codePointCount(0, item.length());
        if (n != 3) return null;
        int a = item.codePointAt(0);
        int dash = item.offsetByCodePoints(0, 1);
        if (item.charAt(dash) != '-') return null;
        int b = item.codePointAt(dash + 1);
        if (b < a) throw new IllegalArgumentException("label range '" + item + "' runs backwards");
        return new int[] {a, b};
    }

    private static String unescape(String item) {
        return item.replace("\\,", ",").replace("\\\\", "\\");
    }

    private static String preview(List<String> labels) {
        String all = String.join(" ", labels);
        return all.length() > 200 ? all.substring(0, 200) + " ..." : all;
    }
}
