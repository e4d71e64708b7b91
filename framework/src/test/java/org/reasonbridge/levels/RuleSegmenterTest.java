package org.reasonbridge.levels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reasonbridge.model.levels.ReasoningLevel.OPERATIONAL;
import static org.reasonbridge.model.levels.ReasoningLevel.STRATEGIC;
import static org.reasonbridge.model.levels.ReasoningLevel.TACTICAL;

import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RuleSegmenterTest {

    private static final RuleSegmenter RULES = RuleSegmenter.standard();

    /** one unit, the level the default rules give it, the rule that fires. */
    static Stream<Arguments> snippets() {
        return Stream.of(
                Arguments.of("Let's first understand what the problem is asking.", STRATEGIC, "strategic.understand"),
                Arguments.of("Let me think about how to count these.", STRATEGIC, "strategic.understand"),
                Arguments.of("My approach will be to use complementary counting.", STRATEGIC, "strategic.plan"),
                Arguments.of("Here's the plan: bound it, then find the extremal case.", STRATEGIC, "strategic.plan"),
                Arguments.of("We need to find the smallest n such that n^2 > 2024.", STRATEGIC, "strategic.goal"),
                Arguments.of("The problem asks for the probability that both are red.", STRATEGIC, "strategic.goal"),
                Arguments.of("To solve this, I'll look at the remainders.", STRATEGIC, "strategic.to-solve"),
                Arguments.of("First, find all the roots, then add them up.", STRATEGIC, "strategic.first-then"),
                Arguments.of("Alternatively, we could argue geometrically.", STRATEGIC, "strategic.alternative"),
                Arguments.of("Let me reconsider the second condition.", STRATEGIC, "strategic.reconsider"),
                Arguments.of("Okay, so I need to find how many n < 100 make n^2 + 1 divisible by 5.", STRATEGIC, "strategic.goal"),
                // choosing where to look for the whole problem is an approach (was TACTICAL, the review's carry-over case)
                Arguments.of("First, maybe I should look at n^2 mod 5.", STRATEGIC, "strategic.approach"),
                Arguments.of("Let's look at the remainders mod 4.", TACTICAL, "tactical.look-at"),
                // approach changes, plans of a search, conjectures, restated tasks
                Arguments.of("Maybe I should just enumerate.", STRATEGIC, "strategic.method"),
                Arguments.of("For each x from 1 to 31, check whether 2025 - x^2 is a square.", STRATEGIC, "strategic.method"),
                Arguments.of("Let me just try small n and look for a pattern.", STRATEGIC, "strategic.method"),
                Arguments.of("Let me double-check by splitting on the first digit.", STRATEGIC, "strategic.method"),
                Arguments.of("Hmm, I could count pairs directly, or multiply probabilities.", STRATEGIC, "strategic.approach"),
                Arguments.of("It's easier to count the complement.", STRATEGIC, "strategic.method"),
                Arguments.of("So it looks like the sum is n^2.", STRATEGIC, "strategic.approach"),
                Arguments.of("This is asking for the least common multiple of 1 to 10.", STRATEGIC, "strategic.approach"),
                Arguments.of("We need the area of a triangle with sides 13, 14, 15.", STRATEGIC, "strategic.goal"),
                Arguments.of("**Goal:** Solve |2x - 3| < 5.", STRATEGIC, "strategic.goal"),
                Arguments.of("How many three-digit numbers have digits that sum to 5?", STRATEGIC, "strategic.goal"),
                Arguments.of("**Plan**: prove it by contradiction.", STRATEGIC, "strategic.plan"),
                // set-ups: headings, imperatives, quantities written as formulas, named tools, which check to do
                Arguments.of("**Step 2: multiples of 5.**", TACTICAL, "tactical.heading"),
                Arguments.of("2. **Identify Key Information:** pipe A takes 6 hours.", TACTICAL, "tactical.heading"),
                Arguments.of("Treat Ann and Bob as one block.", TACTICAL, "tactical.imperative"),
                Arguments.of("In 12 years: 3s + 12 = 2(s + 12).", TACTICAL, "tactical.model"),
                Arguments.of("Their sum is 3n + 3 = 72.", TACTICAL, "tactical.model"),
                Arguments.of("By Vieta, r + s = 5 and rs = 3.", TACTICAL, "tactical.tool"),
                Arguments.of("Let the three consecutive integers be n, n + 1, n + 2.", TACTICAL, "tactical.let-be"),
                Arguments.of("Let me make sure I haven't skipped any x.", TACTICAL, "tactical.check-plan"),
                // results read off; a base case is a check, not a case split; "cases" is no case label
                Arguments.of("That's 12 pairs, so 24 divisors.", OPERATIONAL, "operational.answer"),
                Arguments.of("**Answer:** 24.", OPERATIONAL, "operational.answer"),
                Arguments.of("1, 2, 3, 4, 6 pair with 12, 6, 4, 3, 2.", OPERATIONAL, "operational.answer"),
                Arguments.of("The base case n = 1 holds since 1 = 1.", OPERATIONAL, "operational.arithmetic"),
                Arguments.of("Both cases give an odd number.", OPERATIONAL, "operational.result"),
                Arguments.of("So −5 < 2x − 3 < 5.", OPERATIONAL, "operational.arithmetic"),
                Arguments.of("Let x be the number of red balls.", TACTICAL, "tactical.let-be"),
                Arguments.of("Let $a_n$ denote the n-th term.", TACTICAL, "tactical.let-be"),
                Arguments.of("Define f(k) as the number of valid strings of length k.", TACTICAL, "tactical.define"),
                Arguments.of("Set up a coordinate system with A at the origin.", TACTICAL, "tactical.set-up"),
                Arguments.of("Suppose p divides both a and b.", TACTICAL, "tactical.assume"),
                Arguments.of("WLOG assume a <= b <= c.", TACTICAL, "tactical.assume"),
                Arguments.of("Case 2: n is odd.", TACTICAL, "tactical.case"),
                Arguments.of("By the Pythagorean theorem the hypotenuse follows.", TACTICAL, "tactical.tool"),
                Arguments.of("Using Vieta's formulas on the cubic.", TACTICAL, "tactical.tool"),
                Arguments.of("We can write the total as a geometric series.", TACTICAL, "tactical.we-write"),
                Arguments.of("Substituting y = 2x into the first equation.", TACTICAL, "tactical.substitute"),
                Arguments.of("We prove this by induction on n.", TACTICAL, "tactical.algorithm"),
                Arguments.of("The constraint is that all digits differ.", TACTICAL, "tactical.equation"),
                Arguments.of("Compute the discriminant.", OPERATIONAL, "operational.compute"),
                Arguments.of("Simplifying the equation gives 2x = 8.", OPERATIONAL, "operational.compute"),
                Arguments.of("Let me verify with n = 3.", OPERATIONAL, "operational.check"),
                Arguments.of("So we get 12 possibilities.", OPERATIONAL, "operational.result"),
                Arguments.of("Therefore x = 4.", OPERATIONAL, "operational.result"),
                Arguments.of("That is 17 * 3 = 51.", OPERATIONAL, "operational.answer"),
                Arguments.of("$\\frac{a}{b}$ is already in lowest terms.", OPERATIONAL, "operational.latex"),
                Arguments.of("x^2 - 5x + 6 = (x-2)(x-3)", OPERATIONAL, "operational.arithmetic"),
                Arguments.of("a = b", OPERATIONAL, "operational.equals"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("snippets")
    void defaultRulesLabelSnippets(String unit, ReasoningLevel level, String rule) {
        SegmentedTrace trace = RULES.segment(unit);
        assertEquals(1, trace.spans().size(), "one unit");
        LevelSpan span = trace.spans().get(0);
        assertEquals(level + " " + rule, span.level() + " " + span.source());
        assertEquals(unit, span.of(unit));
    }

    /** text, its units. */
    static Stream<Arguments> units() {
        return Stream.of(
                Arguments.of("One. Two! Three? Four", List.of("One.", "Two!", "Three?", "Four")),
                Arguments.of("x = 3.5 and y = 0.25. Next.", List.of("x = 3.5 and y = 0.25.", "Next.")),
                Arguments.of("Use a tool, e.g. Newton's method. Done.", List.of("Use a tool, e.g. Newton's method.", "Done.")),
                Arguments.of("It is approx. equal. Then stop.", List.of("It is approx. equal.", "Then stop.")),
                Arguments.of("line one\n\n  line two  \nthree", List.of("line one", "line two", "three")),
                Arguments.of("Since $x = 2. Y$ holds. Next.", List.of("Since $x = 2. Y$ holds.", "Next.")),
                Arguments.of("We get\n\\[\nx = 1. Y = 2.\n\\]\nso done.", List.of("We get", "\\[\nx = 1. Y = 2.\n\\]", "so done.")),
                Arguments.of("Then $$a.\nB$$ ok. Next", List.of("Then $$a.\nB$$ ok.", "Next")),
                Arguments.of("\\begin{align}\nx &= 1. \\\\\nY &= 2.\n\\end{align} Yes.",
                        List.of("\\begin{align}\nx &= 1. \\\\\nY &= 2.\n\\end{align} Yes.")),
                Arguments.of("1. Compute it. 2. Check it.", List.of("1. Compute it.", "2. Check it.")),
                Arguments.of("It costs $5. Then $3 more.", List.of("It costs $5.", "Then $3 more.")),
                Arguments.of("Code:\n```\nx = 1. Y\n```\nDone.", List.of("Code:", "```\nx = 1. Y\n```", "Done.")),
                Arguments.of("(So x = 2.) Then y.", List.of("(So x = 2.)", "Then y.")),
                Arguments.of("Wait... Really?! Yes.", List.of("Wait...", "Really?!", "Yes.")),
                Arguments.of("unclosed $x = 1. Y", List.of("unclosed $x = 1.", "Y")),
                Arguments.of("a trailing \\\nbackslash", List.of("a trailing \\", "backslash")),
                Arguments.of("", List.of()),
                Arguments.of("   \n\t ", List.of()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("units")
    void splitsIntoUnits(String text, List<String> expected) {
        int[] units = TextUnits.split(text);
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < units.length; i += 2) actual.add(text.substring(units[i], units[i + 1]));
        assertEquals(expected, actual);
    }

    static Stream<String> traces() {
        return Stream.of(
                "We need to find x.  Let x be the width.\n\nThen 2x + 3 = 11, so x = 4.\n",
                "  \n Alternatively: use $\\frac{1}{2}$. Hmm. OK then. \n\n\nCheck: 4 * 2 = 8. \t",
                "Ünïcødé 数学 😀. Let θ be the angle. cos θ = 0.5 🧮!",
                longTrace(3_000));
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("traces")
    void spansTileTheTextExactly(String text) {
        SegmentedTrace trace = RULES.segment(text);
        int first = SegmentedTrace.trim(text, 0, text.length())[0];
        assertEquals(text.substring(first), Describe.reassembled(trace));
        int[] units = TextUnits.split(text);
        for (int u = 0; u < units.length; u += 2) {
            assertEquals(text.substring(units[u], units[u + 1]), trace.spans().get(u / 2).of(text).strip());
        }
    }

    @Test
    void unmatchedUnitsCarryThePreviousLevelOrGetTheDefault() {
        // a filler takes the level of the step it introduces; fillers at the end, with nothing after, carry
        String text = "Hmm. Let n be even. Hmm. Right.";
        assertEquals(List.of("TACTICAL FILLER: Hmm.", "TACTICAL tactical.let-be: Let n be even.",
                "TACTICAL CARRIED: Hmm.", "TACTICAL CARRIED: Right."), Describe.spans(RULES.segment(text)));
        // a leading unit without cues reads the problem back: STRATEGIC; then each unit without cues is the next
        // step down: the set-up of the plan's first step (TACTICAL), its execution (OPERATIONAL), more execution
        assertEquals(List.of("STRATEGIC DEFAULT: Alice buys apples and pears.", "TACTICAL AFTER-PLAN: Each costs a coin.",
                "OPERATIONAL AFTER-SETUP: She pays at the till.", "OPERATIONAL CARRIED: She leaves.",
                "OPERATIONAL operational.arithmetic: 3 + 4 = 7."),
                Describe.spans(RULES.segment("Alice buys apples and pears. Each costs a coin. She pays at the till. She leaves. 3 + 4 = 7.")));
        // the equation right after a definition writes the condition down; a value given by "let" is no definition
        assertEquals(List.of("TACTICAL tactical.let-be: Let p be the price of a pen.", "TACTICAL FIRST-EQUATION: 5p + 3 = 18.",
                "OPERATIONAL operational.arithmetic: 5p = 15."),
                Describe.spans(RULES.segment("Let p be the price of a pen. 5p + 3 = 18. 5p = 15.")));
        assertEquals(List.of("TACTICAL tactical.let-be: Let x be 2.", "OPERATIONAL operational.arithmetic: x + 1 = 3."),
                Describe.spans(RULES.segment("Let x be 2.\nx + 1 = 3.")));
        RuleSegmenter noCarry = new RuleSegmenter(RuleSegmenter.defaults(), STRATEGIC, false);
        assertEquals(List.of("STRATEGIC DEFAULT: Hmm.", "TACTICAL tactical.let-be: Let n be even.",
                "STRATEGIC DEFAULT: Hmm.", "STRATEGIC DEFAULT: Right."), Describe.spans(noCarry.segment(text)));
    }

    @Test
    void rulesAreData() {
        List<LevelRule> rules = new ArrayList<>(List.of(LevelRule.regex("mine.wait", STRATEGIC, "^wait\\b", "Wait: a rethink")));
        rules.addAll(RuleSegmenter.defaults());
        SegmentedTrace trace = RuleSegmenter.of(rules).segment("Wait, 2 + 2 = 4.");
        assertEquals(List.of("STRATEGIC mine.wait: Wait, 2 + 2 = 4."), Describe.spans(trace));
        LevelRule custom = new LevelRule("long", TACTICAL, unit -> unit.length() > 5, "long units");
        assertEquals("long", RuleSegmenter.of(List.of(custom)).classify("a long unit").orElseThrow().name());
        assertTrue(custom.pattern().isEmpty());
        assertEquals("^wait\\b", rules.get(0).pattern().orElseThrow().pattern());
        assertThrows(IllegalArgumentException.class, () -> RuleSegmenter.of(List.of(custom, custom)));
    }

    @Test
    void defaultRulesHaveUniqueNamesAndDescriptions() {
        List<LevelRule> rules = RuleSegmenter.defaults();
        assertEquals(rules.size(), new HashSet<>(rules.stream().map(LevelRule::name).toList()).size());
        assertTrue(rules.stream().allMatch(r -> !r.description().isBlank() && r.pattern().isPresent()));
        assertTrue(rules.stream().allMatch(r -> r.name().startsWith(r.level().name().toLowerCase() + ".")));
    }

    /** Prints the time for a 30k-character trace; no assertion on time, since CI machines vary. */
    @Test
    void performanceOnA30kCharacterTrace() {
        String text = longTrace(30_000);
        for (int i = 0; i < 20; i++) RULES.segment(text); // warm up the JIT
        int runs = 50;
        long t0 = System.nanoTime();
        SegmentedTrace trace = null;
        for (int i = 0; i < runs; i++) trace = RULES.segment(text);
        double ms = (System.nanoTime() - t0) / 1e6 / runs;
        System.out.printf("RuleSegmenter: %d chars, %d spans, %.2f ms per trace%n", text.length(), trace.spans().size(), ms);
        assertEquals(text.substring(SegmentedTrace.trim(text, 0, text.length())[0]), Describe.reassembled(trace));
    }

    /** A trace of about {@code chars} characters mixing every kind of unit. */
    static String longTrace(int chars) {
        String[] pieces = {"Let's first understand the problem. ", "We need to find the number of pairs (a, b). ",
                "Let a be the smaller one, e.g. a = 3.5 is not allowed.\n", "Case 1: a is even. ",
                "Then $a^2 + b^2 = 2ab + (a-b)^2$, so we get 25.\n", "Hmm, that seems off. ",
                "Let me verify: 5 * 5 = 25. ", "\\[ \\frac{25}{5} = 5. \\]\n", "Alternatively, count directly.\n\n"};
        StringBuilder out = new StringBuilder(chars + 100);
        for (int i = 0; out.length() < chars; i++) out.append(pieces[i % pieces.length]);
        return out.toString();
    }
}
