package org.reasonbridge.grading;

import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.data.ThinkingSplit;

import java.util.List;
import java.util.Locale;

/**
 * One verdict for a (prediction, gold) pair, by kind; the prediction may be a whole completion or a bare answer.
 * The entry point of {@code ./reasonbridge grade}.
 */
public enum Grader {
    /** {@link AnswerExtractor} then {@link MathEquivalence}. */
    MATH,
    /** {@link ChoiceGrader}. */
    MC,
    /** {@link ExactMatchGrader}. */
    EXACT,
    /** HumanEval: running the completion against the problem's tests, which needs the code executor, not a string check. */
    CODE;

    private static final AnswerExtractor EXTRACTOR = new AnswerExtractor();
    private static final MathEquivalence EQUIVALENCE = new MathEquivalence();
    private static final ChoiceGrader CHOICE = new ChoiceGrader();
    private static final ExactMatchGrader EXACT_MATCH = new ExactMatchGrader();

    /**
     * The answer a math prediction or reference gives: its explicit convention, else its last math when it is
     * prose ({@link AnswerExtractor#extractLenient}), else the text itself. References go through the same reading
     * as Math-Verify does, so a reference written as a solution ending in {@code \boxed{...}} counts by its box.
     */
    static String answerIn(ThinkingSplit text) {
        return EXTRACTOR.extractLenient(text).map(Extraction::answer).orElse(text.answer());
    }

    public static Grader of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown grading kind '" + name + "' (math, mc, exact)");
        }
    }

    /** Whether {@code pred} is right; {@code choices} only matter for {@link #MC}. */
    public boolean grade(String pred, String gold, List<String> choices) {
        return grade(ThinkingFormat.splitAny(pred), gold, choices);
    }

    /**
     * {@link #grade(String, String, List)} of a completion already split into thinking and answer (e.g. knowing
     * that its prompt opened the thinking, so a completion that never closed it has no answer).
     */
    public boolean grade(ThinkingSplit pred, String gold, List<String> choices) {
        switch (this) {
            case MC: return CHOICE.grade(pred, gold, choices);
            case EXACT: return EXACT_MATCH.grade(pred, gold);
            case CODE: throw new IllegalArgumentException("code is graded by executing it against the problem's tests (HumanEvalGrader), not by comparing text");
            default: return EQUIVALENCE.equivalent(answerIn(pred), answerIn(ThinkingFormat.splitAny(gold)));
        }
    }
}
