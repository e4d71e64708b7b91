package org.reasonbridge.levels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TagSegmenterTest {

    private static final TagSegmenter DEFAULT_OPERATIONAL = TagSegmenter.withDefault(ReasoningLevel.OPERATIONAL);

    /** tagged text, the stripped text, the spans ("LEVEL source: text"). Untagged text gets OPERATIONAL here. */
    static Stream<Arguments> tagged() {
        return Stream.of(
                Arguments.of("<strategic>Plan it.</strategic> <tactical>Let x be 2.</tactical>",
                        "Plan it. Let x be 2.",
                        List.of("STRATEGIC TAGGED: Plan it.", "TACTICAL TAGGED: Let x be 2.")),
                // tags on lines of their own vanish with their line
                Arguments.of("<strategic>\nFactor first.\n</strategic>\n<operational>\n6 = 2 * 3\n</operational>\n",
                        "Factor first.\n6 = 2 * 3\n",
                        List.of("STRATEGIC TAGGED: Factor first.", "OPERATIONAL TAGGED: 6 = 2 * 3")),
                // case-insensitive names, spaces before '>', two tags on one line of their own
                Arguments.of("<STRATEGIC >Goal.</Strategic>\n</x>\n<Tactical>Case 1.</TACTICAL>",
                        "Goal.\n</x>\nCase 1.",
                        List.of("STRATEGIC TAGGED: Goal.", "OPERATIONAL DEFAULT: </x>", "TACTICAL TAGGED: Case 1.")),
                // untagged text between, before and after tags goes to the fallback
                Arguments.of("Hmm.\n<tactical>Let n be odd.</tactical>\nSo 3n is odd.",
                        "Hmm.\nLet n be odd.\nSo 3n is odd.",
                        List.of("OPERATIONAL DEFAULT: Hmm.", "TACTICAL TAGGED: Let n be odd.", "OPERATIONAL DEFAULT: So 3n is odd.")),
                // angle brackets that are no level tag stay text
                Arguments.of("<operational>List<String> xs; a<b> and <think></operational>",
                        "List<String> xs; a<b> and <think>",
                        List.of("OPERATIONAL TAGGED: List<String> xs; a<b> and <think>")),
                // an empty pair labels nothing; CRLF line endings
                Arguments.of("<strategic></strategic>\r\n<tactical>\r\nSet up.\r\n</tactical>\r\n", "Set up.\r\n",
                        List.of("TACTICAL TAGGED: Set up.")),
                Arguments.of("no tags at all", "no tags at all", List.of("OPERATIONAL DEFAULT: no tags at all")),
                Arguments.of("", "", List.of()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("tagged")
    void stripsTagsAndLabelsTheirContent(String tagged, String stripped, List<String> spans) {
        SegmentedTrace trace = DEFAULT_OPERATIONAL.segment(tagged);
        assertEquals(stripped, trace.text());
        assertEquals(spans, Describe.spans(trace));
        assertEquals(stripped.substring(stripped.length() - Describe.reassembled(trace).length()), Describe.reassembled(trace));
    }

    /** tagged text, the words the message must hold, line, column. */
    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("<strategy>plan</strategy>", List.of("unknown tag <strategy>", "did you mean <strategic>?"), 1, 1),
                Arguments.of("ok\n  </tactic>", List.of("unknown tag </tactic>", "did you mean </tactical>?"), 2, 3),
                Arguments.of("<strategic>A.</strategic>\n</strategic-ish>", List.of("unknown tag </strategic-ish>"), 2, 1),
                Arguments.of("<Operations>x</Operations>", List.of("unknown tag <Operations>", "<operational>"), 1, 1),
                Arguments.of("a\nb <strategic>never closed", List.of("<strategic> is never closed"), 2, 3),
                Arguments.of("<strategic>a <tactical>b</tactical></strategic>",
                        List.of("<tactical> inside <strategic> opened at line 1, column 1", "do not nest"), 1, 14),
                Arguments.of("<tactical>x</tactical>\n</tactical>", List.of("stray closing tag </tactical>"), 2, 1),
                Arguments.of("<strategic>x</operational>",
                        List.of("closing tag </operational> does not match <strategic> opened at line 1, column 1"), 1, 13));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("errors")
    void errorsNameRecordLineAndColumn(String tagged, List<String> words, int line, int column) {
        TagFormatException e = assertThrows(TagFormatException.class, () -> DEFAULT_OPERATIONAL.segment("gsm8k-17", tagged));
        assertTrue(e.getMessage().startsWith("record gsm8k-17, line " + line + ", column " + column + ": "), e.getMessage());
        for (String word : words) assertTrue(e.getMessage().contains(word), e.getMessage());
        assertEquals(line, e.line());
        assertEquals(column, e.column());
        assertEquals("gsm8k-17", e.recordId());
    }

    @Test
    void withoutRecordIdTheMessageStartsAtTheLine() {
        TagFormatException e = assertThrows(TagFormatException.class, () -> DEFAULT_OPERATIONAL.segment("<strat>x</strat>"));
        assertTrue(e.getMessage().startsWith("line 1, column 1: unknown tag <strat>"), e.getMessage());
    }

    @Test
    void teacherExampleIsValidAndUsesEveryTag() {
        SegmentedTrace trace = TagSegmenter.create().segment(TagSegmenter.TEACHER_EXAMPLE);
        assertEquals(List.of(ReasoningLevel.STRATEGIC, ReasoningLevel.TACTICAL, ReasoningLevel.OPERATIONAL),
                trace.spans().stream().map(LevelSpan::level).toList());
        assertTrue(trace.spans().stream().allMatch(s -> s.source().equals(LevelSpan.TAGGED)));
        assertFalse(trace.text().contains("<"));
        assertTrue(TagSegmenter.TEACHER_PROMPT.startsWith(TagSegmenter.TEACHER_INSTRUCTIONS));
        assertTrue(TagSegmenter.TEACHER_PROMPT.endsWith(TagSegmenter.TEACHER_EXAMPLE));
    }

    @Test
    void untaggedTextGoesToTheRuleSegmenterByDefault() {
        SegmentedTrace trace = TagSegmenter.create().segment("<strategic>Plan.</strategic>\nLet x be 3. Check: 3 + 1 = 4.");
        assertEquals(List.of("STRATEGIC TAGGED: Plan.", "TACTICAL tactical.let-be: Let x be 3.",
                "OPERATIONAL operational.check: Check: 3 + 1 = 4."), Describe.spans(trace));
    }

    @Test
    void aFallbackThatChangesTheTextIsRejected() {
        TagSegmenter bad = TagSegmenter.withFallback(
                text -> Segmenter.constant(ReasoningLevel.TACTICAL).segment(text.toUpperCase()));
        assertThrows(IllegalStateException.class, () -> bad.segment("<strategic>a</strategic> b"));
    }

    @Test
    void hasTags() {
        assertTrue(TagSegmenter.hasTags("x <Tactical>y</Tactical>"));
        assertFalse(TagSegmenter.hasTags("List<String> and <think>"));
    }

    static Stream<String> untaggedTraces() {
        return Stream.of("We need to find x. Let x be the unknown.\n\nThen 2x = 4, so x = 2.",
                "Alternatively, use symmetry.\nCase 1: n even. Compute n/2 = 3.\n  Check: 2 * 3 = 6.  \n");
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("untaggedTraces")
    void rulesThenTagsThenSegmentRoundTrips(String text) {
        SegmentedTrace byRules = RuleSegmenter.standard().segment(text);
        SegmentedTrace back = DEFAULT_OPERATIONAL.segment(byRules.toTagged());
        assertEquals(text, back.text());
        assertEquals(Describe.levels(byRules), Describe.levels(back));
    }
}
