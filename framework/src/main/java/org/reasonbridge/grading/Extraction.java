package org.reasonbridge.grading;

/**
 * A final answer found in a completion, and the rule that found it.
 *
 * @param answer the answer text, trimmed (for {@link Rule#CHOICE_LETTER}, one upper-case letter)
 * @param rule   which convention the completion followed
 */
public record Extraction(String answer, Rule rule) {
    /** The answer conventions, from most to least explicit. */
    public enum Rule {
        /** {@code \boxed{...}} (nested braces) or {@code \boxed 5}; the last one wins. */
        BOXED,
        /** {@code \fbox{...}}. */
        FBOX,
        /** GSM8K's {@code #### 42}. */
        HASHES,
        /** {@code Final Answer: ...} (Minerva's "Final Answer: The final answer is X. I hope it is correct."). */
        FINAL_ANSWER,
        /** {@code The answer is X} / {@code The final answer is X}. */
        ANSWER_IS,
        /** A multiple-choice letter: "(B)", "answer is B", "**B**", "Answer: B". */
        CHOICE_LETTER,
        /** No convention: the last LaTeX math ({@code $...$}, {@code \[...\]}, ...) in prose, as Math-Verify falls back to. */
        LAST_MATH,
        /** No convention and no LaTeX after it: the last plain number or simple expression in prose. */
        LAST_NUMBER
    }

    public Extraction {
        if (answer == null || rule == null) throw new IllegalArgumentException("answer and rule must not be null");
        answer = answer.strip();
    }
}
