package org.reasonbridge.grading;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Multiple choice (by letter or by option text) and BBH exact match. */
class OtherGradersTest {
    private static final List<String> CHOICES = List.of("12", "\\frac{1}{2}", "Paris", "none of these");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "letter right                | The answer is (B).          | B   | true",
            "letter wrong                | The answer is (C).          | B   | false",
            "gold as (B)                 | Answer: B                   | (B) | true",
            "option text                 | The answer is 0.5           | B   | true",
            "option text wrong           | The answer is Paris         | B   | false",
            "option text, case           | \\boxed{paris}               | C   | true",
            "gold given as text          | Answer: C                   | Paris | true",
            "letter after thinking       | <think>(A)?</think>**B**    | B   | true",
            "no answer                   | hmm                         | B   | false",
    })
    void multipleChoice(String name, String completion, String gold, boolean expected) {
        assertEquals(expected, new ChoiceGrader().grade(completion, gold, CHOICES), name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "bbh bool                  | So the answer is True.      | True      | true",
            "case                      | So the answer is valid.     | Valid     | true",
            "option in parens          | So the answer is (A).       | (A)       | true",
            "parens vs letter          | A                           | (A)       | true",
            "dyck                      | So the answer is ] ) }.     | ] ) }     | true",
            "different                 | So the answer is False.     | True      | false",
            "no numeric leniency       | 1.0                         | 1         | false",
    })
    void exactMatch(String name, String completion, String gold, boolean expected) {
        assertEquals(expected, new ExactMatchGrader().grade(completion, gold), name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"math", "MC", "exact"})
    void kindsByName(String name) {
        assertEquals(name.toUpperCase(), Grader.of(name).name());
        assertEquals(true, Arrays.stream(Grader.values()).anyMatch(g -> g == Grader.of(name)));
    }
}
