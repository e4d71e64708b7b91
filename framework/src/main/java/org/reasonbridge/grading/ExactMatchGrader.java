package org.reasonbridge.grading;

import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.data.ThinkingSplit;

import java.util.Locale;

/**
 * Exact match after light normalisation, for BBH-style targets ("True", "(A)", "valid", "] ) }"): case,
 * surrounding spaces, a final period, math dollars and bold markers are ignored; "(A)" equals "A".
 * A full completion is reduced to its answer ("So the answer is X.") first.
 */
public final class ExactMatchGrader {
    private final AnswerExtractor extractor = new AnswerExtractor();

    public boolean grade(String completion, String gold) {
        return grade(ThinkingFormat.splitAny(completion), gold);
    }

    /** {@link #grade(String, String)} of a completion already split into thinking and answer. */
    public boolean grade(ThinkingSplit completion, String gold) {
        String answer = extractor.extract(completion).map(Extraction::answer).orElse(completion.text());
        return normalize(answer).equals(normalize(gold));
    }

    static String normalize(String s) {
        String t = s.strip().replace("**", "");
        while (t.startsWith("$")) t = t.substring(1);
        while (t.endsWith("$") || t.endsWith(".")) t = t.substring(0, t.length() - 1);
        t = t.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        if (t.length() == 3 && t.charAt(0) == '(' && t.charAt(2) == ')') t = t.substring(1, 2); // "(a)" = "a"
        return t;
    }
}
