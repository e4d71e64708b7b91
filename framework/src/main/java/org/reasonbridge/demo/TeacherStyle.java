package org.reasonbridge.demo;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How the mini teacher writes: its seed, how often it rechecks or slips and corrects itself, how often each
 * {@link Flaw} spoils a trace, and whether it tags levels. Every choice is a function of the seed and the prompt
 * text, so the same problem always gets the same trace.
 *
 * @param seed        default 11
 * @param recheckRate share of clean traces with one "Wait, let me recheck: ..." that confirms a line (default 0.15)
 * @param slipRate    share of clean traces with one slip that is caught and corrected at once (default 0.05)
 * @param flawRates   share of all traces spoilt by each flaw (default 0.03 truncated, 0.04 wrong answer, 0.02 each
 *                    other; 0.15 in all); at most 1 in sum
 * @param tagged      whether the thinking carries {@code <strategic>} / {@code <tactical>} / {@code <operational>}
 *                    tags (default true)
 */
public record TeacherStyle(long seed, double recheckRate, double slipRate, Map<Flaw, Double> flawRates, boolean tagged) {
    public TeacherStyle {
        if (!(recheckRate >= 0 && slipRate >= 0 && recheckRate + slipRate <= 1)) {
            throw new IllegalArgumentException("recheckRate and slipRate must be >= 0 with a sum <= 1");
        }
        EnumMap<Flaw, Double> rates = new EnumMap<>(Flaw.class);
        for (Flaw f : Flaw.values()) {
            double v = flawRates.getOrDefault(f, 0.0);
            if (!(v >= 0)) throw new IllegalArgumentException("flaw rate of " + f + " must be >= 0: " + v);
            rates.put(f, v);
        }
        double sum = rates.values().stream().mapToDouble(Double::doubleValue).sum();
        if (sum > 1 + 1e-9) throw new IllegalArgumentException("flaw rates sum to " + sum + ", more than 1");
        flawRates = Collections.unmodifiableMap(rates);
    }

    public static TeacherStyle defaults() {
        EnumMap<Flaw, Double> rates = new EnumMap<>(Flaw.class);
        rates.put(Flaw.TRUNCATED, 0.03);
        rates.put(Flaw.WRONG_ANSWER, 0.04);
        rates.put(Flaw.BROKEN_LATEX, 0.02);
        rates.put(Flaw.MISSING_ANSWER, 0.02);
        rates.put(Flaw.CONTRADICTORY_STEPS, 0.02);
        rates.put(Flaw.DEGENERATE_REPETITION, 0.02);
        return new TeacherStyle(11, 0.15, 0.05, rates, true);
    }

    /** The share of traces spoilt by some flaw. */
    public double flawRate() {
        return flawRates.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public TeacherStyle withSeed(long s) {
        return new TeacherStyle(s, recheckRate, slipRate, flawRates, tagged);
    }

    /** Every trace clean (and rechecks and slips as before). */
    public TeacherStyle withoutFlaws() {
        return new TeacherStyle(seed, recheckRate, slipRate, Map.of(), tagged);
    }

    /** Every trace spoilt by {@code flaw}: for tests of the quality filter. */
    public TeacherStyle alwaysFlawed(Flaw flaw) {
        return new TeacherStyle(seed, recheckRate, slipRate, Map.of(flaw, 1.0), tagged);
    }

    public TeacherStyle withCorrections(double recheck, double slip) {
        return new TeacherStyle(seed, recheck, slip, flawRates, tagged);
    }

    public TeacherStyle withTags(boolean t) {
        return new TeacherStyle(seed, recheckRate, slipRate, flawRates, t);
    }
}
