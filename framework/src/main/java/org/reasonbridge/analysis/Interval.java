package org.reasonbridge.analysis;

import java.util.Locale;

/**
 * A point estimate with its confidence interval.
 *
 * @param estimate the statistic on the data as observed
 * @param lo       lower bound
 * @param hi       upper bound
 */
public record Interval(double estimate, double lo, double hi) {
    public Interval {
        if (!(lo <= hi)) throw new IllegalArgumentException("interval bounds out of order: [" + lo + ", " + hi + "]");
    }

    /** Whether zero lies strictly outside the interval. */
    public boolean excludesZero() {
        return lo > 0 || hi < 0;
    }

    /** As percentages with one decimal: {@code 45.0 [40.1, 50.2]}. */
    public String percent() {
        return String.format(Locale.ROOT, "%.1f [%.1f, %.1f]", 100 * estimate, 100 * lo, 100 * hi);
    }

    /** As signed percentage points: {@code +5.0 [+1.2, +8.9]}. */
    public String points() {
        return String.format(Locale.ROOT, "%+.1f [%+.1f, %+.1f]", 100 * estimate, 100 * lo, 100 * hi);
    }
}
