package org.reasonbridge.grading;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Pathological answers return "not equivalent" within the deadline (1 s inside, 5 s allowed here); verdicts repeat. */
class BoundedTimeTest {
    private static final MathEquivalence EQ = new MathEquivalence();

    static Stream<Arguments> pathological() {
        String nestedFrac = "\\frac{".repeat(10_000) + "1" + "}{2}".repeat(10_000);
        String nestedParens = "(".repeat(100_000) + "1" + ")".repeat(100_000);
        String longSum = "x+".repeat(200_000) + "x";
        String bigSet = "\\{" + "1,".repeat(50_000) + "1\\}";
        return Stream.of(
                Arguments.of("10,000 nested fractions", nestedFrac, "\\frac{1}{2}"),
                Arguments.of("100,000 nested parentheses", nestedParens, "2"),
                Arguments.of("tower 9^{9^{9^9}}", "9^{9^{9^{9}}}", "1"),
                Arguments.of("tower vs infinity", "9^{9^{9^{9}}}", "\\infty"),
                Arguments.of("bare tower 9^9^9^9", "9^9^9^9", "81"),
                Arguments.of("huge factorial", "100000000!", "1"),
                Arguments.of("huge literal exponent", "10^{99999999999}", "10^{99999999998}"),
                Arguments.of("400,001-term sum", longSum, "x"),
                Arguments.of("50,001-element set", bigSet, "\\{2\\}"),
                Arguments.of("long digits", "1".repeat(100_000), "2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pathological")
    void returnsWithinTheDeadline(String name, String a, String b) {
        assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> EQ.equivalent(a, b)), name);
    }

    /** Completions (not bare answers): extraction is one pass, and what it yields meets the same deadline. */
    static Stream<Arguments> pathologicalCompletions() {
        return Stream.of(
                Arguments.of("50,000 inline maths joined by and", "so " + "$1$ and ".repeat(50_000) + "$2$", "2"),
                Arguments.of("50,000 boxes parted by commas", "\\boxed{1}, ".repeat(50_000) + "\\boxed{2}", "\\{1, 2\\}"),
                Arguments.of("50,000 currency dollars", "the cost is $5 and ".repeat(50_000), "6"),
                Arguments.of("100,000 unclosed \\[", "\\[ x ".repeat(100_000) + "so 9", "8"),
                Arguments.of("50,000-step inequality chain", "x" + " < x".repeat(50_000), "x < 1"),
                Arguments.of("50,000-step equation chain", "x" + " = 1+1".repeat(50_000) + " = 3", "x = 2"),
                Arguments.of("long number in prose", "the total is " + "1,000".repeat(50_000) + " apples", "1"),
                Arguments.of("prose of 200,000 words", "word ".repeat(200_000) + "then 7", "8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pathologicalCompletions")
    void completionsAreGradedWithinTheDeadline(String name, String completion, String gold) {
        assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Grader.MATH.grade(completion, gold, java.util.List.of())), name);
    }

    @Test
    void aShortDeadlineIsHonoured() {
        MathEquivalence quick = new MathEquivalence(Duration.ofMillis(50));
        String terms = "x^{2}+".repeat(300_000) + "1";
        assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> quick.equivalent(terms, terms + "+1")));
    }

    @Test
    void verdictsAreDeterministic() {
        String[][] pairs = {{"(x+1)^2", "x^2+2x+1"}, {"\\sqrt{x^2}", "x"}, {"2y=4x+2", "y=2x+1"}, {"\\pi", "3.14159"}};
        for (String[] p : pairs) {
            boolean first = new MathEquivalence().equivalent(p[0], p[1]);
            for (int i = 0; i < 20; i++) assertEquals(first, new MathEquivalence().equivalent(p[0], p[1]), p[0] + " vs " + p[1]);
        }
    }
}
