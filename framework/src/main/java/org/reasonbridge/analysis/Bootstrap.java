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
        SplittableRandom r = new SplittableRandom(cfg.seed());
        double[] stats = new double[cfg.resamples()];
        for (int s = 0; s < stats.length; s++) stats[s] = resampledDifference(a, b, r);
        return interval(mean(a) - mean(b), stats, cfg.level());
    }

    // ---- Over seeds as well: runs of one system with different seeds on the same problems

    /**
     * pass@1 over several seeds' runs on the same problems (each array one seed, problem {@code i} the same in all):
     * the mean over seeds and problems, with a two-level interval that resamples problems and, independently,
     * seeds. One seed gives exactly {@link #passAt1(boolean[], BootstrapConfig)}.
     */
    public static Interval passAt1(java.util.List<boolean[]> seeds, BootstrapConfig cfg) {
        if (seeds.size() == 1) return passAt1(seeds.get(0), cfg);
        int n = sameLength(seeds);
        SplittableRandom r = new SplittableRandom(cfg.seed());
        double[] stats = new double[cfg.resamples()];
        int[] idx = new int[n];
        for (int b = 0; b < stats.length; b++) {
            for (int i = 0; i < n; i++) idx[i] = r.nextInt(n);
            stats[b] = meanOver(seeds, idx, r);
        }
        return interval(meanOf(seeds), stats, cfg.level());
    }

    /**
     * The paired difference of two systems, each run with one or more seeds on the same problems: problems are
     * resampled once for both sides, each side's seeds independently. One seed each gives exactly
     * {@link #pairedDifference(boolean[], boolean[], BootstrapConfig)}.
     */
    public static Interval pairedDifference(java.util.List<boolean[]> a, java.util.List<boolean[]> b, BootstrapConfig cfg) {
        if (a.size() == 1 && b.size() == 1) return pairedDifference(a.get(0), b.get(0), cfg);
        int n = sameLength(a);
        if (sameLength(b) != n) throw new IllegalArgumentException("paired runs need the same problems: " + n + " vs " + b.get(0).length);
        SplittableRandom r = new SplittableRandom(cfg.seed());
        double[] stats = new double[cfg.resamples()];
        int[] idx = new int[n];
        for (int s = 0; s < stats.length; s++) {
            for (int i = 0; i < n; i++) idx[i] = r.nextInt(n);
            stats[s] = meanOver(a, idx, r) - meanOver(b, idx, r);
        }
        return interval(meanOf(a) - meanOf(b), stats, cfg.level());
    }

    // ---- Over replicates: the whole experiment run again, each time on problems of its own (another world)

    /**
     * The paired difference of two systems over independent replicates of an experiment, replicate {@code r} having
     * its own problems ({@code a.get(r)} and {@code b.get(r)} the same problems, other replicates other ones): the
     * mean over replicates of each one's paired difference, with a two-level interval that draws replicates with
     * replacement and, within each drawn one, its problems, so both the spread between replicates (e.g. training
     * seeds) and between problems widen it. It is conservative: each replicate's observed difference already carries
     * its problems' noise, which the inner resampling counts again; with few replicates, resampling them alone would
     * give too few distinct resamples. One replicate gives exactly
     * {@link #pairedDifference(boolean[], boolean[], BootstrapConfig)}.
     */
    public static Interval pairedDifferenceOverReplicates(java.util.List<boolean[]> a, java.util.List<boolean[]> b, BootstrapConfig cfg) {
        if (a.isEmpty() || a.size() != b.size()) {
            throw new IllegalArgumentException("replicates need both systems in each: " + a.size() + " vs " + b.size());
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).length != b.get(i).length || a.get(i).length == 0) {
                throw new IllegalArgumentException("replicate " + i + ": paired runs need the same, non-empty problems: "
                        + a.get(i).length + " vs " + b.get(i).length);
            }
        }
        if (a.size() == 1) return pairedDifference(a.get(0), b.get(0), cfg);
        int k = a.size();
        SplittableRandom r = new SplittableRandom(cfg.seed());
        double[] stats = new double[cfg.resamples()];
        for (int s = 0; s < stats.length; s++) {
            double sum = 0;
            for (int t = 0; t < k; t++) {
                int rep = r.nextInt(k);
                sum += resampledDifference(a.get(rep), b.get(rep), r);
            }
            stats[s] = sum / k;
        }
        double estimate = 0;
        for (int t = 0; t < k; t++) estimate += mean(a.get(t)) - mean(b.get(t));
        return interval(estimate / k, stats, cfg.level());
    }

    /** mean(a) - mean(b) over the problems of one resample, drawn with replacement, the same for both. */
    private static double resampledDifference(boolean[] a, boolean[] b, SplittableRandom r) {
        int n = a.length, d = 0;
        for (int i = 0; i < n; i++) {
            int j = r.nextInt(n);
            d += (a[j] ? 1 : 0) - (b[j] ? 1 : 0);
        }
        return (double) d / n;
    }

    /** The mean verdict at problems {@code idx} over seeds drawn with replacement. */
    private static double meanOver(java.util.List<boolean[]> seeds, int[] idx, SplittableRandom r) {
        int k = 0;
        for (int s = 0; s < seeds.size(); s++) {
            boolean[] v = seeds.get(r.nextInt(seeds.size()));
            for (int i : idx) if (v[i]) k++;
        }
        return (double) k / ((long) seeds.size() * idx.length);
    }

    private static double meanOf(java.util.List<boolean[]> seeds) {
        double sum = 0;
        for (boolean[] v : seeds) sum += mean(v);
        return sum / seeds.size();
    }

    private static int sameLength(java.util.List<boolean[]> seeds) {
        if (seeds.isEmpty()) throw new IllegalArgumentException("no runs to bootstrap over");
        int n = seeds.get(0).length;
        if (n == 0) throw new IllegalArgumentException("no problems to bootstrap over");
        for (boolean[] v : seeds) {
            if (v.length != n) throw new IllegalArgumentException("seeds of one system need the same problems: " + n + " vs " + v.length);
        }
        return n;
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
