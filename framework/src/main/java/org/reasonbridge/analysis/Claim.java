package org.reasonbridge.analysis;

import java.util.Locale;

/**
 * One of the paper's comparisons checked on data: "treated beats baseline", with the paired difference of their
 * pass@1 and its interval, and what the interval says.
 *
 * @param name      what is claimed, e.g. "guided intervention > none"
 * @param treated   pass@1 of the side the claim says is better
 * @param baseline  pass@1 of the other side
 * @param delta     treated - baseline
 * @param lo        lower bound of the difference's interval
 * @param hi        upper bound
 * @param n         problems compared
 * @param verdict   {@link Verdict#HELD} when the interval lies above zero, {@link Verdict#REVERSED} below zero, else
 *                  {@link Verdict#NOISE}
 */
public record Claim(String name, double treated, double baseline, double delta, double lo, double hi, int n,
                    Verdict verdict) {
    /** What the interval says about the claim. */
    public enum Verdict {
        HELD, REVERSED, NOISE;

        static Verdict of(double lo, double hi) {
            return lo > 0 ? HELD : hi < 0 ? REVERSED : NOISE;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Claim {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a claim needs a name");
        if (!(lo <= hi)) throw new IllegalArgumentException(name + ": interval bounds out of order");
        if (verdict != Verdict.of(lo, hi)) throw new IllegalArgumentException(name + ": verdict " + verdict + " does not follow from [" + lo + ", " + hi + "]");
    }

    /** The claim with its verdict read off the interval. */
    public static Claim of(String name, double treated, double baseline, Interval difference, int n) {
        return new Claim(name, treated, baseline, difference.estimate(), difference.lo(), difference.hi(), n,
                Verdict.of(difference.lo(), difference.hi()));
    }

    /**
     * Compares two runs on the same problems (matched by id) with the paired bootstrap.
     *
     * @throws IllegalArgumentException naming both folders when their problem sets differ
     */
    public static Claim compare(String name, RunFolder treated, RunFolder baseline, BootstrapConfig cfg) {
        java.util.List<String> ids = RunFolder.sameProblems(treated, baseline);
        boolean[] a = treated.verdicts(ids), b = baseline.verdicts(ids);
        Interval d = Bootstrap.pairedDifference(a, b, cfg);
        return of(name, treated.accuracy(), baseline.accuracy(), d, ids.size());
    }

    /** Claims as a table: claim, n, treated, baseline, delta, delta_lo, delta_hi, verdict. */
    public static tech.tablesaw.api.Table table(java.util.List<Claim> claims) {
        var name = tech.tablesaw.api.StringColumn.create("claim");
        var verdict = tech.tablesaw.api.StringColumn.create("verdict");
        var n = tech.tablesaw.api.IntColumn.create("n");
        var treated = tech.tablesaw.api.DoubleColumn.create("treated");
        var baseline = tech.tablesaw.api.DoubleColumn.create("baseline");
        var delta = tech.tablesaw.api.DoubleColumn.create("delta");
        var lo = tech.tablesaw.api.DoubleColumn.create("delta_lo");
        var hi = tech.tablesaw.api.DoubleColumn.create("delta_hi");
        for (Claim c : claims) {
            name.append(c.name);
            n.append(c.n);
            treated.append(c.treated);
            baseline.append(c.baseline);
            delta.append(c.delta);
            lo.append(c.lo);
            hi.append(c.hi);
            verdict.append(c.verdict.label());
        }
        return tech.tablesaw.api.Table.create("claims", name, n, treated, baseline, delta, lo, hi, verdict);
    }

    /**
     * {@link #compare(String, RunFolder, RunFolder, BootstrapConfig)} with several seeds' runs on each side
     * ({@link Bootstrap#pairedDifference(java.util.List, java.util.List, BootstrapConfig)}); pass@1 is the mean over
     * seeds, n the number of problems.
     *
     * @throws IllegalArgumentException naming the folders when any two runs' problem sets differ
     */
    public static Claim compare(String name, java.util.List<RunFolder> treated, java.util.List<RunFolder> baseline,
                                BootstrapConfig cfg) {
        if (treated.isEmpty() || baseline.isEmpty()) throw new IllegalArgumentException(name + ": no runs on one side");
        java.util.List<String> ids = RunFolder.sameProblems(treated.get(0), baseline.get(0));
        java.util.List<boolean[]> a = new java.util.ArrayList<>(), b = new java.util.ArrayList<>();
        for (RunFolder r : treated) {
            RunFolder.sameProblems(treated.get(0), r); // refuses, naming both, when they differ
            a.add(r.verdicts(ids));
        }
        for (RunFolder r : baseline) {
            RunFolder.sameProblems(treated.get(0), r);
            b.add(r.verdicts(ids));
        }
        Interval d = Bootstrap.pairedDifference(a, b, cfg);
        return of(name, meanAccuracy(treated), meanAccuracy(baseline), d, ids.size());
    }

    private static double meanAccuracy(java.util.List<RunFolder> runs) {
        return runs.stream().mapToDouble(RunFolder::accuracy).average().orElseThrow();
    }

    public Interval difference() {
        return new Interval(delta, lo, hi);
    }

    /** One line for a report: {@code guided > none: 42.0 vs 35.0, +7.0 [+1.0, +13.0] pts (n=100): held}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s: %.1f vs %.1f, %s pts (n=%d): %s", name, 100 * treated, 100 * baseline,
                difference().points(), n, verdict.label());
    }
}
