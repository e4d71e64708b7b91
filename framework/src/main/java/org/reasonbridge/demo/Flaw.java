package org.reasonbridge.demo;

import org.reasonbridge.curation.filter.QualityRule;

/** A way the mini teacher's trace goes wrong on purpose, and the quality rule that should catch it first. */
public enum Flaw {
    /** The thinking stops mid-sentence at the token limit; no response ({@code finish_reason: length}). */
    TRUNCATED(QualityRule.TRUNCATED),
    /** A number (or a claim) of the problem misread: a clean solution of the wrong problem. */
    WRONG_ANSWER(QualityRule.WRONG_ANSWER),
    /** The response's {@code \boxed{} } is never closed. */
    BROKEN_LATEX(QualityRule.BROKEN_LATEX),
    /** The response refers to the thinking but states no answer. */
    MISSING_ANSWER(QualityRule.MISSING_ANSWER),
    /** A calculation written wrong and never corrected (or, without numbers, two different answers stated). */
    CONTRADICTORY_STEPS(QualityRule.CONTRADICTORY_STEPS),
    /** One line repeated over and over, as a looping model does. */
    DEGENERATE_REPETITION(QualityRule.DEGENERATE_REPETITION);

    private final QualityRule rule;

    Flaw(QualityRule rule) {
        this.rule = rule;
    }

    /** The rule that should drop a trace with this flaw (the first that fires, in rule order). */
    public QualityRule rule() {
        return rule;
    }
}
