package io.gesturestream.model.data;

import io.gesturestream.model.Meter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading by format name: which reader, and the one line for a format, path or option that does not fit. */
class DatasetsTest {
    @TempDir
    Path dir;

    private static final String JSONL = "{\"session\":\"a\",\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2}\n"
            + "{\"session\":\"a\",\"t\":2,\"type\":\"UP\",\"x\":1,\"y\":2}\n{\"session\":\"a\",\"t\":3,\"type\":\"END\",\"label\":\"j\"}\n";

    private static void assertError(String message, String format, Path path, String subjects, String category) {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Datasets.read(format, path, subjects, category, Meter.NONE, l -> { }), format + " " + path);
        assertEquals(message, e.getMessage());
    }

    @Test
    void eachFormatGoesToItsReaderInAnyCase() throws Exception {
        Path jsonl = Files.writeString(dir.resolve("g.jsonl"), JSONL);
        Path tes = Files.writeString(dir.resolve("d.tes"), ".SEGMENT DIGIT 0 ? \"4\"\n.COMMENT 4 w 1\n.PEN_DOWN\n1 1\n.PEN_UP\n");
        Path logs = Files.createDirectories(dir.resolve("logs/s04"));
        Files.writeString(logs.resolve("v1.xml"), "<Gesture Name=\"v1\" Subject=\"4\"><Point X=\"1\" Y=\"1\" T=\"1\"/></Gesture>");
        Files.writeString(logs.resolve("w1.xml"), "<Gesture Name=\"w1\" Subject=\"5\"><Point X=\"1\" Y=\"1\" T=\"1\"/></Gesture>");
        assertEquals(List.of("j"), Datasets.read("JSONL", jsonl, null).stream().map(Gesture::label).toList());
        assertEquals(List.of("4/w"), Datasets.read("Pendigits", tes, null, Meter.NONE).stream().map(g -> g.label() + "/" + g.subject()).toList());
        assertEquals(List.of("v", "w"), Datasets.read("dollar", dir.resolve("logs"), null).stream().map(Gesture::label).toList());
        assertEquals(List.of("v"), Datasets.read("dollar", dir.resolve("logs"), "s04").stream().map(Gesture::label).toList());
        // only unipen has notes; the other readers have none
        List<String> notes = new ArrayList<>();
        Datasets.read("jsonl", jsonl, null, Meter.NONE, notes::add);
        assertEquals(List.of(), notes);
        assertEquals(List.of("jsonl", "pendigits", "dollar", "unipen", "wand"), List.of(Datasets.FORMATS.get(2), Datasets.FORMATS.get(0),
                Datasets.FORMATS.get(1), Datasets.FORMATS.get(3), Datasets.FORMATS.get(4)));
    }

    /** {@code dir/wand/<folder>/output_<folder>_<person>.txt} holding {@code text}, as the magic-wand data names its files. */
    private Path wandFile(String folder, String person, String text) throws Exception {
        Path f = Files.createDirectories(dir.resolve("wand").resolve(folder));
        return Files.writeString(f.resolve("output_" + folder + "_" + person + ".txt"), text);
    }

    @Test
    void wandGivesItsGesturesAndItsReportAsNotesButNotItsStreams() throws Exception {
        wandFile("wing", "ann", "-,-,-\n1000,0,0\n");
        Path negative = wandFile("negative", "1", "-,-,-\n0,0,1000\n0,0,1000\n").getParent();
        List<String> notes = new ArrayList<>();
        List<Gesture> g = Datasets.read("WAND", dir.resolve("wand"), null, Meter.NONE, notes::add);
        assertEquals(List.of("wing/magic-wand/ann"), g.stream().map(x -> x.label() + "/" + x.subject()).toList());
        assertEquals(2, notes.size(), notes.toString());
        assertTrue(notes.get(1).startsWith("set aside 1 long unsegmented streams"), notes.get(1));
        assertError(negative.resolve("output_negative_1.txt") + ": no segmented recording, only the long streams of "
                + "output_negative_<n>.txt, which are for spotting evaluation, not gestures", "wand", negative.resolve("output_negative_1.txt"), null, null);
    }

    @Test
    void subjectsKeepThosePeopleOnlyInEveryFormat() throws Exception {
        wandFile("wing", "ann", "-,-,-\n1000,0,0\n-,-,-\n1000,0,0\n");
        wandFile("wing", "bob", "-,-,-\n1000,0,0\n");
        wandFile("ring", "bob", "-,-,-\n1000,0,0\n");
        wandFile("ring", "cy", "-,-,-\n1000,0,0\n");
        Path wand = dir.resolve("wand");
        assertEquals(List.of("wing/magic-wand/ann", "wing/magic-wand/ann", "ring/magic-wand/cy"),
                Datasets.read("wand", wand, "magic-wand/cy, magic-wand/ann").stream().map(x -> x.label() + "/" + x.subject()).sorted(
                        java.util.Comparator.reverseOrder()).toList());
        assertEquals(List.of("ring", "wing"), Datasets.read("wand", wand, "magic-wand/bob").stream().map(Gesture::label).sorted().toList());
        assertEquals(5, Datasets.read("wand", wand, null).size());
        assertError("--subjects: no gesture of subject 'bob' in " + wand + " (its subjects: magic-wand/ann, magic-wand/bob, magic-wand/cy)",
                "wand", wand, "magic-wand/ann,bob", null);
    }

    @Test
    void aFormatPathOrOptionThatDoesNotFitIsOneLine() throws Exception {
        Path jsonl = Files.writeString(dir.resolve("g.jsonl"), JSONL);
        Path none = dir.resolve("none");
        assertError("unknown format 'bmp' (use pendigits, dollar, jsonl, unipen, wand)", "bmp", jsonl, null, null);
        assertError("unknown format 'null' (use pendigits, dollar, jsonl, unipen, wand)", null, jsonl, null, null);
        assertError(none + ": no such file or folder", "jsonl", none, null, null);
        assertError("--subjects: no gesture of subject 's02' in " + jsonl + " (its subjects: a)", "jsonl", jsonl, "s02", null);
        assertError("--subjects 'a,': an empty name", "jsonl", jsonl, "a,", null);
        assertError("--category applies to the unipen format only", "jsonl", jsonl, null, "1a");
        assertError("--category applies to the unipen format only", "dollar", dir, null, "1a");
        assertError(dir + ": not a file", "jsonl", dir, null, null);
        assertError(dir + ": not a file", "pendigits", dir, null, null);
        assertError("bad subject 'bob' (expected e.g. s02)", "dollar", dir, "bob", null);
    }
}
