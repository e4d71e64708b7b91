package org.reasonbridge.analysis;

import org.reasonbridge.data.AtomicFiles;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.QuadCurve2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How traces move between step types (the paper's Figure 5 flow graph): counts of each transition from one step to
 * the next, of first steps and of last steps, over many traces; as a table and drawn as a PNG with Java2D (the five
 * types on a circle, an arrow per transition whose width grows with its count, a loop for a repeated type).
 */
public final class PatternFlow {
    private static final StepType[] TYPES = StepType.values();
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0x9467bd), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0xd62728)};

    private final int[][] transitions = new int[TYPES.length][TYPES.length];
    private final int[] starts = new int[TYPES.length], ends = new int[TYPES.length], steps = new int[TYPES.length];
    private int traces;

    private PatternFlow() {
    }

    /** The flow of {@code traces}, each a list of classified steps; an empty trace counts as a trace and nothing else. */
    public static PatternFlow of(List<List<ReasoningStep>> traces) {
        PatternFlow f = new PatternFlow();
        for (List<ReasoningStep> t : traces) {
            f.traces++;
            for (int i = 0; i < t.size(); i++) {
                int to = t.get(i).type().ordinal();
                f.steps[to]++;
                if (i == 0) f.starts[to]++;
                else f.transitions[t.get(i - 1).type().ordinal()][to]++;
            }
            if (!t.isEmpty()) f.ends[t.get(t.size() - 1).type().ordinal()]++;
        }
        return f;
    }

    public int traces() {
        return traces;
    }

    public int count(StepType from, StepType to) {
        return transitions[from.ordinal()][to.ordinal()];
    }

    public int starts(StepType t) {
        return starts[t.ordinal()];
    }

    public int ends(StepType t) {
        return ends[t.ordinal()];
    }

    public int steps(StepType t) {
        return steps[t.ordinal()];
    }

    /** One row per transition seen: from, to, count, and its share of the transitions leaving {@code from}. */
    public Table table() {
        StringColumn from = StringColumn.create("from"), to = StringColumn.create("to");
        IntColumn count = IntColumn.create("count");
        DoubleColumn share = DoubleColumn.create("share_of_from");
        for (StepType a : TYPES) {
            int out = 0;
            for (StepType b : TYPES) out += count(a, b);
            for (StepType b : TYPES) {
                if (count(a, b) == 0) continue;
                from.append(a.label());
                to.append(b.label());
                count.append(count(a, b));
                share.append((double) count(a, b) / out);
            }
        }
        return Table.create("step transitions", from, to, count, share);
    }

    /** Draws the flow graph into {@code png} (800 × 640). */
    public void write(Path png, String title) {
        int w = 800, h = 640, cx = w / 2, cy = h / 2 + 20, radius = 220, node = 62;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, 20, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(traces + " traces; arrow width and label: transitions from one step to the next", 20, 48);
        double[][] at = new double[TYPES.length][];
        for (int i = 0; i < TYPES.length; i++) {
            double a = -Math.PI / 2 + 2 * Math.PI * i / TYPES.length;
            at[i] = new double[]{cx + radius * Math.cos(a), cy + radius * Math.sin(a), a};
        }
        int max = 1;
        for (int[] row : transitions) for (int c : row) max = Math.max(max, c);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < TYPES.length; i++) {
            for (int j = 0; j < TYPES.length; j++) {
                int c = transitions[i][j];
                if (c == 0) continue;
                float width = 1f + 9f * c / max;
                g.setColor(new Color(COLOURS[i].getRed(), COLOURS[i].getGreen(), COLOURS[i].getBlue(), 170));
                g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                double lx, ly;
                if (i == j) {
                    // a loop outside the node, away from the centre
                    double ox = at[i][0] + (node + 14) * Math.cos(at[i][2]), oy = at[i][1] + (node + 14) * Math.sin(at[i][2]);
                    g.drawOval((int) (ox - 22), (int) (oy - 22), 44, 44);
                    lx = ox + 30 * Math.cos(at[i][2]);
                    ly = oy + 30 * Math.sin(at[i][2]);
                } else {
                    double x1 = at[i][0], y1 = at[i][1], x2 = at[j][0], y2 = at[j][1];
                    double dx = x2 - x1, dy = y2 - y1, len = Math.hypot(dx, dy);
                    // bend each edge to its right, so a->b and b->a are two visible curves
                    double mx = (x1 + x2) / 2 - dy / len * 40, my = (y1 + y2) / 2 + dx / len * 40;
                    double sx = x1 + (mx - x1) / Math.hypot(mx - x1, my - y1) * node;
                    double sy = y1 + (my - y1) / Math.hypot(mx - x1, my - y1) * node;
                    double ex = x2 + (mx - x2) / Math.hypot(mx - x2, my - y2) * (node + 4);
                    double ey = y2 + (my - y2) / Math.hypot(mx - x2, my - y2) * (node + 4);
                    g.draw(new QuadCurve2D.Double(sx, sy, mx, my, ex, ey));
                    arrowHead(g, mx, my, ex, ey, 8 + width);
                    lx = (sx + 2 * mx + ex) / 4;
                    ly = (sy + 2 * my + ey) / 4;
                }
                g.setColor(Color.BLACK);
                String s = Integer.toString(c);
                g.drawString(s, (int) lx - fm.stringWidth(s) / 2, (int) ly + fm.getAscent() / 2);
            }
        }
        g.setStroke(new BasicStroke(2f));
        for (int i = 0; i < TYPES.length; i++) {
            int x = (int) at[i][0], y = (int) at[i][1];
            g.setColor(Color.WHITE);
            g.fillOval(x - node, y - node / 2, 2 * node, node);
            g.setColor(COLOURS[i]);
            g.drawOval(x - node, y - node / 2, 2 * node, node);
            g.setColor(Color.BLACK);
            String name = TYPES[i].label(), count = steps[i] + " steps, " + starts[i] + " first";
            g.drawString(name, x - fm.stringWidth(name) / 2, y - 2);
            g.drawString(count, x - fm.stringWidth(count) / 2, y + fm.getAscent());
        }
        g.dispose();
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer in this JVM");
        });
    }

    private static void arrowHead(Graphics2D g, double fx, double fy, double tx, double ty, double size) {
        AffineTransform saved = g.getTransform();
        g.translate(tx, ty);
        g.rotate(Math.atan2(ty - fy, tx - fx));
        g.setStroke(new BasicStroke(2f));
        g.fill(new java.awt.Polygon(new int[]{0, (int) -size, (int) -size}, new int[]{0, (int) (size / 2), (int) (-size / 2)}, 3));
        g.setTransform(saved);
    }
}
