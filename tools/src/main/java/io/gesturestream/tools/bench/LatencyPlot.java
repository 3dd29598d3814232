package io.gesturestream.tools.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The latency plot of {@code bench e2e}, drawn with Java2D (headless): offered load on x,
 * latency on a log scale on y, one colour per pipeline and guarantee, p50 dashed, p99 solid.
 */
final class LatencyPlot {
    private static final int W = 960, H = 560, LEFT = 80, RIGHT = 290, TOP = 50, BOTTOM = 60;
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)};

    private LatencyPlot() {}

    static void write(List<EndToEndBench.Point> points, String title, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        double xMax = points.stream().mapToDouble(EndToEndBench.Point::offered).max().orElse(1) * 1.05;
        double lowest = points.stream().mapToDouble(EndToEndBench.Point::p50).filter(v -> v > 0).min().orElse(1);
        double yMin = Math.pow(10, Math.floor(Math.log10(Math.max(0.01, lowest)))), yMax = Math.max(10, points.stream().mapToDouble(EndToEndBench.Point::p99).max().orElse(10) * 1.5);
        int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawRect(LEFT, TOP, pw, ph);
        for (double y = yMin; y <= yMax; y *= 10) {
            for (int m = 1; m < 10; m++) {
                double v = y * m;
                if (v < yMin || v > yMax) continue;
                int py = yPix(v, yMin, yMax, ph);
                g.setColor(m == 1 ? new Color(0xcccccc) : new Color(0xeeeeee));
                g.drawLine(LEFT, py, LEFT + pw, py);
                if (m == 1) {
                    g.setColor(Color.BLACK);
                    g.drawString(v < 1 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v), LEFT - 40, py + 4);
                }
            }
        }
        double step = niceStep(xMax);
        for (double x = 0; x <= xMax; x += step) {
            int px = LEFT + (int) (x / xMax * pw);
            g.setColor(new Color(0xeeeeee));
            g.drawLine(px, TOP, px, TOP + ph);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%,.0f", x), px - 15, TOP + ph + 18);
        }
        g.drawString("offered load, events/s", LEFT + pw / 2 - 60, H - 18);
        g.rotate(-Math.PI / 2);
        g.drawString("event-to-prediction latency, ms (log)", -(TOP + ph / 2 + 110), 22);
        g.rotate(Math.PI / 2);
        Map<String, List<EndToEndBench.Point>> series = new LinkedHashMap<>();
        for (EndToEndBench.Point p : points) series.computeIfAbsent(p.pipeline() + " " + p.guarantee(), k -> new java.util.ArrayList<>()).add(p);
        int i = 0, legendY = TOP + 10;
        for (Map.Entry<String, List<EndToEndBench.Point>> e : series.entrySet()) {
            Color c = COLOURS[i++ % COLOURS.length];
            for (int q = 0; q < 2; q++) {
                boolean p99 = q == 1;
                g.setColor(c);
                g.setStroke(p99 ? new BasicStroke(2.2f) : new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {6, 4}, 0));
                int px0 = -1, py0 = -1;
                for (EndToEndBench.Point p : e.getValue()) {
                    int px = LEFT + (int) (p.offered() / xMax * pw);
                    int py = yPix(Math.max(yMin, p99 ? p.p99() : p.p50()), yMin, yMax, ph);
                    if (px0 >= 0) g.drawLine(px0, py0, px, py);
                    g.fillOval(px - 3, py - 3, 6, 6);
                    px0 = px;
                    py0 = py;
                }
                g.drawLine(LEFT + pw + 15, legendY, LEFT + pw + 45, legendY);
                g.setColor(Color.BLACK);
                g.drawString(e.getKey().toLowerCase(Locale.ROOT) + (p99 ? " p99" : " p50"), LEFT + pw + 52, legendY + 4);
                legendY += 20;
            }
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static int yPix(double v, double yMin, double yMax, int ph) {
        double f = (Math.log10(v) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin));
        return TOP + ph - (int) (f * ph);
    }

    private static double niceStep(double max) {
        double raw = max / 6, mag = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) if (raw <= m * mag) return m * mag;
        return 10 * mag;
    }
}
