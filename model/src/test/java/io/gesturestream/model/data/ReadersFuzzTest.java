package io.gesturestream.model.data;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dataset readers (gesture JSONL, pendigits UNIPEN, $1 XML) and the JSON parser under them
 * on hostile text: each either reads gestures that keep the readers' promises (a label within
 * the limit, at least one sample, finite coordinates) or refuses the input with a
 * {@link DataFormatException} naming where; no other exception, no hang.
 */
class ReadersFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void readsOrRefuses(FuzzedDataProvider data) throws IOException {
        int reader = data.consumeInt(0, 3);
        String text = data.consumeRemainingAsString();
        List<Gesture> gestures;
        try {
            gestures = switch (reader) {
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
            };
        } catch (DataFormatException refused) {
            assertTrue(refused.getMessage() != null && refused.getMessage().startsWith("fuzz."), refused.getMessage());
            return;
        }
        for (Gesture g : gestures) {
            assertFalse(g.samples().isEmpty());
            if (g.label() != null) assertTrue(g.label().length() <= JsonlReader.MAX_LABEL, "label length " + g.label().length());
            for (Sample s : g.samples()) {
                if (s instanceof PenSample p) assertTrue(Float.isFinite(p.x()) && Float.isFinite(p.y()), p.toString());
            }
        }
    }
}
