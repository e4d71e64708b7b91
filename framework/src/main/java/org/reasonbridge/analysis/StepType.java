package org.reasonbridge.analysis;

import java.util.Locale;

/** The kinds of reasoning step the paper's case study (Figure 5) counts. */
public enum StepType {
    /** Restating what is asked, splitting it into parts, laying out a plan. */
    DECOMPOSITION("problem decomposition"),
    /** Choosing a method or setting up a step: variables, equations, cases, a formula to apply. */
    APPROACH("approach selection"),
    /** Carrying out arithmetic, algebra or a deduction, and stating the result. */
    CALCULATION("calculation"),
    /** Checking a result: substituting back, recomputing, confirming. */
    VERIFICATION("verification"),
    /** Noticing a mistake or a dead end and revising. */
    BACKTRACKING("backtracking");

    private final String label;

    StepType(String label) {
        this.label = label;
    }

    /** The paper's words, e.g. "problem decomposition". */
    public String label() {
        return label;
    }

    /** Reads a name or a label, case-insensitively ("VERIFICATION", "approach selection", "approach"). */
    public static StepType parse(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        for (StepType v : values()) {
            if (v.name().toLowerCase(Locale.ROOT).equals(t) || v.label.equals(t)) return v;
        }
        throw new IllegalArgumentException("unknown step type '" + s + "'; one of " + java.util.Arrays.toString(values()));
    }
}
