package io.gesturestream.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelSetTest {
    /** The 94 printable ASCII characters but space, as the latin model has them. */
    static List<String> printable() {
        List<String> l = new ArrayList<>();
        for (char c = '!'; c <= '~'; c++) l.add(String.valueOf(c));
        return l;
    }

    @Test
    void rangesAndSingleLabelsSelectByCodePoint() {
        List<String> labels = printable();
        assertEquals(10, LabelSet.parse("0-9").select(labels).cardinality());
        assertEquals(26, LabelSet.parse("A-Z").select(labels).cardinality());
        assertEquals(52, LabelSet.parse("A-Z,a-z").select(labels).cardinality());
        assertEquals(Set.of("+", "-", "0", "1"), LabelSet.parse("0-1,+,-").of(labels));
        assertEquals(Set.of(","), LabelSet.parse("\\,").of(labels));
        assertEquals(Set.of("\\", "a"), LabelSet.parse("\\\\,a").of(labels));
        assertEquals(Set.of("circle", "v"), LabelSet.parse("circle,v").of(List.of("circle", "line", "v")));
    }

    @Test
    void malformedOrUselessSetsAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelSet.parse("")).getMessage().contains("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelSet.parse("0-9,,A")).getMessage().contains("empty item"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelSet.parse("a-z,")).getMessage().contains("empty item"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelSet.parse("9-0").select(printable())).getMessage()
                .contains("backwards"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelSet.parse("0-9,star").select(printable()));
        assertTrue(e.getMessage().contains("'star' is none of the model's labels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LabelSet.parse("x".repeat(LabelSet.MAX_SPEC_LENGTH + 1)));
    }

    @Test
    void aRestrictedRecognizerAnswersOverItsLabelsOnlyAndKeepsTheirOrder() {
        Model m = Fixtures.tinyModel(8, 2, 5);  // circle, line, vee, zigzag
        Model r = m.restrictedTo(LabelSet.parse("line,zigzag"));
        assertEquals(m.checksum(), r.checksum(), "same weights, same sessions");
        BitSet allowed = r.allowed();
        Recognizer all = new Recognizer(m), some = new Recognizer(r);
        SessionState a = all.newSession(), b = some.newSession();
        for (var x : Fixtures.shape("vee", "w", new java.util.SplittableRandom(3)).samples()) {
            float[] p = all.step(a, x).clone();
            float[] q = some.step(b, x);
            double sum = 0, kept = 0;
            for (int i = 0; i < p.length; i++) {
                if (!allowed.get(i)) assertEquals(0f, q[i]);
                else kept += p[i];
                sum += q[i];
            }
            assertEquals(1.0, sum, 1e-5);
            // the kept classes in the same proportions: a softmax over their logits
            for (int i = allowed.nextSetBit(0); i >= 0; i = allowed.nextSetBit(i + 1)) assertEquals(p[i] / kept, q[i], 1e-5);
        }
        assertEquals(null, r.restrictedTo(null).allowed());
        assertEquals(null, m.restrictedTo(LabelSet.parse("circle,line,vee,zigzag")).allowed(), "all labels: no restriction");
    }
}
