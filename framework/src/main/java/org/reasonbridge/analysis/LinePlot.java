package org.reasonbridge.analysis;

import org.reasonbridge.data.AtomicFiles;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A line chart of a Tablesaw table written as PNG with Java2D: one line per value of a group column (e.g. the
 * method), x and y from numeric columns. Enough for the paper's figures without a browser or a plotting library.
 */
public final class LinePlot {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};
    private static final int MARGIN_LEFT = 70, MARGIN_RIGHT = 160, MARGIN_TOP = 40, MARGIN_BOTTOM = 55;

    private LinePlot() {
    }

    /**
     * Draws {@code y} against {@code x}, one line per distinct value of {@code group}, into {@code png}.
     *
     * @throws IllegalArgumentException when a column is missing or not numeric, or the table is empty
     */
    public static void write(Table table, String x, String y, String group, String title, Path png, int width, int height) {
        if (table.rowCount() == 0) throw new IllegalArgumentException("nothing to plot: the table is empty");
        NumericColumn<?> xs = numeric(table, x), ys = numeric(table, y);
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (int r = 0; r < table.rowCount(); r++) {
            String g = group == null ? y : table.column(group).getString(r);
            series.computeIfAbsent(g, k -> new ArrayList<>()).add(new double[]{xs.getDouble(r), ys.getDouble(r)});
        }
        series.values().forEach(points -> points.sort((a, b) -> Double.compare(a[0], b[0])));
        boolean xIntegral = integral(xs), yIntegral = integral(ys);
        double xMin = xs.min(), xMax = xs.max(), yMin = Math.min(0, ys.min()), yMax = ys.max();
        if (xMax == xMin) xMax = xMin + 1;
        if (yMax == yMin) yMax = yMin + 1;

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int plotW = width - MARGIN_LEFT - MARGIN_RIGHT, plotH = height - MARGIN_TOP - MARGIN_BOTTOM;
        Axis ax = new Axis(xMin, xMax, MARGIN_LEFT, plotW, false);
        Axis ay = new Axis(yMin, yMax, MARGIN_TOP, plotH, true);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(new Color(0xdddddd));
        List<Double> xTicks = ticks(xMin, xMax, xIntegral), yTicks = ticks(yMin, yMax, yIntegral);
        for (double t : yTicks) g.drawLine(MARGIN_LEFT, ay.px(t), MARGIN_LEFT + plotW, ay.px(t));
        g.setColor(Color.DARK_GRAY);
        g.drawRect(MARGIN_LEFT, MARGIN_TOP, plotW, plotH);
        for (double t : xTicks) {
            String s = label(t, xTicks);
            g.drawString(s, ax.px(t) - fm.stringWidth(s) / 2, MARGIN_TOP + plotH + 18);
        }
        for (double t : yTicks) {
            String s = label(t, yTicks);
            g.drawString(s, MARGIN_LEFT - 8 - fm.stringWidth(s), ay.px(t) + fm.getAscent() / 2 - 1);
        }
        g.drawString(x, MARGIN_LEFT + plotW / 2 - fm.stringWidth(x) / 2, height - 15);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(y, -(MARGIN_TOP + plotH / 2 + fm.stringWidth(y) / 2), 18);
        rotated.dispose();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, MARGIN_LEFT, 24);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int i = 0;
        List<Map.Entry<String, List<double[]>>> drawn = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            Color c = PALETTE[i % PALETTE.length];
            // each series its own dash and a larger hollow marker, so a series equal to an earlier one stays visible
            Stroke line = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, DASHES[i % DASHES.length], 0f);
            int r = 4 + 2 * i;
            List<double[]> pts = e.getValue();
            g.setColor(c);
            for (int k = 0; k < pts.size(); k++) {
                int px = ax.px(pts.get(k)[0]), py = ay.px(pts.get(k)[1]);
                g.setStroke(line);
                if (k > 0) g.drawLine(ax.px(pts.get(k - 1)[0]), ay.px(pts.get(k - 1)[1]), px, py);
                g.setStroke(new BasicStroke(2f));
                if (i == 0) g.fillOval(px - r, py - r, 2 * r, 2 * r);
                else g.drawOval(px - r, py - r, 2 * r, 2 * r);
            }
            int ly = MARGIN_TOP + 10 + i * 20;
            g.setStroke(line);
            g.drawLine(MARGIN_LEFT + plotW + 15, ly, MARGIN_LEFT + plotW + 40, ly);
            g.setColor(Color.DARK_GRAY);
            String same = drawn.stream().filter(d -> samePoints(d.getValue(), pts)).map(Map.Entry::getKey).findFirst()
                    .map(k -> " (= " + k + ")").orElse("");
            g.drawString(e.getKey() + same, MARGIN_LEFT + plotW + 46, ly + 4);
            drawn.add(e);
            i++;
        }
        g.dispose();
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer in this JVM");
        });
    }

    private static NumericColumn<?> numeric(Table t, String name) {
        if (!t.columnNames().contains(name)) throw new IllegalArgumentException("no column '" + name + "' in " + t.columnNames());
        if (!(t.column(name) instanceof NumericColumn<?> n)) throw new IllegalArgumentException("column '" + name + "' is not numeric");
        return n;
    }

    private static final float[][] DASHES = {{1f, 0f}, {8f, 4f}, {2f, 3f}, {10f, 3f, 2f, 3f}};

    private static boolean samePoints(List<double[]> a, List<double[]> b) {
        if (a.size() != b.size()) return false;
        for (int k = 0; k < a.size(); k++) if (!java.util.Arrays.equals(a.get(k), b.get(k))) return false;
        return true;
    }

    /** Whether every value is a whole number (interventions, budgets): such an axis gets no fractional ticks. */
    private static boolean integral(NumericColumn<?> c) {
        for (int r = 0; r < c.size(); r++) {
            double v = c.getDouble(r);
            if (Double.isFinite(v) && v != Math.rint(v)) return false;
        }
        return true;
    }

    /** About five round tick values covering [lo, hi]. */
    static List<Double> ticks(double lo, double hi) {
        return ticks(lo, hi, false);
    }

    /** About five round tick values covering [lo, hi]; whole numbers only when {@code integral}. */
    static List<Double> ticks(double lo, double hi, boolean integral) {
        double raw = (hi - lo) / 5, mag = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / mag;
        double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag; // the nice step nearest the raw one
        if (integral) step = Math.max(1, Math.rint(step));
        List<Double> out = new ArrayList<>();
        double first = Math.ceil(lo / step - 1e-9);
        for (int i = 0; (first + i) * step <= hi + step * 1e-9; i++) out.add((first + i) * step);
        return out;
    }

    /** Integers when every tick of the axis is one, else two decimals for all: one format per axis. */
    private static String label(double v, List<Double> axis) {
        boolean integral = axis.stream().allMatch(t -> Math.abs(t - Math.rint(t)) < 1e-9);
        return integral ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** Maps data values to pixels along one axis. */
    private record Axis(double min, double max, int origin, int length, boolean inverted) {
        int px(double v) {
            double f = (v - min) / (max - min);
            return (int) Math.round(inverted ? origin + length - f * length : origin + f * length);
        }
    }
}
