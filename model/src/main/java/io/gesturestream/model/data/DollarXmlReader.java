package io.gesturestream.model.data;

import io.gesturestream.model.Meter;
import io.gesturestream.model.features.Sample;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

/**
 * Reads the $1 Unistroke Recognizer gesture logs (Wobbrock, Wilson and Li, UIST 2007): one XML
 * file per gesture, {@code <Gesture Name="arrow01" Subject="2" ...>} holding
 * {@code <Point X=".." Y=".." T=".."/>} elements (screen pixels, y down, ms). The class is the
 * name without its trailing digits; the subject is the {@code Subject} attribute.
 *
 * <p>DOCTYPEs and external entities are refused: log files come from people.
 */
public final class DollarXmlReader {
    private static final int MAX_POINTS = 100_000;
    private static final long MAX_FILE_BYTES = 16L << 20;

    private DollarXmlReader() {}

    /** Every {@code *.xml} below {@code root} whose subject passes {@code subjects}, in path order. */
    public static List<Gesture> readFolder(Path root, IntPredicate subjects) throws IOException, DataFormatException {
        return readFolder(root, subjects, Meter.NONE);
    }

    /** Like {@link #readFolder(Path, IntPredicate)}, reporting the files read to {@code meter}. */
    public static List<Gesture> readFolder(Path root, IntPredicate subjects, Meter meter) throws IOException, DataFormatException {
        if (!Files.isDirectory(root)) throw new DataFormatException(root + ": not a folder of $1 XML logs");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".xml"))
                    .filter(Files::isRegularFile).sorted().toList();
        }
        if (files.isEmpty()) throw new DataFormatException(root + ": no .xml files below this folder");
        DocumentBuilder builder = newBuilder();
        List<Gesture> out = new ArrayList<>();
        try (Meter.Step step = meter.start("reading " + root, files.size(), "files")) {
            int done = 0;
            for (Path f : files) {
                Gesture g = readFile(builder, f);
                int subject = Integer.parseInt(g.subject());
                if (subjects.test(subject)) out.add(g);
                step.update(++done);
            }
        }
        if (out.isEmpty()) throw new DataFormatException(root + ": no gestures from the selected subjects");
        return out;
    }

    public static Gesture readFile(Path file) throws IOException, DataFormatException {
        return readFile(newBuilder(), file);
    }

    private static Gesture readFile(DocumentBuilder builder, Path file) throws IOException, DataFormatException {
        if (Files.size(file) > MAX_FILE_BYTES) throw new DataFormatException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
        try (InputStream in = Files.newInputStream(file)) {
            return parse(builder, in, file.toString());
        }
    }

    static Gesture parse(DocumentBuilder builder, InputStream in, String source) throws IOException, DataFormatException {
        Document doc;
        try {
            doc = builder.parse(in);
        } catch (SAXException e) {
            throw new DataFormatException(source + ": not well-formed XML: " + e.getMessage());
        }
        Element root = doc.getDocumentElement();
        if (!"Gesture".equals(root.getTagName())) throw new DataFormatException(source + ": root element is not <Gesture>");
        String name = root.getAttribute("Name");
        int end = name.length();
        while (end > 0 && Character.isDigit(name.charAt(end - 1))) end--;  // "arrow01" -> "arrow" (a loop: no regex backtracking)
        String label = name.substring(0, end);
        if (label.isEmpty()) throw new DataFormatException(source + ": <Gesture> has no Name");
        if (label.length() > JsonlReader.MAX_LABEL) {
            throw new DataFormatException(source + ": <Gesture> Name longer than " + JsonlReader.MAX_LABEL + " characters");
        }
        String subjectAttr = root.getAttribute("Subject");
        int subject;
        try {
            subject = Integer.parseInt(subjectAttr.strip());
        } catch (NumberFormatException e) {
            throw new DataFormatException(source + ": Subject is not a number: '" + subjectAttr + "'");
        }
        NodeList pts = root.getElementsByTagName("Point");
        int n = pts.getLength();
        if (n == 0) throw new DataFormatException(source + ": no <Point> elements");
        if (n > MAX_POINTS) throw new DataFormatException(source + ": more than " + MAX_POINTS + " points");
        double[] xs = new double[n], ys = new double[n];
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            Element p = (Element) pts.item(i);
            try {
                xs[i] = finite(Double.parseDouble(p.getAttribute("X")));
                ys[i] = finite(Double.parseDouble(p.getAttribute("Y")));
                ts[i] = Long.parseLong(p.getAttribute("T").strip());
            } catch (NumberFormatException e) {
                throw new DataFormatException(source + ": point " + (i + 1) + " has a missing or bad X, Y or T");
            }
        }
        List<Sample> samples = new ArrayList<>(n + 1);
        Strokes.add(samples, xs, ys, ts, n);
        return new Gesture(label, Integer.toString(subject), samples);
    }

    private static double finite(double v) {
        if (!Double.isFinite(v)) throw new NumberFormatException();
        return v;
    }

    static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a required security feature", e);
        }
    }

    /**
     * Parses a subject filter: {@code s02-s07}, {@code s08,s10}, {@code 2-7}, or a mix.
     *
     * @throws IllegalArgumentException when the text is not such a list
     */
    public static IntPredicate subjects(String spec) {
        if (spec == null || spec.isBlank()) return s -> true;
        List<int[]> ranges = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            String[] ends = p.split("-", -1);
            if (ends.length > 2) throw new IllegalArgumentException("bad subject range '" + p + "'");
            int lo = subjectNumber(ends[0]);
            int hi = ends.length == 2 ? subjectNumber(ends[1]) : lo;
            if (hi < lo) throw new IllegalArgumentException("empty subject range '" + p + "'");
            ranges.add(new int[] {lo, hi});
        }
        return s -> {
            for (int[] r : ranges) if (s >= r[0] && s <= r[1]) return true;
            return false;
        };
    }

    private static int subjectNumber(String s) {
        String t = s.strip().toLowerCase();
        if (t.startsWith("s")) t = t.substring(1);
        try {
            int v = Integer.parseInt(t);
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad subject '" + s + "' (expected e.g. s02)");
        }
    }
}
