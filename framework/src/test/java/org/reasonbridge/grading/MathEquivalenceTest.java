package org.reasonbridge.grading;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.reasonbridge.model.Fixtures;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The MATH reference's own cases, the cross-grader probe under our policy, and a table across answer kinds. */
class MathEquivalenceTest {
    private static final MathEquivalence EQ = new MathEquivalence();

    /**
     * Probe cases where we deliberately differ from PRM800K's grade_answer, the grader we otherwise agree with
     * (also listed in POLICY.md). Key: pred + " | " + gold.
     */
    static final Map<String, String> DIFFERENCES_FROM_PRM800K = Map.of(
            "2/4 | 1/2", "value, not form: an unreduced fraction has the right value",
            "4 | \\frac{8}{2}", "value, not form",
            "\\{1,2\\} | \\{2,1\\}", "sets are unordered by definition",
            "10^{10} | 10000000000", "exact integer arithmetic decides it; no reason to refuse");

    static Stream<Arguments> hendrycks() {
        return Fixtures.jsonLines(Fixtures.file("grading/hendrycks_is_equiv_cases.jsonl")).stream()
                .map(c -> Arguments.of(c.get("test").asText(), c.get("str1").asText(), c.get("str2").asText(), c.get("expected").asInt() == 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hendrycks")
    void agreesWithTheMathReferenceTests(String name, String a, String b, boolean expected) {
        assertEquals(expected, EQ.equivalent(a, b), name + ": " + a + " vs " + b);
        assertEquals(expected, EQ.equivalent(b, a), name + " (swapped)");
    }

    static Stream<Arguments> probe() {
        return Fixtures.jsonLines(Fixtures.file("grading/cross_grader_probe.jsonl")).stream()
                .map(c -> {
                    String key = c.get("pred").asText() + " | " + c.get("gold").asText();
                    boolean prm = c.get("prm800k_grade_answer").asInt() == 1;
                    boolean ours = DIFFERENCES_FROM_PRM800K.containsKey(key) ? !prm : prm;
                    return Arguments.of(key, c.get("pred").asText(), c.get("gold").asText(), ours);
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probe")
    void followsThePolicyOnTheCrossGraderProbe(String key, String pred, String gold, boolean expected) {
        assertEquals(expected, EQ.equivalent(pred, gold), key);
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "025 | 25 | true",
            "1,000 | 1000 | true",
            "7{,}425 | 7425 | true",
            "\\$1,234.50 | 1234.5 | true",
            "0.5 | \\frac{1}{2} | true",
            ".5 | 1/2 | true",
            "0.50 | 1/2 | true",
            "1.5 | \\frac32 | true",
            "3/6 | 0.5 | true",
            "\\tfrac{3}{4} | 0.75 | true",
            "0.3 | 1/3 | false",
            "12 | 13 | false",
            "-3 | 3 | false",
            "50\\% | 50 | true",
            "50\\% | 0.5 | false",
            "\\sqrt{8} | 2\\sqrt{2} | true",
            "\\sqrt{2} | 1.41421356 | false",
            "\\frac{\\sqrt{6}}{2} | \\sqrt{\\frac{3}{2}} | true",
            "\\sqrt[3]{8} | 2 | true",
            "2\\pi | \\pi \\cdot 2 | true",
            "\\frac{\\pi}{4} | 0.785398 | false",
            "1.5\\times10^{3} | 1500 | true",
            "2.5e-3 | 0.0025 | true",
            "6.02 \\cdot 10^{23} | 602000000000000000000000 | true",
            "2^{10} | 1024 | true",
            "2^10 | 1024 | true",
            "5! | 120 | true",
            "\\log_2 8 | 3 | true",
            "\\ln(e^2) | 2 | true",
            "1/0 | 2/0 | false",
            "(1,2) | (1, 2) | true",
            "(1,2) | [1,2] | false",
            "(-\\infty, 3] | (-inf, 3] | true",
            "(-\\infty,3] | (-\\infty,3) | false",
            "(-\\infty,0)\\cup(1,\\infty) | (1,\\infty)\\cup(-\\infty,0) | true",
            "\\{3, 1, 2\\} | \\{1, 2, 3\\} | true",
            "\\{1, 2\\} | \\{1, 2, 3\\} | false",
            "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix} | \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix} | true",
            "\\begin{pmatrix} 1/2 & 0 \\\\ 0 & 1 \\end{pmatrix} | \\begin{pmatrix} 0.5 & 0 \\\\ 0 & 1 \\end{pmatrix} | true",
            "\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix} | \\begin{pmatrix} 1 & 2 \\end{pmatrix} | false",
            "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix} | \\begin{pmatrix} 1 & 2 \\\\ 4 & 3 \\end{pmatrix} | false",
            "y = 2x + 1 | 2x+1 | true",
            "y = 2x+1 | y = 1 + 2x | true",
            "2y = 4x + 2 | y = 2x + 1 | true",
            "y = 2x + 1 | y = 2x - 1 | false",
            "x^2 - 1 | (x-1)(x+1) | true",
            "\\frac{x^2-1}{x-1} | x + 1 | true",
            "\\sqrt{x^2} | x | false",
            "\\sin^2 x + \\cos^2 x | 1 | true",
            "2x + 3y | 3y + 2x | true",
            "2x+3y | 2y+3x | false",
            "\\frac{a}{b} + \\frac{c}{d} | \\frac{ad+bc}{bd} | true",
            "x=1, y=2 | 1, 2 | true",
            "\\text{Monday} | monday | true",
            "5 cm | 5 | true",
            "\\frac{3}{4}\\text{ inches} | 0.75 | true",
            "$\\frac{1}{2}$ | 1/2 | true",
            "\\left[ 0, 1 \\right) | [0,1) | true",
            "x \\in [2, 5) | [2,5) | true",
            "\\theta = \\frac{\\pi}{3} | \\frac{\\pi}{3} | true",
            "x \\geq 5 | 5 \\leq x | true",
            "x \\ge 5 | x >= 5 | true",
            "x \\neq 3 | x != 3 | true",
            "-x > -1 | x < 1 | true",
            "2x < 2 | x < 1 | true",
            "x > -1 | x < 1 | false",
            "x \\leq 5 | x \\geq 5 | false",
            "-2 \\le x \\le 7 | [-2,7] | true",
            "x < 3 | (-\\infty, 3) | true",
            "x \\le 3 | (-\\infty, 3) | false",
            "x = 5+5+1 = 11 | x = 11 | true",
            "x \\approx 11 | 11 | true",
            "1,22 | 1.22 | true",
            "0,111 | 0.111 | true",
            "1,2 | 1, 2 | true",
            "\\cfrac{1}{3} | 1/3 | true",
            "\\frac{1}{3} \\textbf{meters} | 1/3 | true",
            "125\\textnormal{ miles} | 125 | true",
            "\\{1, 2\\} | 2, 1 | true",
            "{1, 2, 3} | \\{3, 2, 1\\} | true",
            "6 \\text{ and } 8 | 6, 8 | true",
            "\\left[\\begin{array}{cc}1 & 2 \\\\ 3 & 4\\end{array}\\right] | \\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix} | true",
            // trailing punctuation inside the math, tuple and ratio names, \pm, mixed numbers (as Math-Verify reads them)
            "$\\frac{1}{3},$ | 1/3 | true",
            "$5 \\text{ cm}.$ | 5 | true",
            "1, 2, 3, ... | 1, 2, 3, ... | true",
            "(p,q)=(3,2) | (3,2) | true",
            "(p,q,r)=(3,2,7) | (3,2,7) | true",
            "(p,q)=(3,2) | (2,3) | false",
            "(p,q)=(3,2) | (q,p)=(3,2) | false",
            "(x;y)=(1;2) | (1,2) | true",
            "(p,q)=(3,2,1) | (3,2,1) | false",
            "V_{1}:V_{2}=11:21 | 11:21 | true",
            "S_{MBCN}:S=7:32 | 7:32 | true",
            "V_1:V_2=11:21 | 21:11 | false",
            "\\frac{NO}{BO}=\\frac{1}{\\sqrt{6}} | \\frac{1}{\\sqrt{6}} | true",
            "\\pm 2021 | {-2021, 2021} | true",
            "\\pm 2021 | 2021 | false",
            "1 \\pm \\sqrt{2} | 1+\\sqrt{2}, 1-\\sqrt{2} | true",
            "x = \\pm 3 | x = 3, x = -3 | true",
            "\\frac{1 \\pm \\sqrt{5}}{2} | \\{\\frac{1-\\sqrt5}{2}, \\frac{1+\\sqrt5}{2}\\} | true",
            "\\pmod{5} | 5 | false",
            "4 4/9 | 40/9 | true",
            "4 0/9 | 4 | true",
            "-2 1/2 | -5/2 | true",
            "x^2 3/4 | 3x^2/4 | true",
            "4 4/9 | 16/9 | false",
            "\\begin{pmatrix}1&0\\\\0&x\\\\\\end{pmatrix} | \\begin{pmatrix}1&0\\\\0&x\\end{pmatrix} | true",
            "-12;-11;-10 | \\{-10, -11, -12\\} | true",
            "p=5,q=2;p=7,q=2 | p = 5, q = 2 \\text{ and } p = 7, q = 2 | true",
            "1,5; 2,5 | 1.5 | false",
            "32,\\! 349 | 32349 | true",
            "11,\\! 111,\\! 111,\\! 100 | 11111111100 | true",
            "1,\\! 2 | 12 | false",
            "p = -1 \\text{ and } p = \\frac{15}{8} | p=-1,p=\\frac{15}{8} | true",
            "\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix} + \\begin{pmatrix}5 & 6 \\\\ 7 & 8\\end{pmatrix} | \\begin{pmatrix}6 & 8 \\\\ 10 & 12\\end{pmatrix} | true",
            "\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix} - \\begin{pmatrix}1 & 1 \\\\ 1 & 1\\end{pmatrix} | \\begin{pmatrix}0 & 1 \\\\ 2 & 3\\end{pmatrix} | true",
            "\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix} \\begin{pmatrix}5 & 6 \\\\ 7 & 8\\end{pmatrix} | \\begin{pmatrix}19 & 22 \\\\ 43 & 50\\end{pmatrix} | true",
            "\\begin{pmatrix}5 & 6 \\\\ 7 & 8\\end{pmatrix} \\cdot \\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix} | \\begin{pmatrix}19 & 22 \\\\ 43 & 50\\end{pmatrix} | false",
            "\\begin{pmatrix}1 & 2\\end{pmatrix} \\begin{pmatrix}3 \\\\ 4\\end{pmatrix} | \\begin{pmatrix}11\\end{pmatrix} | true",
            "\\begin{pmatrix}1 & 2\\end{pmatrix} + \\begin{pmatrix}3 \\\\ 4\\end{pmatrix} | \\begin{pmatrix}4 & 6\\end{pmatrix} | false",
    })
    void decidesEachKind(String a, String b, boolean expected) {
        assertEquals(expected, EQ.equivalent(a, b), a + " vs " + b);
        assertEquals(expected, EQ.equivalent(b, a), b + " vs " + a + " (swapped)");
    }

    /** The one rule that is not symmetric: a predicted calculation is graded by its result, a reference is not. */
    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "2 + 3 = 5 | 5 | true",
            "5 | 2 + 3 = 5 | false",
            "7 = 11a+c | 11a+c | true",
            "11a+c | 7 = 11a+c | false",
            "1 = 2 - 1 = 0 | 0 | true",
    })
    void gradesAPredictedCalculationByItsResult(String pred, String gold, boolean expected) {
        assertEquals(expected, EQ.equivalent(pred, gold), pred + " vs " + gold);
    }
}
