package io.gesturestream.model.cli;

import io.gesturestream.model.LabelSet;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.WriterSplit;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code render}: pen gestures drawn as the reader has them (x right, y down) to a PNG grid, a
 * cell each with its label and writer: how to check a reader's orientation and scale on a new
 * dataset or institution, or look at what a model gets wrong.
 */
final class RenderCommand implements CliCommand {
    static final Opt<String> FORMAT = Opt.of("format", "F", "data format: pendigits, dollar, jsonl or unipen", Sources::format).required();
    static final Opt<String> DATA = Opt.text("data", "PATH", "the gestures (default: found under --datasets, except for jsonl)");
    static final Opt<String> DATASETS = Opt.text("datasets", "DIR", "where the default --data is found").withDefault(Sources.DEFAULT_DATASETS);
    static final Opt<String> WRITER = Opt.text("writer", "PREFIX", "only writers whose name starts with PREFIX, such as uqb/ for a "
            + "UNIPEN institution");
    static final Opt<String> OUT = Opt.text("out", "PNG", "the image to write, e.g. grid.png").required();
    static final Opt<Integer> COUNT = Opt.integer("count", "gestures to draw, taken evenly from those selected", 1, 10_000, 100);
    static final Opt<Integer> COLUMNS = Opt.integer("columns", "cells per row", 1, 100, 10);
    static final Opt<Integer> CELL = Opt.integer("cell", "cell size in pixels", 32, 1024, 120);

    static final Command SPEC = new Command("render",
            "Draws pen gestures to a PNG grid, x right and y down as the reader delivers them, with label and writer.",
            List.of(FORMAT, DATA, DATASETS, Sources.CATEGORY, Sources.SPLIT, Sources.LABELS, WRITER, OUT, COUNT, COLUMNS, CELL));

    @Override
    public Command spec() {
        return SPEC;
    }

    @Override
    public int run(Command.Parsed opts, PrintStream out, PrintStream err) throws Exception {
        System.setProperty("java.awt.headless", "true");  // draws to memory: no display needed, none used
        String format = opts.get(FORMAT);
        Path data = Sources.data(opts, DATA, format, Path.of(opts.get(DATASETS)), false);
        Path png = Path.of(opts.get(OUT));
        if (!png.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
            throw new Command.UsageException("--out must name a .png file, got " + png);
        }
        Sources.writable("--out " + png, png);
        WriterSplit split = opts.get(Sources.SPLIT);
        List<Gesture> gestures = Sources.split(err, split, Sources.read(err, format, data, null, Sources.categories(opts, format)), data);
        LabelSet labels = opts.get(Sources.LABELS);
        gestures = Sources.withLabels(err, labels, gestures);
        String prefix = opts.get(WRITER);
        if (prefix != null) gestures = gestures.stream().filter(g -> g.subject() != null && g.subject().startsWith(prefix)).toList();
        if (gestures.isEmpty()) throw new IllegalArgumentException("no gesture to draw" + (prefix != null ? " of a writer starting with " + prefix : ""));
        if (!(gestures.get(0).samples().get(0) instanceof PenSample)) throw new IllegalArgumentException("render draws pen gestures only");
        int n = Math.min(opts.get(COUNT), gestures.size()), cols = Math.min(opts.get(COLUMNS), n), cell = opts.get(CELL);
        int rows = (n + cols - 1) / cols;
        BufferedImage img = new BufferedImage(cols * cell, rows * cell, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = img.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setColor(Color.WHITE);
            g2.fillRect(0, 0, img.getWidth(), img.getHeight());
            g2.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, cell / 11)));
            for (int k = 0; k < n; k++) {
                Gesture g = gestures.get((int) ((long) k * gestures.size() / n));
                draw(g2, g, (k % cols) * cell, (k / cols) * cell, cell);
            }
        } finally {
            g2.dispose();
        }
        if (!ImageIO.write(img, "png", png.toFile())) throw new IllegalStateException("no PNG writer in this JVM");
        out.println("wrote " + png + " (" + n + " of " + gestures.size() + " gestures, " + cols + " x " + rows + ")");
        return 0;
    }

    /** One cell: the strokes fitted into its upper part, the first point of each stroke marked, the label and writer below. */
    private static void draw(Graphics2D g2, Gesture g, int x0, int y0, int cell) {
        g2.setColor(new Color(0xDDDDDD));
        g2.drawRect(x0, y0, cell - 1, cell - 1);
        float minX = Float.MAX_VALUE, maxX = -Float.MAX_VALUE, minY = Float.MAX_VALUE, maxY = -Float.MAX_VALUE;
        for (Sample s : g.samples()) {
            PenSample p = (PenSample) s;
            minX = Math.min(minX, p.x()); maxX = Math.max(maxX, p.x());
            minY = Math.min(minY, p.y()); maxY = Math.max(maxY, p.y());
        }
        int text = Math.max(11, cell / 8), pad = Math.max(3, cell / 20);
        double box = cell - 2.0 * pad - text;
        double scale = box / Math.max(1e-9, Math.max(maxX - minX, maxY - minY));
        double ox = x0 + pad + (box - (maxX - minX) * scale) / 2, oy = y0 + pad + (box - (maxY - minY) * scale) / 2;
        g2.setStroke(new BasicStroke(Math.max(1f, cell / 60f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double path = null;
        for (Sample s : g.samples()) {
            PenSample p = (PenSample) s;
            double x = ox + (p.x() - minX) * scale, y = oy + (p.y() - minY) * scale;
            if (p.phase() == PenSample.Phase.DOWN || path == null) {
                if (path != null) draw(g2, path);
                path = new Path2D.Double();
                path.moveTo(x, y);
                g2.setColor(new Color(0xE07020));
                g2.fillOval((int) x - 2, (int) y - 2, 5, 5);
            } else {
                path.lineTo(x, y);
            }
        }
        if (path != null) draw(g2, path);
        g2.setColor(Color.BLACK);
        String who = g.subject() == null ? "" : " " + g.subject();
        g2.drawString(g.label() + who, x0 + pad, y0 + cell - pad);
    }

    private static void draw(Graphics2D g2, Path2D path) {
        g2.setColor(new Color(0x2050A0));
        g2.draw(path);
    }
}
