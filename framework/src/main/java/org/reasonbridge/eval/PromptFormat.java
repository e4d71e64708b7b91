package org.reasonbridge.eval;

import org.reasonbridge.data.Problem;

import org.reasonbridge.grading.Grader;

import java.util.List;
import java.util.Map;


/**
 * How a benchmark's problems are posed (the user turn; the thinking opener is the model side's business) and
 * graded: math asks for a {@code \boxed{}} answer, multiple choice letters the options, exact match (BBH) asks
 * for "The answer is", code hands over the HumanEval prompt.
 */
public enum PromptFormat {
    MATH, MULTIPLE_CHOICE, EXACT, CODE;

    static final String LETTERS = "ABCDEFGHIJ";

    /** The format a benchmark implies: code when its problems carry HumanEval's test fields, else its grader's. */
    public static PromptFormat of(Benchmark b) {
        var first = b.problems().get(0).metadata();
        if (first.containsKey("entry_point") && first.containsKey("test")) return CODE;
        return b.grader() == Grader.MC ? MULTIPLE_CHOICE : b.grader() == Grader.EXACT ? EXACT : MATH;
    }

    /** The user message for {@code p}. */
    public String render(Problem p) {
        String q = p.question().strip();
        return switch (this) {
            case MATH -> q + "\n\nPut your final answer within \\boxed{}.";
            case MULTIPLE_CHOICE -> options(p)
                    + "\n\nAnswer with the letter of the correct option, in the form \"The answer is (X)\".";
            case EXACT -> q + "\n\nEnd with your final answer in the form \"The answer is X\".";
            case CODE -> "Complete the following Python function. Answer with the whole function in a ```python code block.\n\n"
                    + "```python\n" + p.metadata().getOrDefault("prompt", p.question()) + "```";
        };
    }

    /** The user message with placeholders, as results.json records the format: {@code {question}}, {@code {A}}... */
    public String template() {
        return render(new Problem("template", "{question}", "", this == MULTIPLE_CHOICE ? List.of("{A}", "{B}") : List.of(),
                this == CODE ? Map.of("prompt", "{prompt}") : Map.of()));
    }

    /** The question with its lettered options ({@link Problem#posed()}, the one way options are printed). */
    private static String options(Problem p) {
        if (p.choices().size() > LETTERS.length()) throw new IllegalArgumentException("more than 10 options");
        return p.posed().strip();
    }
}
