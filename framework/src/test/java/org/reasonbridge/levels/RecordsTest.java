package org.reasonbridge.levels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reasonbridge.model.levels.ReasoningLevel.OUTPUT;
import static org.reasonbridge.model.levels.ReasoningLevel.STRATEGIC;
import static org.reasonbridge.model.levels.ReasoningLevel.TACTICAL;

import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Validation of the records, and the small helpers on them. */
class RecordsTest {

    private static LevelSpan span(ReasoningLevel level, int start, int end) {
        return new LevelSpan(level, start, end, "r");
    }

    /** what, the construction, words its message holds. */
    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("empty span", (Executable) () -> span(STRATEGIC, 2, 2), "0 <= start < end"),
                Arguments.of("negative start", (Executable) () -> span(STRATEGIC, -1, 2), "0 <= start < end"),
                Arguments.of("no level", (Executable) () -> span(null, 0, 1), "level"),
                Arguments.of("blank source", (Executable) () -> new LevelSpan(STRATEGIC, 0, 1, " "), "source"),
                Arguments.of("overlapping spans", (Executable) () -> new SegmentedTrace("abcd",
                        List.of(span(STRATEGIC, 0, 3), span(TACTICAL, 2, 4))), "overlaps"),
                Arguments.of("span past the text", (Executable) () -> new SegmentedTrace("ab",
                        List.of(span(STRATEGIC, 0, 3))), "ends past the text"),
                Arguments.of("uncovered character", (Executable) () -> new SegmentedTrace("ab c",
                        List.of(span(STRATEGIC, 0, 2))), "character 3 ('c') is in no span"),
                Arguments.of("parts out of order", (Executable) () -> new TraceParts("abc", TraceParts.Format.NONE,
                        2, 1, 2, 3, List.of()), "out of order"),
                Arguments.of("rule without name", (Executable) () -> LevelRule.regex(" ", STRATEGIC, "x", ""), "name"),
                Arguments.of("default level null", (Executable) () -> new RuleSegmenter(List.of(), null, true), "defaultLevel"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalid")
    void rejectsInvalidRecords(String what, Executable construction, String words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void segmentedTraceLooksUpLevels() {
        SegmentedTrace trace = new SegmentedTrace(" ab cd ", List.of(span(STRATEGIC, 1, 4), span(OUTPUT, 4, 6)));
        assertEquals(Optional.empty(), trace.levelAt(0));
        assertEquals(Optional.of(STRATEGIC), trace.levelAt(3));
        assertEquals(Optional.of(OUTPUT), trace.levelAt(5));
        assertEquals(Optional.empty(), trace.levelAt(6));
        assertEquals(3, trace.length(STRATEGIC));
        assertEquals(" <strategic>ab</strategic> cd ", trace.toTagged());
    }

    @Test
    void levelsHaveTagNamesExceptOutput() {
        assertEquals(Optional.of("tactical"), TACTICAL.tagName());
        assertEquals(Optional.empty(), OUTPUT.tagName());
        assertEquals(Optional.of(STRATEGIC), ReasoningLevel.ofTagName("StRaTeGiC"));
        assertEquals(Optional.empty(), ReasoningLevel.ofTagName("output"));
        assertEquals(List.of(0, 1, 2, 3), Stream.of(ReasoningLevel.values()).map(ReasoningLevel::index).toList());
    }

    @Test
    void constantSegmenterCoversFromTheFirstCharacter() {
        SegmentedTrace trace = Segmenter.constant(TACTICAL).segment("  all of it \n");
        assertEquals(List.of(new LevelSpan(TACTICAL, 2, 13, LevelSpan.DEFAULT)), trace.spans());
        assertEquals(List.of(), Segmenter.constant(TACTICAL).segment(" \n").spans());
    }
}
