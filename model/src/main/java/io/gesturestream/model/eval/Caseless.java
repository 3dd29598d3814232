package io.gesturestream.model.eval;

import java.util.List;
import java.util.Map;

/**
 * Characters that nobody can tell apart written alone, for the caseless accuracy of a character
 * model: a letter and its other case (c and C, o and O, s and S, ... all 26), and these groups:
 * <pre>
 *   0 O o        a ring
 *   1 l I |      a vertical bar
 *   ' ` ,        a short tick (written alone, its place on the line is lost)
 *   - _          a horizontal bar (likewise)
 * </pre>
 * A prediction counts as right when it is in the true label's group.
 */
public final class Caseless {
    /** The groups in words, for reports. */
    public static final String DESCRIPTION = "case ignored, and 0/O/o, 1/l/I/|, '/`/, and -/_ each count as one";

    private static final Map<String, String> GROUP = Map.ofEntries(
            Map.entry("0", "o"), Map.entry("O", "o"), Map.entry("o", "o"),
            Map.entry("1", "l"), Map.entry("l", "l"), Map.entry("I", "l"), Map.entry("i", "i"), Map.entry("|", "l"),
            Map.entry("'", "'"), Map.entry("`", "'"), Map.entry(",", "'"),
            Map.entry("-", "-"), Map.entry("_", "-"));

    private Caseless() {}

    /** The class of {@code label} under this equivalence. */
    public static String key(String label) {
        String g = GROUP.get(label);
        if (g != null) return g;
        if (label.length() == 1 && Character.isLetter(label.charAt(0)) && label.charAt(0) < 128) {
            return String.valueOf(Character.toLowerCase(label.charAt(0)));
        }
        return label;
    }

    public static boolean same(String a, String b) {
        return key(a).equals(key(b));
    }

    /** True when the labels hold some letter in both cases: a character model, where the measure means something. */
    public static boolean applies(List<String> labels) {
        for (String l : labels) {
            if (l.length() == 1 && Character.isUpperCase(l.charAt(0)) && l.charAt(0) < 128
                    && labels.contains(String.valueOf(Character.toLowerCase(l.charAt(0))))) {
                return true;
            }
        }
        return false;
    }
}
