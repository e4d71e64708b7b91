package org.reasonbridge.analysis;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap over problems for pass@1, alone and as the paired difference of two runs on the same
 * problems (each resample draws problem indices once and scores both runs on them, so the problem-to-problem
 * variation the runs share cancels). Deterministic: the same data and {@link BootstrapConfig} give the same interval.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    /** pass@1 of {@code correct} with its interval. */
    public static Interval passAt1(boolean[] correct, BootstrapConfig cfg) {
        if (correct.length == 0) throw new IllegalArgumentException("no problems to bootstrap over");
        int n = correct.length;
        SplittableRandom r = new SplittableRandom(cfg.seed());
        double[] stats = new double[cfg.resamples()];
        for (int b = 0; b < stats.length; b++) {
            int k = 0;
            for (int i = 0; i < n; i++) if (correct[r.nextInt(n)]) k++;
            stats[b] = (double) k / n;
        }
        return interval(mean(correct), stats, cfg.level());
    }

    /**
     * pass@1 from counts alone (a sweep's table): resampling problems from a run with {@code correct} of {@code n}
     * right is resampling this vector, whatever the order.
     */
    public static Interval passAt1(int correct, int n, BootstrapConfig cfg) {
        if (correct < 0 || correct > n) throw new IllegalArgumentException("correct " + correct + " not in [0, " + n + "]");
        boolean[] v = new boolean[n];
        Arrays.fill(v, 0, correct, true);
        return passAt1(v, cfg);
    }

    /** pass@1 of {@code a} minus pass@1 of {@code b}, problem {@code i} being the same in both. */
    public static Interval pairedDifference(boolean[] a, boolean[] b, BootstrapConfig cfg) {
        if (a.length != b.length) throw new IllegalArgumentException("paired runs need the same problems: " + a.length + " vs " + b.length);
        if (a.length == 0) throw new IllegalArgumentException("no problems to bootstrap over");
        int n = a.length;
        SplittableRandom r = new SplittableRandom(cfg.seed());
        double[] stats = new double[cfg.resamples()];
        for (int s = 0; s < stats.length; s++) {
            int d = 0;
            for (int i = 0; i < n; i++) {
                int j = r.nextInt(n);
                d += (a[j] ? 1 : 0) - (b[j] ? 1 : 0);
            }
            stats[s] = (double) d / n;
        }
        return interval(mean(a) - mean(b), stats, cfg.level());
    }

    private static double mean(boolean[] v) {
        int k = 0;
        for (boolean x : v) if (x) k++;
        return (double) k / v.length;
    }

    private static Interval interval(double estimate, double[] stats, double level) {
        Arrays.sort(stats);
        double tail = (1 - level) / 2;
        return new Interval(estimate, quantile(stats, tail), quantile(stats, 1 - tail));
    }

    /**
     * The {@code q}-quantile of sorted values with linear interpolation between order statistics (R's type 7, numpy's
     * default): position {@code q * (n - 1)}.
     */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos), hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
