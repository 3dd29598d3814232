package io.gesturestream.model.data;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The UNIPEN reader on hostile text: a data file and the two files it may include ({@code h} and
 * {@code ink}, any other name is missing), separated by U+0001 (the seed in
 * {@code UnipenReaderFuzzTestInputs} is a small valid release in that form). It either reads gestures that keep the readers'
 * promises (a label within the limit, at least one sample, finite coordinates) and counts what it
 * skipped, or refuses with a {@link DataFormatException} naming a file; no other exception, no hang.
 */
class UnipenReaderFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void readsOrRefuses(FuzzedDataProvider data) throws IOException {
        // data file, then the files "h" and "ink", separated by U+0001: plain text seeds reach the segments
        String[] parts = data.consumeRemainingAsString().split("\u0001", 3);
        String text = parts[0];
        String header = parts.length > 1 ? parts[1] : "";
        String ink = parts.length > 2 ? parts[2] : "";
        UnipenReader.Includes includes = (name, including) -> switch (name) {
            case "h" -> new UnipenReader.Source(new BufferedReader(new StringReader(header)), "h");
            case "ink" -> new UnipenReader.Source(new BufferedReader(new StringReader(ink)), "ink");
            default -> null;
        };
        UnipenReader.Acc acc = new UnipenReader.Acc();
        try {
            UnipenReader.read(new BufferedReader(new StringReader(text)), "fuzz.dat", includes, acc);
        } catch (DataFormatException refused) {
            String m = refused.getMessage();
            assertTrue(m != null && (m.startsWith("fuzz.dat:") || m.startsWith("h:") || m.startsWith("ink:")), m);
            return;
        }
        for (Gesture g : acc.gestures) {
            assertFalse(g.samples().isEmpty());
            assertFalse(g.label().isEmpty());
            assertTrue(g.label().length() <= JsonlReader.MAX_LABEL, "label length " + g.label().length());
            for (Sample s : g.samples()) {
                PenSample p = (PenSample) s;
                assertTrue(Float.isFinite(p.x()) && Float.isFinite(p.y()), p.toString());
            }
        }
        for (int n : acc.skipped.values()) assertTrue(n > 0);
    }
}
