package org.reasonbridge.eval;

import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.data.ThinkingSplit;
import org.reasonbridge.grading.AnswerExtractor;
import org.reasonbridge.grading.Extraction;
import org.reasonbridge.grading.MathEquivalence;

import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * A completion graded against a reference answer: the answer after the thinking ({@link ThinkingFormat}'s split,
 * then {@link AnswerExtractor}) is compared by {@link MathEquivalence}, so 1/2 and 0.5 both count. Kept as the
 * sweep's {@code BiPredicate}; the grading itself lives in {@code org.reasonbridge.grading}.
 */
public final class AnswerMatch implements BiPredicate<String, String> {
    private static final AnswerExtractor EXTRACTOR = new AnswerExtractor();
    private static final MathEquivalence EQUIVALENCE = new MathEquivalence();
    private final ThinkingFormat openedBy;

    /** Completions of unknown format ({@link ThinkingFormat#splitAny(String)}). */
    public AnswerMatch() {
        this(null);
    }

    /** @param openedBy the format whose opener ended every prompt (the completions start inside its thinking), or null */
    public AnswerMatch(ThinkingFormat openedBy) {
        this.openedBy = openedBy;
    }

    private ThinkingSplit split(String completion) {
        return openedBy == null ? ThinkingFormat.splitAny(completion) : openedBy.split(completion, true);
    }

    public Optional<String> extract(String completion) {
        return EXTRACTOR.extract(split(completion)).map(Extraction::answer);
    }

    @Override
    public boolean test(String completion, String reference) {
        return extract(completion).map(a -> EQUIVALENCE.equivalent(a, reference)).orElse(false);
    }
}
