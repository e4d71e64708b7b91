package org.reasonbridge.curation.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reasonbridge.curation.audit.Decision;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityFilterTest {
    private static final String Q = "What is $2+3$?";
    private static final String THINK = "I add 2 and 3 and get 5.";
    private static final String RESP = "Adding gives $2+3=5$.\n\n\\boxed{5}";
    private static final List<String> ABCD = List.of("3", "5", "6", "7");

    private static Arguments row(String name, String question, String answer, String thinking, String response,
                                 String finish, String expected) {
        return Arguments.of(name, new Problem("p", question, answer), new Trace("p", "test", thinking, response, finish, -1, -1), expected);
    }

    private static Arguments mc(String name, String response, String expected) {
        return Arguments.of(name, new Problem("p", "Which number is 2+3?", "B", ABCD, Map.of()),
                new Trace("p", "test", THINK, response, "stop", -1, -1), expected);
    }

    private static Arguments withSolution(String name, String solution, String expected) {
        return Arguments.of(name, new Problem("p", Q, "5", List.of(), Map.of("solution", solution)),
                new Trace("p", "test", THINK, RESP, "stop", -1, -1), expected);
    }

    static Stream<Arguments> cases() {
        String loop = "Let me check the sum again. ".repeat(20);
        String nearLoop = IntStream.range(0, 150).mapToObj(k -> "Step " + k + ": we add one more to the running sum and keep going.")
                .collect(Collectors.joining("\n"));
        return Stream.of(
                row("clean", Q, "5", THINK, RESP, "stop", "kept"),
                row("equivalent value", "Half of 1?", "\\frac{1}{2}", "Half is 0.5.", "So \\boxed{0.5}", "stop", "kept"),
                mc("multiple choice clean", "The answer is \\boxed{B}.", "kept"),
                mc("multiple choice, letter not boxed", "The answer is (B).", "unboxed-answer"),
                row("final answer not boxed", Q, "5", THINK, "Final Answer: 5", "stop", "unboxed-answer"),
                row("no thinking", Q, "5", "", RESP, "stop", "empty-thinking"),
                row("thinking, no response", Q, "5", THINK, "", "stop", "missing-answer"),
                row("currency dollar", "A pen costs $5. Two pens?", "10", "Twice 5 is 10.", "Two pens cost \\$10. \\boxed{10}", "stop", "kept"),
                row("code braces ignored", Q, "5", THINK, "```java\nint f() { return 5;\n```\n\\boxed{5}", "stop", "kept"),
                row("rightarrow is not right", Q, "5", THINK, "$2+3 \\rightarrow 5$ so \\boxed{5}", "stop", "kept"),
                row("escaped set braces", "List the set $\\{1,2\\}$ size.", "2", "Two elements.", "The set $\\{1,2\\}$ has \\boxed{2}", "stop", "kept"),
                row("graph theory is not a picture", "A graph has 5 vertices and is complete. How many edges?", "10",
                        "C(5,2) is 10.", "\\boxed{10}", "stop", "kept"),
                row("revised arithmetic slip", Q, "5", "12 * 7 = 86, wait, that is a mistake: 12 * 7 = 84. And 2 + 3 = 5.", RESP, "stop", "kept"),
                row("variable of the problem", "Find the derivative of $x^2$ in terms of $x$.", "", "Power rule.", "\\boxed{2x}", "stop", "kept"),
                row("markdown bold ending", Q, "5", THINK, "**Final answer: \\boxed{5}**", "stop", "kept"),
                row("markdown rule ending", Q, "5", THINK, "\\boxed{5}\n\n---", "stop", "kept"),
                row("empty trace", Q, "5", "", "  ", "stop", "empty-trace"),
                row("finish length", Q, "5", THINK, RESP, "length", "truncated"),
                row("finish max_tokens", Q, "5", THINK, RESP, "max_tokens", "truncated"),
                row("ends mid-sentence", Q, "5", THINK, "Adding the two numbers, the total is", "stop", "truncated"),
                row("ends on operator", Q, "5", THINK, "We have $2+3 =", "stop", "truncated"),
                row("ends inside inline formula", Q, "5", THINK, "So we get $x = 2 + 3", "stop", "truncated"),
                row("ends inside display formula", Q, "5", THINK, "Thus\n\\[ x = 2 + 3", "stop", "truncated"),
                row("thinking cut off, no response", Q, "5", "First add 2 and 3 and therefore", "", "stop", "truncated"),
                row("asymptote figure", "[asy] draw((0,0)--(1,1)); [/asy] Find the slope.", "1", "Rise over run.", "\\boxed{1}", "stop", "image-dependent"),
                row("markdown image", "![triangle](tri.png) Find the area.", "6", "Half base height.", "\\boxed{6}", "stop", "image-dependent"),
                row("figure below", "In the figure below, find angle $x$.", "30", "Angles sum.", "\\boxed{30}", "stop", "image-dependent"),
                row("the diagram", "As the diagram shows, two circles touch. Find $r$.", "2", "Radii add.", "\\boxed{2}", "stop", "image-dependent"),
                withSolution("figure in the solution", "[asy] draw(unitcircle); [/asy] So 5.", "image-dependent"),
                row("unbalanced brace in question", "Compute $\\frac{1}{2$.", "0.5", "Half.", "\\boxed{0.5}", "stop", "broken-latex"),
                row("stray closing brace", "Compute $1+1}$.", "2", "Two.", "\\boxed{2}", "stop", "broken-latex"),
                row("odd dollar", "Compute $x+1 when x is 1.", "2", "Two.", "\\boxed{2}", "stop", "broken-latex"),
                row("odd display dollars", "Compute $$1+1$$ and $$2+2.", "4", "Four.", "\\boxed{4}", "stop", "broken-latex"),
                row("left without right", Q, "5", THINK, "We get $\\left( 2+3 )$ so \\boxed{5}", "stop", "broken-latex"),
                row("begin without end", Q, "5", THINK, "$\\begin{pmatrix} 5 $ so \\boxed{5}", "stop", "broken-latex"),
                withSolution("broken solution", "We get \\frac{5}{1 so 5.", "broken-latex"),
                row("no final answer", Q, "5", THINK, "The sum is five.", "stop", "missing-answer"),
                mc("multiple choice, no letter", "It is the second option.", "missing-answer"),
                row("wrong boxed answer", Q, "5", THINK, "Adding gives 6.\n\n\\boxed{6}", "stop", "wrong-answer"),
                row("rounded irrational", "What is $\\pi$?", "\\pi", "About 3.1416.", "\\boxed{3.1416}", "stop", "wrong-answer"),
                mc("multiple choice wrong", "The answer is \\boxed{C}.", "wrong-answer"),
                row("repeated sentence loop", Q, "5", THINK + " " + loop, RESP, "stop", "degenerate-repetition"),
                row("repeated word", Q, "5", "wait " .repeat(60) + THINK, RESP, "stop", "degenerate-repetition"),
                row("near-repeats compress", Q, "5", nearLoop + "\n" + THINK, RESP, "stop", "degenerate-repetition"),
                row("answer in a variable never named", "Find the derivative of $x^2$.", "", "Power rule gives twice x.",
                        "\\boxed{2t}", "stop", "inconsistent-variables"),
                row("false arithmetic claim", Q, "5", "We know 12 * 7 = 86. Then 2 + 3 = 5.", RESP, "stop", "contradictory-steps"),
                row("variable set twice", "Find $x$ if $x + 2 = 5$.", "3", "So x = 3. Then x = 4.", "\\boxed{3}", "stop", "contradictory-steps"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rule(String name, Problem problem, Trace trace, String expected) {
        Decision d = QualityFilter.defaults().check(problem, trace);
        assertEquals(expected, d.reason(), () -> name + ": " + d.details());
        assertEquals(expected.equals("kept"), d.kept());
        assertEquals(QualityFilter.STAGE, d.stage());
    }

    @Test
    void everyFindingIsRecordedNotOnlyTheFirst() {
        Problem p = new Problem("p", "In the figure below, compute $x+1 for x = 1.", "2");
        Decision d = QualityFilter.defaults().check(p, new Trace("p", "t", "Two.", "\\boxed{3}", "length", -1, -1));
        assertEquals("truncated", d.reason());
        @SuppressWarnings("unchecked") Map<String, Object> findings = (Map<String, Object>) d.details().get("findings");
        assertEquals(List.of("truncated", "image-dependent", "broken-latex", "wrong-answer"), List.copyOf(findings.keySet()));
    }

    @Test
    void applyKeepsTheInputOrder() {
        List<Problem> ps = IntStream.range(0, 200).mapToObj(i -> new Problem("p" + i, Q, i % 3 == 0 ? "6" : "5")).toList();
        List<Trace> ts = ps.stream().map(p -> new Trace(p.id(), "t", THINK, RESP, "stop", -1, -1)).toList();
        List<Decision> ds = QualityFilter.defaults().apply(ps, ts);
        for (int i = 0; i < ps.size(); i++) {
            assertEquals("p" + i, ds.get(i).problemId());
            assertEquals(i % 3 == 0 ? "wrong-answer" : "kept", ds.get(i).reason());
        }
    }

    @Test
    void ablationSkipsARule() {
        Problem p = new Problem("p", "In the figure below, what is 2+3?", "5");
        Trace t = new Trace("p", "t", THINK, RESP, "stop", -1, -1);
        assertFalse(QualityFilter.defaults().check(p, t).kept());
        assertTrue(QualityFilter.without(QualityRule.IMAGE_DEPENDENT).check(p, t).kept());
    }

    @Test
    void everyRuleHasADistinctReason() {
        assertEquals(QualityRule.values().length,
                Stream.of(QualityRule.values()).map(QualityRule::reason).distinct().count());
    }
}
