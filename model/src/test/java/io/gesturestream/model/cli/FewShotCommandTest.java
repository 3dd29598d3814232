package io.gesturestream.model.cli;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.Json;
import io.gesturestream.model.features.PenSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code few-shot} on a tiny set of $1 logs with the $-recognizers only (no model): its tables, lines, JSON and SVG. */
class FewShotCommandTest {
    @TempDir
    Path dir;

    private static CliResult run(String... args) {
        return CliResult.run(args);
    }

    /** Subjects s02-s04 at one speed, 3 of each of the 4 shapes; a folder and a file that are no subject's, a file that is no speed. */
    private Path logs() throws Exception {
        Path root = dir.resolve("xml_logs");
        List<Gesture> shapes = Fixtures.shapes(9, 3, 5);
        int n = 0;
        for (Gesture g : shapes) {
            String subject = String.format("s%02d", 2 + Integer.parseInt(g.subject().substring(1)));
            write(root.resolve(subject).resolve("fast").resolve(g.label() + (++n) + ".xml"), g, n);
        }
        write(root.resolve("notes").resolve("fast").resolve("circle1.xml"), shapes.get(0), 1);
        Files.writeString(root.resolve("readme.txt"), "not a subject");
        Files.writeString(root.resolve("s02").resolve("notes.txt"), "not a speed");
        return root;
    }

    private static void write(Path f, Gesture g, int n) throws Exception {
        Files.createDirectories(f.getParent());
        StringBuilder b = new StringBuilder("<Gesture Name=\"" + g.label() + n + "\" Subject=\"1\">\n");
        for (var s : g.samples()) {
            PenSample p = (PenSample) s;
            b.append("<Point X=\"").append(Math.round(p.x())).append("\" Y=\"").append(Math.round(p.y())).append("\" T=\"").append(p.t()).append("\"/>\n");
        }
        Files.writeString(f, b.append("</Gesture>\n"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String out) {
        return (Map<String, Object>) Json.parse(out.strip());
    }

    private static double seconds(String err) {
        Matcher m = Pattern.compile("\\(([0-9.]+) s\\)").matcher(err);
        assertTrue(m.find(), err);
        return Double.parseDouble(m.group(1));
    }

    /** --pilot reads the pilot's folder only, where choices are made, and the published protocol's folders never. */
    @Test
    void thePilotIsReadOnlyWithPilotAndAlone() throws Exception {
        Path root = logs();
        List<Gesture> shapes = Fixtures.shapes(3, 1, 8);
        int n = 0;
        for (Gesture g : shapes) write(root.resolve("s01 (pilot)").resolve("slow").resolve(g.label() + (++n) + ".xml"), g, n);
        CliResult r = run("few-shot", "--data", root.toString(), "--pilot", "--k", "1", "--repeats", "2", "--recognizers", "dollar1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains(": 1 subjects, 1 groups, 12 gestures; user-dependent"), r.err());
        CliResult all = run("few-shot", "--data", root.toString(), "--k", "1", "--repeats", "2", "--recognizers", "dollar1");
        assertTrue(all.err().contains(": 3 subjects, 3 groups, 36 gestures; user-dependent"), all.err());
        assertEquals("error: --pilot applies to --protocol dependent only (see gesture-model few-shot --help)\n",
                run("few-shot", "--data", root.toString(), "--pilot", "--protocol", "open", "--recognizers", "dollar1").err());
        Path none = logs().getParent().resolve("xml_logs");
        Files.walk(root.resolve("s01 (pilot)")).sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        assertEquals("error: " + none + ": no pilot folder (s01 (pilot)) with speed folders\n",
                run("few-shot", "--data", root.toString(), "--pilot", "--recognizers", "dollar1").err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void dependentGivesATableOfAccuracyByKAndTheSameNumbersAsJson() throws Exception {
        Path root = logs();
        String[] args = {"few-shot", "--data", root.toString(), "--k", "1,2", "--repeats", "2", "--recognizers", "dollar1,dollarP"};
        CliResult text = run(args);
        assertEquals(0, text.code(), text.err());
        List<String> lines = text.out().lines().toList();
        CliResult js = run(List.of(args, new String[] {"--json"}).stream().flatMap(java.util.Arrays::stream).toArray(String[]::new));
        Map<String, Object> d1 = (Map<String, Object>) json(js.out()).get("dollar1");
        double a1 = (Double) d1.get("1"), a2 = (Double) d1.get("2");
        Map<String, Object> p = (Map<String, Object>) json(js.out()).get("dollarP");
        assertEquals(List.of("recognizer          k=1      k=2", String.format(Locale.ROOT, "dollar1       %8.2f%%%8.2f%%", 100 * a1, 100 * a2),
                String.format(Locale.ROOT, "dollarP       %8.2f%%%8.2f%%", 100 * (Double) p.get("1"), 100 * (Double) p.get("2"))), lines);
        List<String> err = text.err().lines().toList();
        assertEquals(root + ": 3 subjects, 3 groups, 36 gestures; user-dependent, 2 repeats", err.get(0));
        assertTrue(err.get(1).startsWith(String.format(Locale.ROOT, "dollar1      k=1: %.2f%% of ", 100 * a1)), err.get(1));
        assertTrue(err.get(2).startsWith(String.format(Locale.ROOT, "dollar1      k=2: %.2f%% of ", 100 * a2)), err.get(2));
        assertTrue(seconds(err.get(1)) < 60 && seconds(err.get(2)) < 60, text.err());
        assertEquals(5, err.size(), text.err());
        assertEquals(String.format(Locale.ROOT, "{\"dollar1\": {\"1\": %.6f, \"2\": %.6f}, \"dollarP\": {\"1\": %.6f, \"2\": %.6f}}", a1, a2,
                (Double) p.get("1"), (Double) p.get("2")), js.out().strip());
        assertTrue(!js.err().contains("recognizer"), js.err());
    }

    @Test
    void independentNeedsMoreSubjectsThanOthersAndDrawsItsSvg() throws Exception {
        Path root = logs();
        Path svg = dir.resolve("k.svg");
        CliResult r = run("few-shot", "--data", root.toString(), "--protocol", "independent", "--others", "2", "--k", "1", "--repeats", "1",
                "--recognizers", "dollar1,dollarP", "--json", "--svg", svg.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().startsWith(root + ": 3 subjects, 3 groups, 36 gestures; user-independent, templates from 2 other subjects, 1 repeats\n"),
                r.err());
        assertEquals(List.of("dollar1", "dollarP"), List.copyOf(json(r.out()).keySet()));
        String drawn = Files.readString(svg);
        assertTrue(drawn.contains(">user-independent, 2 other subjects, $1 gesture logs, 1 draws</text>"), drawn);
        assertEquals(2, drawn.split("<polyline").length - 1, drawn);
        // k = 3: each subject has 3 examples of each gesture, enough to draw templates from others (not to test itself as well)
        CliResult three = run("few-shot", "--data", root.toString(), "--protocol", "independent", "--others", "2", "--k", "3", "--repeats", "1",
                "--recognizers", "dollar1");
        assertEquals(0, three.code(), three.err());
        CliResult few = run("few-shot", "--data", root.toString(), "--protocol", "independent", "--others", "3", "--k", "1", "--repeats", "1",
                "--recognizers", "dollar1");
        assertEquals(List.of(1, "error: 3 subjects: --others 3 needs 4\n"), List.of(few.code(), few.err()));
        CliResult many = run("few-shot", "--data", root.toString(), "--k", "4", "--repeats", "1", "--recognizers", "dollar1");
        assertEquals(1, many.code(), many.err());
        assertTrue(many.err().startsWith("error: s02/fast has 3 examples of "), many.err());
        String missing = dir.resolve("no").resolve("k.svg").toString();
        CliResult bad = run("few-shot", "--data", root.toString(), "--svg", missing, "--recognizers", "nosuch");
        assertEquals(List.of(1, "error: --svg " + missing + ": folder " + dir.resolve("no") + " does not exist\n"), List.of(bad.code(), bad.err()));
        assertEquals("error: --svg applies to --protocol dependent and independent (see gesture-model few-shot --help)\n",
                run("few-shot", "--data", root.toString(), "--protocol", "open", "--svg", svg.toString()).err());
        assertEquals("error: --foreign applies to --protocol open only (see gesture-model few-shot --help)\n",
                run("few-shot", "--data", root.toString(), "--foreign", "x").err());
        assertEquals("error: --k: each k must be in [1, 100], got 0 (see gesture-model few-shot --help)\n",
                run("few-shot", "--data", root.toString(), "--k", "2,0").err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void openSetGivesATableOrJsonWithTheForeignDigits() throws Exception {
        Path root = logs();
        Path digits = dir.resolve("d.tes");
        Files.writeString(digits, (".SEGMENT DIGIT 0 ? \"1\"\n.COMMENT 1 7 1\n.PEN_DOWN\n10 10\n10 50\n10 90\n.PEN_UP\n"
                + ".SEGMENT DIGIT 1 ? \"7\"\n.COMMENT 7 8 1\n.PEN_DOWN\n0 90\n40 90\n20 0\n.PEN_UP\n").repeat(2));
        String[] args = {"few-shot", "--data", root.toString(), "--protocol", "open", "--taught", "2", "--k", "1", "--foreign", digits.toString(),
                "--foreign-per-draw", "2", "--repeats", "1", "--recognizers", "dollarP"};
        CliResult text = run(args);
        assertEquals(0, text.code(), text.err());
        assertTrue(text.err().contains("open set: 3 groups, 2 gestures taught (k = 1) per draw, the others and 2 of 4 foreign digits unknown, 1 repeats\n"),
                text.err());
        Matcher m = Pattern.compile("dollarP      (\\d+) known, (\\d+) unknown \\(([0-9.]+) s\\)").matcher(text.err());
        assertTrue(m.find() && Double.parseDouble(m.group(3)) < 60, text.err());
        CliResult js = run(List.of(args, new String[] {"--json"}).stream().flatMap(java.util.Arrays::stream).toArray(String[]::new));
        Map<String, Object> o = (Map<String, Object>) json(js.out()).get("dollarP");
        assertEquals(List.of(Double.valueOf(m.group(1)), Double.valueOf(m.group(2))), List.of(o.get("known"), o.get("unknown")));
        assertEquals(List.of(String.format(Locale.ROOT, "%-14s %8s %22s %15s %17s", "recognizer", "AUROC", "unknowns at 95% known", "known accepted",
                        "unknown accepted"),
                String.format(Locale.ROOT, "%-14s %8.4f %21.2f%% %14.2f%% %16.2f%%", "dollarP", (Double) o.get("auroc"),
                        100 * (Double) o.get("unknownAcceptedAt95"), 100 * (Double) o.get("knownAccepted"), 100 * (Double) o.get("unknownAccepted"))),
                text.out().lines().toList());
        assertEquals(1, js.out().strip().lines().count(), js.out());
    }

    @Test
    void theSvgPlotsAccuracyAgainstKOnAGridFromTheLowestValue() {
        Map<String, Map<Integer, Double>> results = new LinkedHashMap<>();
        results.put("dollar1", new LinkedHashMap<>(Map.of(1, 0.9)));
        results.get("dollar1").put(3, 1.0);
        results.put("a&b<c", new LinkedHashMap<>(Map.of(1, 0.95)));
        results.get("a&b<c").put(3, 0.97);
        assertEquals(String.join("\n",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"560\" height=\"360\" font-family=\"sans-serif\" font-size=\"12\">",
                "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
                "<text x=\"60\" y=\"22\" font-size=\"14\">user-dependent &amp; &lt;x></text>",
                "<line x1=\"60\" x2=\"410\" y1=\"310.0\" y2=\"310.0\" stroke=\"#ddd\"/><text x=\"54\" y=\"314.0\" text-anchor=\"end\">89%</text>",
                "<line x1=\"60\" x2=\"410\" y1=\"285.5\" y2=\"285.5\" stroke=\"#ddd\"/><text x=\"54\" y=\"289.5\" text-anchor=\"end\">90%</text>",
                "<line x1=\"60\" x2=\"410\" y1=\"260.9\" y2=\"260.9\" stroke=\"#ddd\"/><text x=\"54\" y=\"264.9\" text-anchor=\"end\">91%</text>",
                "<line x1=\"60\" x2=\"410\" y1=\"236.4\" y2=\"236.4\" stroke=\"#ddd\"/><text x=\"54\" y=\"240.4\" text-anchor=\"end\">92%</text>",
                "<line x1=\"60\" x2=\"410\" y1=\"211.8\" y2=\"211.8\" stroke=\"#ddd\"/><text x=\"54\" y=\"215.8\" text-anchor=\"end\">93%</text>",
                "<line x1=\"60\" x2=\"410\" y1=\"187.3\" y2=\"187.3\" stroke=\"#ddd\"/><text x=\"54\" y=\"191.3\" text-anchor=\"end\">94%</text>",
                "<line x1=\"60\" x2=\"410\" y1=\"162.7\" y2=\"162.7\" stroke=\"#ddd\"/><text x=\"54\" y=\"166.7\" text-anchor=\"end\">95%</text>",
                "<line x1=\"60\" x2=\"410\" y1=\"138.2\" y2=\"138.2\" stroke=\"#ddd\"/><text x=\"54\" y=\"142.2\" text-anchor=\"end\">96%</text>",
                "<line x1=\"60\" x2=\"410\" y1=\"113.6\" y2=\"113.6\" stroke=\"#ddd\"/><text x=\"54\" y=\"117.6\" text-anchor=\"end\">97%</text>",
                "<line x1=\"60\" x2=\"410\" y1=\"89.1\" y2=\"89.1\" stroke=\"#ddd\"/><text x=\"54\" y=\"93.1\" text-anchor=\"end\">98%</text>",
                "<line x1=\"60\" x2=\"410\" y1=\"64.5\" y2=\"64.5\" stroke=\"#ddd\"/><text x=\"54\" y=\"68.5\" text-anchor=\"end\">99%</text>",
                "<line x1=\"60\" x2=\"410\" y1=\"40.0\" y2=\"40.0\" stroke=\"#ddd\"/><text x=\"54\" y=\"44.0\" text-anchor=\"end\">100%</text>",
                "<text x=\"60.0\" y=\"328\" text-anchor=\"middle\">1</text>",
                "<text x=\"235.0\" y=\"328\" text-anchor=\"middle\">2</text>",
                "<text x=\"410.0\" y=\"328\" text-anchor=\"middle\">3</text>",
                "<text x=\"235\" y=\"348\" text-anchor=\"middle\">examples per gesture (k)</text>",
                "<circle cx=\"60.0\" cy=\"285.5\" r=\"3\" fill=\"#3b7dd8\"/>",
                "<circle cx=\"410.0\" cy=\"40.0\" r=\"3\" fill=\"#3b7dd8\"/>",
                "<polyline fill=\"none\" stroke=\"#3b7dd8\" stroke-width=\"2\" points=\"60.0,285.5 410.0,40.0\"/>",
                "<text x=\"422\" y=\"56\" fill=\"#3b7dd8\">dollar1</text>",
                "<circle cx=\"60.0\" cy=\"162.7\" r=\"3\" fill=\"#e07020\"/>",
                "<circle cx=\"410.0\" cy=\"113.6\" r=\"3\" fill=\"#e07020\"/>",
                "<polyline fill=\"none\" stroke=\"#e07020\" stroke-width=\"2\" points=\"60.0,162.7 410.0,113.6\"/>",
                "<text x=\"422\" y=\"74\" fill=\"#e07020\">a&amp;b&lt;c</text>",
                "</svg>", ""), FewShotCommand.svg(results, "user-dependent & <x>"));
        // one k: in the middle of the axis
        String one = FewShotCommand.svg(Map.of("x", Map.of(1, 0.5)), "t");
        assertTrue(one.contains("<circle cx=\"235.0\" cy=\"304.7\" r=\"3\" fill=\"#3b7dd8\"/>"), one);
    }
}
