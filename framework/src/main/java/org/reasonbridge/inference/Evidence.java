package org.reasonbridge.inference;

import java.util.Objects;

/**
 * One observation behind an {@link Assessment}: what was seen, where, and why it matters.
 *
 * @param kind        what kind of observation
 * @param start       start offset in the thinking text ({@link Kind#UNADDRESSED_CONDITION}: in the problem text)
 * @param end         end offset (exclusive), {@code >= start}
 * @param text        the text at that span (empty for {@link Kind#NO_ANSWER}, which sits at the end)
 * @param explanation a sentence a reader of a notebook understands
 */
public record Evidence(Kind kind, int start, int end, String text, String explanation) {
    /** The detector's rules, one kind each. */
    public enum Kind {
        /** A hedge ("I'm not sure", "maybe", "probably") not followed by a verification. */
        UNCERTAINTY,
        /** A multi-step or large calculation with no check after it. */
        UNVERIFIED_CALCULATION,
        /** A numeric claim ({@code 3 + 4 = 8}) that exact arithmetic refutes. */
        ARITHMETIC_ERROR,
        /** A variable or answer given two different values with no revision in between. */
        CONTRADICTION,
        /** A number or name of the problem that the thinking never mentions. */
        UNADDRESSED_CONDITION,
        /** No final answer stated yet. */
        NO_ANSWER,
        /** A redirect signal ({@link PathMonitor}): the same block of words said again and again. */
        LOOP,
        /** A redirect signal: refuted steps recurring since the last redirect, one each. */
        FAILED_CHECKS,
        /** A redirect signal: a long stretch with no new number, equation or conclusion. */
        NO_PROGRESS
    }

    public Evidence {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(explanation, "explanation");
        if (start < 0 || end < start) throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }

    @Override
    public String toString() {
        return kind + " @" + start + " '" + text + "': " + explanation;
    }
}
