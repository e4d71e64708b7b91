package org.reasonbridge.model.exec;

/**
 * Reductions over a run of a float array, for the steps that do their elementwise arithmetic in Java loops. Each runs
 * four independent chains: Java does not vectorise a float reduction (its order is fixed), so a single chain is
 * bound by the latency of one compare or add per value, about four times slower.
 */
public final class FloatRows {
    private FloatRows() {
    }

    /** The largest of x[first..first+n); NaN values are passed over (the sums after a shift by it carry them). */
    public static float max(float[] x, int first, int n) {
        float a = Float.NEGATIVE_INFINITY, b = a, c = a, d = a;
        int j = first, end = first + n;
        for (; j + 3 < end; j += 4) {
            a = x[j] > a ? x[j] : a;
            b = x[j + 1] > b ? x[j + 1] : b;
            c = x[j + 2] > c ? x[j + 2] : c;
            d = x[j + 3] > d ? x[j + 3] : d;
        }
        for (; j < end; j++) a = x[j] > a ? x[j] : a;
        return Math.max(Math.max(a, b), Math.max(c, d));
    }

    /** The sum of x[first..first+n), accumulated in double. */
    public static double sum(float[] x, int first, int n) {
        double a = 0, b = 0, c = 0, d = 0;
        int j = first, end = first + n;
        for (; j + 3 < end; j += 4) {
            a += x[j];
            b += x[j + 1];
            c += x[j + 2];
            d += x[j + 3];
        }
        for (; j < end; j++) a += x[j];
        return (a + b) + (c + d);
    }
}
