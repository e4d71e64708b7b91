package org.reasonbridge.grading;

import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.data.ThinkingSplit;

import java.util.List;
import java.util.Optional;

/**
 * Multiple choice (GPQA, MMLU, LogiQA): the completion's letter is compared with the gold letter; when the
 * model answered with an option's text instead, that text must match exactly one option, the gold one.
 */
public final class ChoiceGrader {
    private final AnswerExtractor extractor = new AnswerExtractor();
    private final MathEquivalence equivalence = new MathEquivalence();

    /**
     * @param completion the model's completion (thinking allowed)
     * @param gold       the correct letter ("B", "(B)"), or the correct option's text when {@code choices} is empty
     * @param choices    the options in letter order (A, B, ...); may be empty
     */
    public boolean grade(String completion, String gold, List<String> choices) {
        return grade(ThinkingFormat.splitAny(completion), gold, choices);
    }

    /** {@link #grade(String, String, List)} of a completion already split into thinking and answer. */
    public boolean grade(ThinkingSplit completion, String gold, List<String> choices) {
        Optional<String> goldLetter = letter(gold, choices);
        Optional<Extraction> letter = extractor.extractChoice(completion);
        if (letter.isPresent() && goldLetter.isPresent()) return letter.get().answer().equals(goldLetter.get());
        String answer = extractor.extract(completion).map(Extraction::answer).orElse(completion.text().strip());
        if (choices.isEmpty()) return ExactMatchGrader.normalize(answer).equals(ExactMatchGrader.normalize(gold));
        int matched = -1;
        for (int i = 0; i < choices.size(); i++) {
            if (sameText(answer, choices.get(i))) {
                if (matched >= 0) return false; // ambiguous: the text fits two options
                matched = i;
            }
        }
        return matched >= 0 && goldLetter.map(g -> g.charAt(0) - 'A').orElse(-1) == matched;
    }

    private boolean sameText(String answer, String choice) {
        return ExactMatchGrader.normalize(answer).equals(ExactMatchGrader.normalize(choice)) || equivalence.equivalent(answer, choice);
    }

    /** The gold letter: given as a letter, or found as the index of the gold text among the choices. */
    private static Optional<String> letter(String gold, List<String> choices) {
        String g = AnswerNormalizer.normalize(gold).replace("(", "").replace(")", "").strip();
        if (g.length() == 1 && g.charAt(0) >= 'A' && g.charAt(0) <= 'J') return Optional.of(g);
        for (int i = 0; i < choices.size(); i++) {
            if (ExactMatchGrader.normalize(choices.get(i)).equals(ExactMatchGrader.normalize(gold))) {
                return Optional.of(String.valueOf((char) ('A' + i)));
            }
        }
        return Optional.empty();
    }
}
