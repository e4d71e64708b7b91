package org.reasonbridge.grading;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which answer each convention yields, and which rule fired ("-" for none). */
class AnswerExtractorTest {
    private final AnswerExtractor extractor = new AnswerExtractor();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "boxed                      | so $\\boxed{21}$.                                   | 21              | BOXED",
            "last boxed wins            | \\boxed{3} no, \\boxed{4}                          | 4               | BOXED",
            "nested braces              | \\boxed{\\frac{1}{\\sqrt{2}}}                        | \\frac{1}{\\sqrt{2}} | BOXED",
            "escaped braces             | \\boxed{\\{1,2\\}}                                   | \\{1,2\\}         | BOXED",
            "bare boxed                 | answer: \\boxed 5$                                   | 5               | BOXED",
            "fbox                       | thus \\fbox{7}                                       | 7               | FBOX",
            "boxed after thinking       | <think>maybe \\boxed{3}</think> so \\boxed{21}        | 21              | BOXED",
            "boxed only in thinking     | <think>\\boxed{21}</think> no answer                 | -               | -",
            "cut off mid-thought        | <think>\\boxed{21} and then                          | -               | -",
            "s1 format                  | <¦im_start¦>think\\nx=3<¦im_start¦>answer\\nAnswer: \\boxed{3}<¦im_end¦> | 3 | BOXED",
            "s1 thinking only           | <¦im_start¦>think\\n\\boxed{9}                        | -               | -",
            "gsm8k hashes               | 3 + 4 = 7\\n#### 7                                   | 7               | HASHES",
            "gsm8k with comma           | so #### 1,250                                        | 1,250           | HASHES",
            "final answer line          | work\\nFinal Answer: 21.\\nmore                       | 21              | FINAL_ANSWER",
            "minerva format             | Final Answer: The final answer is $\\frac{1}{2}$. I hope it is correct. | \\frac{1}{2} | FINAL_ANSWER",
            "final answer lower case    | final answer: x = 4                                  | x = 4           | FINAL_ANSWER",
            "the answer is              | Therefore, the answer is 42.                         | 42              | ANSWER_IS",
            "the final answer is        | The final answer is $3\\pi$.                          | 3\\pi            | ANSWER_IS",
            "last answer-is wins        | The answer is 1. Wait. The answer is 2.              | 2               | ANSWER_IS",
            "boxed beats answer is      | The answer is 3, i.e. \\boxed{3}                      | 3               | BOXED",
            "boxed beats hashes         | \\boxed{8}\\n#### 9                                   | 8               | BOXED",
            "nothing                    | I give up                                            | -               | -",
            "empty boxed                | \\boxed{}                                             | -               | -",
            "unbalanced boxed           | \\boxed{3                                             | -               | -",
            "end of turn token          | </think>The answer is 6<¦im_end¦>                    | 6               | ANSWER_IS",
            "deepseek end token         | </think>\\boxed{6}<｜end▁of▁sentence｜>               | 6               | BOXED",
    })
    void extracts(String name, String completion, String answer, String rule) {
        var found = extractor.extract(completion.replace("\\n", "\n").replace('¦', '|'));
        assertEquals(answer, found.map(Extraction::answer).orElse("-"), name);
        assertEquals(rule, found.map(e -> e.rule().name()).orElse("-"), name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "parenthesised         | I think it is (B) overall.                 | B",
            "answer is letter      | So the answer is C.                        | C",
            "answer is (letter)    | The answer is (D)                          | D",
            "Answer colon          | Answer: A                                  | A",
            "bold letter           | My choice: **B**                           | B",
            "bold answer colon     | **Answer: C**                              | C",
            "boxed letter          | \\boxed{\\text{(E)}}                        | E",
            "boxed letter only     | \\boxed{B}                                  | B",
            "letter alone          | B                                          | B",
            "letter with period    | D.                                         | D",
            "last phrase wins      | (A) is tempting, but the answer is (C).   | C",
            "after thinking only   | <think>answer is A</think>Answer: B        | B",
            "no letter             | I am not sure.                             | -",
            "lowercase word not A  | the answer is a trick                      | -",
    })
    void extractsChoiceLetters(String name, String completion, String letter) {
        assertEquals(letter, extractor.extractChoice(completion).map(Extraction::answer).orElse("-"), name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "inline parentheses        | Answer \\( 9 \\)                                  | 9                | LAST_MATH",
            "display dollars           | Answer $$ 9 $$                                      | 9                | LAST_MATH",
            "last of several           | We have $x = 2$, so the answer must be $7$ here     | 7                | LAST_MATH",
            "number after the math     | Since $x$ is even, there are 12 ways               | 12               | LAST_NUMBER",
            "number in prose           | the number is not 10 which is 1,000.99€             | 1,000.99         | LAST_NUMBER",
            "final answer as prose     | Final Answer: The largest $n$ is 34.                | 34               | LAST_NUMBER",
            "joined by and             | so $1$ and $2$ and $3$                              | \\{1, 2, 3\\}     | LAST_MATH",
            "boxes joined              | \\boxed{1}, \\boxed{2}                              | \\{1, 2\\}        | BOXED",
            "boxes as alternatives     | \\boxed{15} or \\boxed{16}                           | 16               | BOXED",
            "boxes apart               | \\boxed{7} and then \\boxed{8}                      | 8                | BOXED",
            "explicit convention wins  | The answer is 5. Check: $2+3$                      | 5                | ANSWER_IS",
            "one answer written out    | x = 5                                               | -                | -",
            "an expression             | 2x+3                                                | -                | -",
            "words only                | I give up                                           | -                | -",
    })
    void fallsBackToTheLastMathInProse(String name, String completion, String answer, String rule) {
        var found = extractor.extractLenient(completion);
        assertEquals(answer, found.map(Extraction::answer).orElse("-"), name);
        assertEquals(rule, found.map(e -> e.rule().name()).orElse("-"), name);
    }
}
