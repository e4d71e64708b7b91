package org.reasonbridge.eval;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AnswerMatchTest {
    private final AnswerMatch grader = new AnswerMatch();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "boxed after thinking        | <think>maybe \\boxed{3}</think> so $\\boxed{21}$. | 21   | true",
            "boxed inside thinking only  | <think>\\boxed{21}</think> no answer              | 21   | false",
            "final answer line           | <think>x</think>Final Answer: 21.\\nmore          | 21   | true",
            "wrong value                 | <think>x</think>\\boxed{20}                       | 21   | false",
            "nested braces               | </think>\\boxed{\\frac{1}{4}}                     | \\frac{1}{4} | true",
            "no thinking markers         | The answer is \\boxed{6}                          | 6    | true",
            "spaces normalised           | </think>\\boxed{ x =  6 }                         | x = 6 | true",
            "nothing to grade            | </think>I give up                                 | 6    | false",
    })
    void gradesTheAnswerPart(String name, String completion, String reference, boolean expected) {
        assertEquals(expected, grader.test(completion.replace("\\n", "\n"), reference), name);
    }
}
