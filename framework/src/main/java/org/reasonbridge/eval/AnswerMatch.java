package org.reasonbridge.eval;

import org.reasonbridge.levels.TraceParts;

import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The simplest honest grader, until the evaluation issue's math-equivalence graders exist: the completion's
 * answer is the last {@code \boxed{...}} after the thinking, or the first line after "Final Answer:"; it matches
 * when equal to the reference after trimming spaces, dollar signs and a final period. Equivalent but differently
 * written answers (1/2 vs 0.5) count as wrong here.
 */
public final class AnswerMatch implements BiPredicate<String, String> {
    private final String thinkingEnd;

    /** @param thinkingEnd the end-of-thinking delimiter; only text after it is graded */
    public AnswerMatch(String thinkingEnd) {
        this.thinkingEnd = thinkingEnd;
    }

    public Optional<String> extract(String completion) {
        int end = completion.lastIndexOf(thinkingEnd);
        String answerPart = end < 0 ? completion : completion.substring(end + thinkingEnd.length());
        Optional<String> boxed = TraceParts.boxedContent(answerPart);
        if (boxed.isPresent()) return boxed.map(AnswerMatch::normalize);
        int fa = answerPart.lastIndexOf("Final Answer:");
        if (fa < 0) return Optional.empty();
        String rest = answerPart.substring(fa + "Final Answer:".length()).strip();
        String line = rest.lines().findFirst().orElse("");
        return line.isBlank() ? Optional.empty() : Optional.of(normalize(line));
    }

    @Override
    public boolean test(String completion, String reference) {
        return extract(completion).map(a -> a.equals(normalize(reference))).orElse(false);
    }

    static String normalize(String s) {
        String t = s.strip();
        while (t.startsWith("$")) t = t.substring(1);
        while (t.endsWith("$") || t.endsWith(".")) t = t.substring(0, t.length() - 1);
        return t.strip().replaceAll("\\s+", " ");
    }
}
