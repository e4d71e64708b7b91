package org.reasonbridge.analysis;

/**
 * How confidence intervals are computed: percentile bootstrap over problems.
 *
 * @param resamples bootstrap resamples (default 2000: the 2.5% / 97.5% percentiles move by well under a point
 *                  between seeds at that count for the test-set sizes we use)
 * @param level     the interval's coverage (default 0.95)
 * @param seed      the resampling seed (default 0); the same seed gives the same intervals
 */
public record BootstrapConfig(int resamples, double level, long seed) {
    public static final BootstrapConfig DEFAULT = new BootstrapConfig(2000, 0.95, 0);

    public BootstrapConfig {
        if (resamples < 1) throw new IllegalArgumentException("resamples must be at least 1, got " + resamples);
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("level must lie in (0, 1), got " + level);
    }

    public BootstrapConfig withSeed(long s) {
        return new BootstrapConfig(resamples, level, s);
    }

    public BootstrapConfig withResamples(int r) {
        return new BootstrapConfig(r, level, seed);
    }
}
