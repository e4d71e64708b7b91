package org.reasonbridge.analysis;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The intervals against hand computations: degenerate samples give degenerate intervals, and for n = 100 the
 * percentile bootstrap must land near the normal approximation p ± 1.96·sqrt(var/n), computed by hand below.
 */
class BootstrapTest {
    private static final BootstrapConfig CFG = new BootstrapConfig(4000, 0.95, 7);

    static boolean[] vector(int ones, int n) {
        boolean[] v = new boolean[n];
        for (int i = 0; i < ones; i++) v[i] = true;
        return v;
    }

    static Stream<Arguments> passAt1Cases() {
        return Stream.of(
                // correct, n, estimate, lo, hi, tolerance
                Arguments.of(5, 5, 1.0, 1.0, 1.0, 0.0),   // all right: every resample is all right
                Arguments.of(0, 5, 0.0, 0.0, 0.0, 0.0),   // all wrong
                // n=2, one right: resample means 0 (p=1/4), 1/2 (1/2), 1 (1/4); 2.5% and 97.5% fall on 0 and 1
                Arguments.of(1, 2, 0.5, 0.0, 1.0, 0.0),
                // n=100, 50 right: sd = sqrt(.5*.5/100) = .05; .5 -/+ 1.96*.05 = [.402, .598]
                Arguments.of(50, 100, 0.5, 0.402, 0.598, 0.015),
                // n=100, 80 right: sd = sqrt(.8*.2/100) = .04; .8 -/+ .0784 = [.7216, .8784]
                Arguments.of(80, 100, 0.8, 0.7216, 0.8784, 0.015));
    }

    @ParameterizedTest
    @MethodSource("passAt1Cases")
    void passAt1MatchesTheHandComputation(int correct, int n, double est, double lo, double hi, double tol) {
        Interval i = Bootstrap.passAt1(vector(correct, n), CFG);
        assertEquals(est, i.estimate(), 1e-12);
        assertEquals(lo, i.lo(), tol, "lower bound");
        assertEquals(hi, i.hi(), tol, "upper bound");
        assertEquals(i, Bootstrap.passAt1(correct, n, CFG), "from counts: the same resampling");
    }

    /** a and b over n problems: {@code both} right in both, {@code onlyA}, {@code onlyB}, the rest wrong in both. */
    static boolean[][] paired(int both, int onlyA, int onlyB, int n) {
        boolean[] a = new boolean[n], b = new boolean[n];
        int i = 0;
        for (int k = 0; k < both; k++, i++) a[i] = b[i] = true;
        for (int k = 0; k < onlyA; k++, i++) a[i] = true;
        for (int k = 0; k < onlyB; k++, i++) b[i] = true;
        return new boolean[][]{a, b};
    }

    static Stream<Arguments> pairedCases() {
        return Stream.of(
                // both, onlyA, onlyB, n, delta, lo, hi, tolerance, verdict
                Arguments.of(30, 0, 0, 50, 0.0, 0.0, 0.0, 0.0, Claim.Verdict.NOISE),   // identical runs
                Arguments.of(0, 20, 0, 20, 1.0, 1.0, 1.0, 0.0, Claim.Verdict.HELD),    // a always, b never
                Arguments.of(0, 0, 20, 20, -1.0, -1.0, -1.0, 0.0, Claim.Verdict.REVERSED),
                // d = +1 on 25, -1 on 5, 0 on 70: mean .2, E[d^2] = .3, var = .26, sd = sqrt(.26/100) = .051;
                // .2 -/+ 1.96*.051 = [.100, .300]
                Arguments.of(40, 25, 5, 100, 0.2, 0.100, 0.300, 0.015, Claim.Verdict.HELD),
                // d = +1 on 10, -1 on 10: mean 0, var = .2, sd = .0447; [-.0877, .0877]
                Arguments.of(40, 10, 10, 100, 0.0, -0.0877, 0.0877, 0.015, Claim.Verdict.NOISE));
    }

    @ParameterizedTest
    @MethodSource("pairedCases")
    void pairedDifferenceMatchesTheHandComputation(int both, int onlyA, int onlyB, int n, double delta, double lo,
                                                   double hi, double tol, Claim.Verdict verdict) {
        boolean[][] ab = paired(both, onlyA, onlyB, n);
        Interval d = Bootstrap.pairedDifference(ab[0], ab[1], CFG);
        assertEquals(delta, d.estimate(), 1e-12);
        assertEquals(lo, d.lo(), tol, "lower bound");
        assertEquals(hi, d.hi(), tol, "upper bound");
        assertEquals(verdict, Claim.of("a > b", 0, 0, d, n).verdict());
    }

    @Test
    void theSameSeedGivesTheSameIntervalAndAnotherSeedAnother() {
        boolean[] v = vector(37, 90);
        assertEquals(Bootstrap.passAt1(v, CFG), Bootstrap.passAt1(v, CFG));
        assertNotEquals(Bootstrap.passAt1(v, CFG.withResamples(200)), Bootstrap.passAt1(v, CFG.withResamples(200).withSeed(8)));
    }

    @Test
    void oneSeedIsThePlainBootstrapAndSeedsWidenTheInterval() {
        boolean[] a = vector(50, 100), b = vector(70, 100);
        assertEquals(Bootstrap.passAt1(a, CFG), Bootstrap.passAt1(java.util.List.of(a), CFG));
        assertEquals(Bootstrap.pairedDifference(b, a, CFG), Bootstrap.pairedDifference(java.util.List.of(b), java.util.List.of(a), CFG));
        // two identical seeds: the same estimate, and the same spread up to resampling noise
        Interval same = Bootstrap.passAt1(java.util.List.of(a, a), CFG), one = Bootstrap.passAt1(a, CFG);
        assertEquals(0.5, same.estimate(), 1e-12);
        assertEquals(one.hi() - one.lo(), same.hi() - same.lo(), 0.03);
        // seeds at 50% and 70%: mean 60%, and seed-to-seed spread on top of the problems' spread
        Interval mixed = Bootstrap.passAt1(java.util.List.of(a, b), CFG);
        assertEquals(0.6, mixed.estimate(), 1e-12);
        assertTrue(mixed.hi() - mixed.lo() > one.hi() - one.lo(), mixed + " vs " + one);
        Interval d = Bootstrap.pairedDifference(java.util.List.of(b, b), java.util.List.of(a, a), CFG);
        assertEquals(0.2, d.estimate(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.passAt1(java.util.List.of(a, new boolean[3]), CFG));
    }

    @Test
    void replicatesOnTheirOwnProblemsAverageTheirDifferencesAndAddTheirSpread() {
        boolean[] a = vector(50, 100), b = vector(70, 100), c = vector(30, 60), d = vector(30, 60);
        // one replicate is the plain paired bootstrap
        assertEquals(Bootstrap.pairedDifference(b, a, CFG), Bootstrap.pairedDifferenceOverReplicates(java.util.List.of(b), java.util.List.of(a), CFG));
        // replicates of other sizes: +20 points in one, 0 in the other, mean +10
        Interval two = Bootstrap.pairedDifferenceOverReplicates(java.util.List.of(b, c), java.util.List.of(a, d), CFG);
        assertEquals(0.1, two.estimate(), 1e-12);
        // the same replicate twice: the same estimate as once, a narrower spread than replicates that disagree
        Interval same = Bootstrap.pairedDifferenceOverReplicates(java.util.List.of(b, b), java.util.List.of(a, a), CFG);
        assertEquals(0.2, same.estimate(), 1e-12);
        assertTrue(two.hi() - two.lo() > same.hi() - same.lo(), two + " vs " + same);
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.pairedDifferenceOverReplicates(java.util.List.of(b, c),
                java.util.List.of(a, a), CFG));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.pairedDifferenceOverReplicates(java.util.List.of(b),
                java.util.List.of(a, a), CFG));
    }

    static Stream<Arguments> quantileCases() {
        return Stream.of(Arguments.of(0.0, 1.0), Arguments.of(1.0, 4.0), Arguments.of(0.5, 2.5), Arguments.of(0.25, 1.75),
                Arguments.of(0.975, 3.925));
    }

    @ParameterizedTest
    @MethodSource("quantileCases")
    void quantilesInterpolateLikeNumpy(double q, double expected) {
        assertEquals(expected, Bootstrap.quantile(new double[]{1, 2, 3, 4}, q), 1e-12);
    }

    @Test
    void refusesWhatCannotBeBootstrapped() {
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.passAt1(new boolean[0], CFG));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.pairedDifference(new boolean[2], new boolean[3], CFG));
        assertThrows(IllegalArgumentException.class, () -> new BootstrapConfig(0, 0.95, 0));
        assertThrows(IllegalArgumentException.class, () -> new BootstrapConfig(100, 1.0, 0));
    }
}
