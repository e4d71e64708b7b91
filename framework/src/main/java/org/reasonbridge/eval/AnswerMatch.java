package org.reasonbridge.eval;

import org.reasonbridge.grading.AnswerExtractor;
import org.reasonbridge.grading.Extraction;
import org.reasonbridge.grading.MathEquivalence;

import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * A completion graded against a reference answer: the answer after the thinking ({@link AnswerExtractor}) is
 * compared by {@link MathEquivalence}, so 1/2 and 0.5 both count. Kept as the sweep's {@code BiPredicate};
 * the grading itself lives in {@code org.reasonbridge.grading}.
 */
public final class AnswerMatch implements BiPredicate<String, String> {
    private static final AnswerExtractor EXTRACTOR = new AnswerExtractor();
    private static final MathEquivalence EQUIVALENCE = new MathEquivalence();
    private final String thinkingEnd;

    /** @param thinkingEnd the end-of-thinking delimiter; only text after it is graded (s1's marker is also known) */
    public AnswerMatch(String thinkingEnd) {
        this.thinkingEnd = thinkingEnd;
    }

    public Optional<String> extract(String completion) {
        int end = completion.lastIndexOf(thinkingEnd);
        Optional<Extraction> found = end < 0
                ? EXTRACTOR.extract(completion)
                : EXTRACTOR.extractFromAnswer(completion.substring(end + thinkingEnd.length()));
        return found.map(Extraction::answer);
    }

    @Override
    public boolean test(String completion, String reference) {
        return extract(completion).map(a -> EQUIVALENCE.equivalent(a, reference)).orElse(false);
    }
}
