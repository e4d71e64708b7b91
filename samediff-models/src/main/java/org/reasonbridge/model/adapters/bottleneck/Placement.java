package org.reasonbridge.model.adapters.bottleneck;

import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Where one level's adapters sit: after which sub-layer, in which span of depth. The span is a fraction of the
 * layer count, so one placement fits models of any depth.
 *
 * <p>Rounding: layer {@code i} of {@code L} is in {@code [from, to)} when {@code from ≤ i/L < to}, that is layers
 * {@code ceil(from·L)} to {@code ceil(to·L) − 1}, and {@code to = 1} includes the last layer. Boundaries within 1e-9 of
 * an integer count as that integer (so 1/3 of 27 layers is 9). Thirds of 28 layers: 0–9, 10–18, 19–27 (10/9/9). A
 * span can be empty on a shallow model: the late third [2/3, 1) of 2 layers holds none.
 *
 * @param position after the attention or after the feed-forward sub-layer, before its residual add
 * @param from     first fraction of depth, in [0, 1)
 * @param to       end fraction, in (from, 1]
 */
public record Placement(Position position, double from, double to) {
    /** The sub-layer whose output the adapter rewrites as {@code out + adapter(out)}. */
    public enum Position {
        AFTER_ATTENTION, AFTER_MLP;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Position of(String id) {
            for (Position p : values()) {
                if (p.id().equals(id)) return p;
            }
            throw new IllegalArgumentException("unknown position '" + id + "' (after_attention, after_mlp)");
        }
    }

    public static final double THIRD = 1.0 / 3.0;
    public static final double TWO_THIRDS = 2.0 / 3.0;
    private static final double EPS = 1e-9;

    public Placement {
        if (position == null) throw new IllegalArgumentException("placement needs a position");
        if (!(from >= 0 && from < 1)) throw new IllegalArgumentException("placement from must be in [0, 1), got " + from);
        if (!(to > from && to <= 1)) throw new IllegalArgumentException("placement to must be in (from, 1], got " + to);
    }

    public static Placement early(Position p) {
        return new Placement(p, 0, THIRD);
    }

    public static Placement middle(Position p) {
        return new Placement(p, THIRD, TWO_THIRDS);
    }

    public static Placement late(Position p) {
        return new Placement(p, TWO_THIRDS, 1);
    }

    public static Placement everyLayer(Position p) {
        return new Placement(p, 0, 1);
    }

    /** The layer indices of a {@code numLayers}-layer model in this span, ascending. */
    public int[] layers(int numLayers) {
        int first = (int) Math.ceil(from * numLayers - EPS);
        int end = to >= 1 ? numLayers : (int) Math.ceil(to * numLayers - EPS);
        return IntStream.range(first, Math.min(end, numLayers)).toArray();
    }

    public boolean contains(int layer, int numLayers) {
        int first = (int) Math.ceil(from * numLayers - EPS);
        int end = to >= 1 ? numLayers : (int) Math.ceil(to * numLayers - EPS);
        return layer >= first && layer < end;
    }
}
