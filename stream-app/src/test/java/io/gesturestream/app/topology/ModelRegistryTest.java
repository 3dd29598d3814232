package io.gesturestream.app.topology;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.LabelSet;
import io.gesturestream.model.Lexicon;
import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFile;
import io.gesturestream.model.ModelFormatException;
import io.gesturestream.model.OutputKind;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.features.PenEncoder;
import io.gesturestream.model.gru.GruShape;
import io.gesturestream.schemas.avro.ModelRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The models one instance runs: which published models it accepts (and why not, word for word), which is current, which it keeps. */
class ModelRegistryTest {
    private static final Model TINY = Fixtures.tinyModel(4, 1, 1);

    /** Model {@code m}'s record on {@code gesture-models}, published at {@code publishedAtMs}. */
    static ModelRecord record(Model m, long publishedAtMs) {
        return record(m, m.checksum(), ModelFile.write(m), publishedAtMs);
    }

    private static ModelRecord record(Model m, int checksum, byte[] file, long publishedAtMs) {
        return ModelRecord.newBuilder().setName(m.name()).setVersion(m.version()).setChecksum(checksum)
                .setPublishedAt(Instant.ofEpochMilli(publishedAtMs)).setModel(ByteBuffer.wrap(file)).build();
    }

    /** A model of {@code like}'s name, input and output kind, with its own weights and labels. */
    private static Model another(Model like, String version, List<String> labels, long seed) {
        GruShape shape = new GruShape(like.encoder().inputSize(), 4, 1, labels.size());
        float[] w = new float[shape.size()];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextDouble(-0.5, 0.5);
        return new Model(like.name(), version, like.output(), shape, like.encoder(), labels, Map.of(), w);
    }

    /** The bytes a session that started on {@code m} leaves in {@code gru-sessions}. */
    private static byte[] sessionOn(Model m) {
        return StoredSession.open(0, 0, -1, new Recognizer(m).newSession()).toBytes();
    }

    @Test
    void eachRefusalSaysWhyAndLeavesTheCurrentModel() throws Exception {
        ModelRegistry models = new ModelRegistry(TINY);
        Model v2 = another(TINY, "2", Fixtures.SHAPES, 2);
        byte[] junk = {1, 2, 3};
        String unreadable = assertThrows(ModelFormatException.class, () -> ModelFile.read(junk)).getMessage();
        assertEquals("model file refused: " + unreadable, models.offer(record(v2, v2.checksum(), junk, 1)));
        assertEquals(String.format("checksum mismatch: the record says %08x, the file is %08x", v2.checksum() + 1, v2.checksum()),
                models.offer(record(v2, v2.checksum() + 1, ModelFile.write(v2), 1)));
        Model renamed = v2.withInfo("other", "2", Map.of());
        assertEquals("model other is not the one this instance serves (tiny)", models.offer(record(renamed, 1)));
        Model transcriber = new Model("tiny", "3", OutputKind.CTC, TINY.shape(), TINY.encoder(), List.of(OutputKind.BLANK, "a", "b", "c"),
                Map.of(), TINY.parameters());
        assertEquals("model answers CTC, this instance serves CLASSES models", models.offer(record(transcriber, 1)));
        Model imu = Fixtures.tinyImuModel().withInfo("tiny", "4", Map.of());
        assertEquals("model reads IMU events, this instance serves PEN events", models.offer(record(imu, 1)));
        assertSame(TINY, models.current());
        for (Model refused : List.of(v2, renamed, transcriber, imu)) assertNull(models.forStored(sessionOn(refused)), refused.toString());
    }

    @Test
    void theNewestPublishedModelIsCurrentAndAnOlderOneIsKeptForTheSessionsOnIt() {
        ModelRegistry models = new ModelRegistry(TINY);
        Model v2 = another(TINY, "2", Fixtures.SHAPES, 2), v3 = another(TINY, "3", Fixtures.SHAPES, 3), v4 = another(TINY, "4", Fixtures.SHAPES, 4);
        assertNull(models.offer(record(v3, 300)));
        assertNull(models.offer(record(v2, 200)));
        assertEquals(v3.checksum(), models.current().checksum(), "published before the current one: not current");
        assertEquals(v2.checksum(), models.forStored(sessionOn(v2)).checksum(), "but kept");
        assertNull(models.offer(record(v4, 300)));
        assertEquals(v4.checksum(), models.current().checksum(), "published at the same time: the later offer is current");
        assertSame(models.current(), models.forStored(StoredSession.closed(0, 0, 5).toBytes()), "a marker without state: the current");
        assertSame(TINY, models.forStored(sessionOn(TINY)));
    }

    @Test
    void eightModelsAreKeptTheOldestThatIsNotCurrentIsForgotten() {
        ModelRegistry models = new ModelRegistry(TINY);
        List<Model> published = new ArrayList<>();
        for (int v = 1; v <= 9; v++) {
            Model m = another(TINY, "v" + v, Fixtures.SHAPES, 10 + v);
            published.add(m);
            assertNull(models.offer(record(m, 1_000 * v)));
        }
        assertNull(models.forStored(sessionOn(TINY)), "the initial model, oldest, went first");
        assertNull(models.forStored(sessionOn(published.get(0))), "then v1");
        for (Model m : published.subList(1, 9)) assertEquals(m.checksum(), models.forStored(sessionOn(m)).checksum(), m.version());
        assertEquals("v9", models.current().version());
        Model late = another(TINY, "late", Fixtures.SHAPES, 99);  // published before all of them: accepted, and the oldest
        assertNull(models.offer(record(late, 500)));
        assertNull(models.forStored(sessionOn(late)));
        for (Model m : published.subList(1, 9)) assertNotNull(models.forStored(sessionOn(m)), m.version());
    }

    @Test
    void aPublishedModelIsRestrictedAsTheInstanceIsOrRefusedWhenTheRestrictionDoesNotFit() {
        LabelSet set = LabelSet.parse("circle,line");
        ModelRegistry models = new ModelRegistry(TINY.restrictedTo(set));
        Model v2 = another(TINY, "2", Fixtures.SHAPES, 2);
        assertNull(models.offer(record(v2, 1)));
        assertEquals(set, models.current().restriction());
        assertEquals(v2.checksum(), models.current().checksum());
        Model letters = another(TINY, "3", List.of("a", "b", "c"), 3);
        String misfit = assertThrows(IllegalArgumentException.class, () -> letters.restrictedTo(set)).getMessage();
        assertEquals("GESTURE_LABELS " + set + " does not fit it: " + misfit, models.offer(record(letters, 2)));
        assertEquals("2", models.current().version());
    }

    @Test
    void anUnrestrictedInstanceTakesAModelWithOtherLabelsAsItIs() {
        ModelRegistry models = new ModelRegistry(TINY);
        Model letters = another(TINY, "2", List.of("a", "b", "c"), 3);
        assertNull(models.offer(record(letters, 1)));
        assertEquals(List.of("a", "b", "c"), models.current().labels());
        assertNull(models.current().restriction());
        assertNull(models.current().lexicon());
    }

    @Test
    void aPublishedTranscriberGetsTheInstancesLexiconOverItsOwnAlphabet() {
        Model plain = Fixtures.tinyTranscriber(8, 1, 4);
        Lexicon lexicon = Lexicon.of(List.of("ab", "cab"), plain);
        Model initial = plain.withLexicon(lexicon, 3, 0.25f);
        Model sameAlphabet = another(plain, "2", plain.labels(), 5);
        List<String> wider = List.of(OutputKind.BLANK, "a", "b", "c", "d");
        Model otherAlphabet = another(plain, "3", wider, 6);

        ModelRegistry fromItsLexicon = new ModelRegistry(initial);
        assertNull(fromItsLexicon.offer(record(sameAlphabet, 1)));
        assertSame(lexicon, fromItsLexicon.current().lexicon(), "the same alphabet: the same lexicon");
        assertEquals(3, fromItsLexicon.current().lexiconWidth());
        assertEquals(0.25f, fromItsLexicon.current().lexiconCommit());
        assertNull(fromItsLexicon.offer(record(otherAlphabet, 2)));
        Lexicon made = fromItsLexicon.current().lexicon();
        assertEquals(wider, made.alphabet());
        assertEquals(lexicon.wordList(), made.wordList(), "the initial lexicon's words, over the new alphabet");
        assertEquals(3, fromItsLexicon.current().lexiconWidth());

        ModelRegistry fromWords = new ModelRegistry(initial, List.of("dab", "bad"));
        assertNull(fromWords.offer(record(otherAlphabet, 2)));
        assertEquals(Lexicon.of(List.of("dab", "bad"), otherAlphabet).wordList(), fromWords.current().lexicon().wordList(),
                "the instance's word list (GESTURE_LEXICON)");
    }
}
