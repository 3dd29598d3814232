package io.gesturestream.model.data;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dataset readers (gesture JSONL, pendigits UNIPEN, $1 XML, magic-wand) and the JSON parser
 * under them on hostile text: each either reads gestures that keep the readers' promises (a label
 * within the limit, at least one sample, finite coordinates, accelerations within 16 g) or refuses
 * the input with a {@link DataFormatException} naming where; no other exception, no hang. Every
 * input goes to one of the first readers, as the first byte chooses, and to the magic-wand reader
 * too: so the regression inputs keep the reader they were found with, and all of them try the
 * magic-wand reader as well.
 */
class ReadersFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void readsOrRefuses(FuzzedDataProvider data) throws IOException {
        int reader = data.consumeInt(0, 3);
        String text = data.consumeRemainingAsString();
        readOrRefuse(() -> switch (reader) {
            case 0 -> JsonlReader.read(new BufferedReader(new StringReader(text)), "fuzz.jsonl", false);
            case 1 -> PendigitsReader.read(new BufferedReader(new StringReader(text)), "fuzz.tes");
            case 2 -> List.of(DollarXmlReader.parse(DollarXmlReader.newBuilder(),
                    new ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "fuzz.xml"));
            default -> {
                try {
                    Json.parse(text);
                } catch (IllegalArgumentException refused) {
                    assertTrue(refused.getMessage() != null);
                }
                yield List.of();
            }
        });
        boolean stream = text.length() % 2 == 1;  // a long negative stream, or the recordings of a gesture
        readOrRefuse(() -> {
            WandReader.Result r = WandReader.read(new BufferedReader(new StringReader(text)), "fuzz.txt",
                    stream ? "unknown" : "wing", "p", stream);
            return Stream.concat(r.gestures().stream(), r.streams().stream()).toList();
        });
    }

    /** A read of the fuzzed text. */
    private interface Read {
        List<Gesture> gestures() throws IOException, DataFormatException;
    }

    /** Runs {@code read}: its gestures keep the promises, or it refuses with a message naming the fuzzed source. */
    private static void readOrRefuse(Read read) throws IOException {
        List<Gesture> gestures;
        try {
            gestures = read.gestures();
        } catch (DataFormatException refused) {
            assertTrue(refused.getMessage() != null && refused.getMessage().startsWith("fuzz."), refused.getMessage());
            return;
        }
        for (Gesture g : gestures) {
            assertFalse(g.samples().isEmpty());
            if (g.label() != null) assertTrue(g.label().length() <= JsonlReader.MAX_LABEL, "label length " + g.label().length());
            for (Sample s : g.samples()) {
                if (s instanceof PenSample p) assertTrue(Float.isFinite(p.x()) && Float.isFinite(p.y()), p.toString());
                if (s instanceof ImuSample m) assertTrue(Math.abs(m.ax()) <= 16 && Math.abs(m.ay()) <= 16 && Math.abs(m.az()) <= 16, m.toString());
            }
        }
    }
}
