package org.reasonbridge.inference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reasonbridge.inference.Evidence.Kind.ARITHMETIC_ERROR;
import static org.reasonbridge.inference.Evidence.Kind.CONTRADICTION;
import static org.reasonbridge.inference.Evidence.Kind.NO_ANSWER;
import static org.reasonbridge.inference.Evidence.Kind.UNADDRESSED_CONDITION;
import static org.reasonbridge.inference.Evidence.Kind.UNCERTAINTY;
import static org.reasonbridge.inference.Evidence.Kind.UNVERIFIED_CALCULATION;
import static org.reasonbridge.inference.ReasoningState.COMPLETE;
import static org.reasonbridge.inference.ReasoningState.PARTIAL;
import static org.reasonbridge.inference.ReasoningState.UNCERTAIN;
import static org.reasonbridge.inference.ReasoningState.UNVERIFIED;

class StateDetectorTest {
    private static final StateDetector DETECTOR = new StateDetector();

    static Stream<Arguments> traces() {
        return Stream.of(
                // ---- complete
                c("3 + 4 = 7. The answer is 7.", null, COMPLETE),
                c("12 * 7 = 84, and I verify: 84 / 7 = 12. The answer is 84.", null, COMPLETE),
                c("So the answer is \\boxed{42}.", null, COMPLETE),
                c("2^10 = 1024. Let me check: 32 * 32 = 1024. Final answer: 1024", null, COMPLETE),
                c("Alice has 5 apples and gets 3 more, 5 + 3 = 8. The answer is 8.",
                        "Alice has 5 apples and gets 3 more. How many does she have?", COMPLETE),
                c("The sum 1,000 + 24 = 1024 holds. Answer: 1024", null, COMPLETE),
                // ---- arithmetic errors (exact)
                c("3 + 4 = 8. The answer is 8.", null, UNVERIFIED, ARITHMETIC_ERROR),
                c("12 * 7 = 86, so the answer is 86.", null, UNVERIFIED, ARITHMETIC_ERROR),
                c("2^10 = 1000. The answer is 1000.", null, UNVERIFIED, ARITHMETIC_ERROR),
                // 0.1 + 0.2 is no calculation a person would redo: only the error is reported
                c("0.1 + 0.2 = 0.3 and 1.5 * 1.5 = 2.5. Answer: 2.5", null, UNVERIFIED, ARITHMETIC_ERROR),
                c("1/2 + 1/3 = 2/5. The answer is 2/5.", null, UNVERIFIED, ARITHMETIC_ERROR),
                c("1/2 + 1/3 = 5/6, checked by 3/6 + 2/6. The answer is 5/6.", null, COMPLETE),
                c("$12 \\times 7 = 74$ so the answer is 74", null, UNVERIFIED, ARITHMETIC_ERROR),
                c("(3 + 5) * 2 = 16. The answer is 16.", null, COMPLETE),
                c("3 + 5 * 2 = 16. The answer is 16.", null, UNVERIFIED, ARITHMETIC_ERROR),
                c("-3 + 5 = 2. Answer: 2", null, COMPLETE),
                c("3 + 4 = 8. Wait, that is a mistake: 3 + 4 = 7. The answer is 7.", null, COMPLETE),
                // ---- not judged: ambiguous claims
                c("x + 3 = 8 means the answer is 5.", null, COMPLETE),
                c("f(2) = 7 and the answer is 7.", null, COMPLETE),
                c("In code, 7 / 2 = 3 with integer division. The answer is 3.", null, COMPLETE),
                c("1/3 = 0.333 roughly, the answer is 0.333.", null, COMPLETE),
                c("2^10 = 1,024 so the answer is 1024.", null, COMPLETE),
                c("5 + 5 = 10% of it. The answer is 10.", null, COMPLETE),
                c("n -1 = 4 gives the answer 5: answer is 5.", null, COMPLETE),
                c("3 + 4 == 8 is false in Python. The answer is 7.", null, COMPLETE),
                c("12 x 7 = 85 is what I wrote. The answer is 85.", null, COMPLETE),
                // ---- contradictions
                c("We get x = 3. Later, x = 5. The answer is 5.", null, UNVERIFIED, CONTRADICTION),
                c("We get x = 3. Actually x = 5. The answer is 5.", null, COMPLETE),
                c("If x = 3 we get 9. If x = 5 we get 25. The answer is 25.", null, COMPLETE),
                c("So the answer is A. Therefore the answer is B.", null, UNVERIFIED, CONTRADICTION),
                c("So the answer is A. Wait, no, the answer is B.", null, COMPLETE),
                c("x = 2 or x = -2 are the roots. The answer is 2.", null, COMPLETE),
                c("y = 4. Then y = 4 again. The answer is 4.", null, COMPLETE),
                // ---- uncertainty
                c("I'm not sure this works. The answer is 7.", null, UNCERTAIN, UNCERTAINTY),
                c("This might be a geometric series. The answer is 2.", null, UNCERTAIN, UNCERTAINTY),
                c("Maybe the answer is 6.", null, UNCERTAIN, UNCERTAINTY),
                c("I think the answer is 6, probably.", null, UNCERTAIN, UNCERTAINTY),
                c("Perhaps it is 6. Let me verify: 2 * 3 = 6 indeed. The answer is 6.", null, COMPLETE),
                c("I'm not sure, so 3 + 4 = 9. The answer is 9.", null, UNVERIFIED, ARITHMETIC_ERROR, UNCERTAINTY),
                // ---- partial
                c("First, let us set up the equation.", null, PARTIAL, NO_ANSWER),
                c("", null, PARTIAL, NO_ANSWER),
                c("Bob has apples. The answer is 8.", "Bob has 5 apples and Carol gives him 3.", PARTIAL,
                        UNADDRESSED_CONDITION),
                c("5 + 3 = 8, so the answer is 8.", "Bob has 5 apples and Carol gives him 3.", PARTIAL,
                        UNADDRESSED_CONDITION),
                c("Bob and Carol: 5 + 3 = 8, so the answer is 8.", "Bob has 5 apples and Carol gives him 3.", COMPLETE),
                c("We need 2,500 plus 500 then.", "A tank holds 2,500 litres; add 500 litres.", PARTIAL, NO_ANSWER),
                // a "maybe" that proposes the next step is a plan, not doubt
                c("Maybe start with the base case.", null, PARTIAL, NO_ANSWER),
                // ---- enumerations, trials and cases are not contradictions
                c("For n = 1, the sum is 1. For n = 2, the sum is 3. For n = 3, the sum is 6. So the answer is 6.",
                        null, COMPLETE),
                c("n = 1 gives 2, prime. n = 2 gives 5, prime. n = 4 gives 17, prime. The answer is 3.", null, COMPLETE),
                c("x = 1: 2024, not a square.\nx = 2: 2021, not a square.\nCheck: 27² + 36² = 729 + 1296 = 2025.\n"
                        + "So the only pair is (27, 36).", "Find x ≤ y with x² + y² = 2025.", COMPLETE),
                c("Case 1: x ≥ 2. Then x − 2 = 5, so x = 7.\nCase 2: x < 2. Then 2 − x = 5, so x = −3.\n"
                        + "So x = 7 or x = −3.", null, COMPLETE),
                c("So k = 1, 3, 5 work. Also k = 7. The answer is 4.", null, COMPLETE),
                c("So n = 8 and n = 23 work. The answer is 8 and 23.", null, COMPLETE),
                c("So a = 10, which means a = 12 after all. The answer is 12.", null, UNVERIFIED, CONTRADICTION),
                c("n = 2: 5. So n = 2 is prime-making. Then we find n = 4, not 2.", null, UNVERIFIED, CONTRADICTION, NO_ANSWER),
                // ---- hedges that are acted on, and one that is regretted
                c("Maybe a recursion works: f(3) = 3, f(4) = 5. The answer is 5.", null, COMPLETE),
                c("The count is probably 40. Adding the other 20: 40 + 20 = 60. The answer is 60.", null, COMPLETE),
                c("So the answer is 11. Probably.", null, UNCERTAIN, UNCERTAINTY),
                c("2 + 2 = 4, I think, but I should have double-checked. The answer is 4.", null, UNCERTAIN, UNCERTAINTY),
                // ---- answers stated without the word "answer"
                c("So the only pair is (27, 36).", null, COMPLETE),
                c("The son is 12.", null, COMPLETE),
                c("x = 3 or x = 4.", null, COMPLETE),
                c("**Answer**: 450 m².", null, COMPLETE),
                c("The point is (2, 8). Now I need the line through it.", null, PARTIAL, NO_ANSWER),
                c("Therefore f(x) = x + c for any constant c.", null, COMPLETE),
                c("So the solutions are x = ±1 and x = ±3.", null, COMPLETE),
                c("Case 3x − 1 ≥ 0: 3x − 1 = 8, so x = 3.", null, PARTIAL, NO_ANSWER),
                // a doubt about a fact needs a check; doing the work does not settle it
                c("V = (4/3)πr³, if I remember correctly. So V = 36π. **Answer**: 36π.", null, UNCERTAIN, UNCERTAINTY),
                c("I'm not sure where to start. Try small cases: 1 + 3 = 4, 1 + 3 + 5 = 9. The answer is n².", null, COMPLETE),
                // ---- the problem's givens: formulas and percentages
                c("(x − 3)(x − 4) = 0, so x = 3 or x = 4.", "Solve x² − 7x + 12 = 0.", COMPLETE),
                c("50 × 1.2 = 60. The answer is 60.", "A $50 price rises by 20%. What is the new price?", COMPLETE),
                c("64, 81, 100, 121 and 144: the answer is 5.", "How many squares are between 50 and 150?", COMPLETE),
                c("8 and 23 are 3 mod 5 and 2 mod 3: the answer is 2.", "How many numbers below 30 leave remainder 3 mod 5 and 2 mod 3?", COMPLETE),
                c("The answer is 2.", "Sam buys 7 items for $23.", PARTIAL, UNADDRESSED_CONDITION),
                // ---- arithmetic in other notations
                c("**Discount:** 25% of 24 = 8. **Final Answer:** $16.", null, UNVERIFIED, ARITHMETIC_ERROR),
                c("35% of 80 = 0.35 × 80 = 28. The answer is 28.", null, COMPLETE),
                c("14² = 186. The answer is 186.", null, UNVERIFIED, ARITHMETIC_ERROR),
                c("Check: 9 − 2 · 4 = 1. The answer is (3, 2).", null, COMPLETE),
                // ---- unverified calculation
                c("123 * 45 = 5535. The answer is 5535.", null, UNVERIFIED, UNVERIFIED_CALCULATION),
                c("123 * 45 = 5535. Let me double-check: 5535 / 45 = 123. The answer is 5535.", null, COMPLETE),
                c("17 * 3 + 12 - 5 = 58. The answer is 58.", null, UNVERIFIED, UNVERIFIED_CALCULATION),
                c("**Cost:** 102.49 × 1.89 = 193.7061.\n**Final Answer:** about $193.71.", null, UNVERIFIED, UNVERIFIED_CALCULATION),
                c("13² = 169 and 169 · 13 = 2197. The answer is 13.", "Find n with n³ = 2197.", COMPLETE),
                c("240 / 5 = 48. The answer is 48.", null, COMPLETE),
                c("x^2 = 9 so x = 3; substituting x = 3 back gives 9. The answer is 3.", null, COMPLETE));
    }

    private static Arguments c(String thinking, String problem, ReasoningState state, Evidence.Kind... kinds) {
        EnumSet<Evidence.Kind> set = EnumSet.noneOf(Evidence.Kind.class);
        set.addAll(java.util.List.of(kinds));
        return Arguments.of(thinking, problem, state, set);
    }

    @ParameterizedTest(name = "[{index}] {2} <- {0}")
    @MethodSource("traces")
    void readsTheStateAndShowsWhy(String thinking, String problem, ReasoningState state, Set<Evidence.Kind> kinds) {
        Assessment a = DETECTOR.assess(thinking, problem);
        assertEquals(state, a.state(), () -> "evidence: " + a.evidence());
        assertEquals(kinds, a.kinds(), () -> "evidence: " + a.evidence());
        String source = problem == null ? thinking : problem + thinking;
        for (Evidence e : a.evidence()) {
            String in = e.kind() == UNADDRESSED_CONDITION ? problem : thinking;
            assertEquals(e.text(), in.substring(e.start(), e.end()), "evidence span matches its text");
            assertTrue(source.contains(e.text()));
        }
        // errors() is the assessment's refuted steps alone
        assertEquals(a.evidence().stream().filter(e -> e.kind() == Evidence.Kind.ARITHMETIC_ERROR
                || e.kind() == Evidence.Kind.CONTRADICTION).toList(), DETECTOR.errors(thinking));
    }

    /** Arithmetic claims are checked with bounded exact numbers: a huge power is skipped, never computed. */
    @org.junit.jupiter.api.Test
    void hugePowersDoNotStallTheDetector() {
        Assessment a = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> new StateDetector().assess("So 7^99999999 = 5 and 9^9^9^9 = 1. The answer is 5."));
        org.junit.jupiter.api.Assertions.assertNotNull(a.state());
    }
}
