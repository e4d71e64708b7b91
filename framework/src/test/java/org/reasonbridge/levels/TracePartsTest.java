package org.reasonbridge.levels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TracePartsTest {

    /** response, format, thinking, answer, the markers' text. */
    static Stream<Arguments> responses() {
        return Stream.of(
                Arguments.of("<think>\nx = 2.\n</think>\n\nThe answer is 2.", TraceParts.Format.THINK_TAGS,
                        "\nx = 2.\n", "\n\nThe answer is 2.", List.of("<think>", "</think>")),
                // R1 / Qwen3 templates put <think> in the prompt: the response starts inside the thinking
                Arguments.of("x = 2.\n</think>\nAnswer: 2<|im_end|>", TraceParts.Format.THINK_TAGS,
                        "x = 2.\n", "\nAnswer: 2", List.of("</think>", "<|im_end|>")),
                Arguments.of("<think>still going", TraceParts.Format.THINK_TAGS, "still going", "", List.of("<think>")),
                Arguments.of("<think></think>Direct.<｜end▁of▁sentence｜>", TraceParts.Format.THINK_TAGS, "", "Direct.",
                        List.of("<think>", "</think>", "<｜end▁of▁sentence｜>")),
                Arguments.of("<|im_start|>think\nLet x = 2.\n<|im_start|>answer\nAnswer: 2<|im_end|>\n",
                        TraceParts.Format.S1, "\nLet x = 2.\n", "\nAnswer: 2",
                        List.of("<|im_start|>think", "<|im_start|>answer", "<|im_end|>")),
                Arguments.of("<|im_start|>think\nout of budget", TraceParts.Format.S1, "\nout of budget", "",
                        List.of("<|im_start|>think")),
                Arguments.of("Just the answer: 42.", TraceParts.Format.NONE, "", "Just the answer: 42.", List.of()));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("responses")
    void splitsThinkingFromAnswer(String response, TraceParts.Format format, String thinking, String answer,
            List<String> markers) {
        TraceParts parts = TraceParts.split(response);
        assertEquals(format, parts.format());
        assertEquals(thinking, parts.thinking());
        assertEquals(answer, parts.answer());
        assertEquals(markers, parts.markers().stream().map(m -> m.of(response)).toList());
        assertEquals(!answer.isBlank(), parts.hasAnswer());
    }

    @Test
    void segmentsTheWholeResponse() {
        String response = "<think>\nLet x be 2. So x + 1 = 3.\n</think>\n\nThe answer is $\\boxed{3}$.<|im_end|>";
        SegmentedTrace trace = TraceParts.split(response).segment(RuleSegmenter.standard());
        assertEquals(response, trace.text());
        assertEquals(List.of("OUTPUT MARKER: <think>", "TACTICAL tactical.let-be: Let x be 2.",
                "OPERATIONAL operational.arithmetic: So x + 1 = 3.", "OUTPUT MARKER: </think>",
                "OUTPUT ANSWER: The answer is $\\boxed{3}$.", "OUTPUT MARKER: <|im_end|>"), Describe.spans(trace));
        assertEquals(response, Describe.reassembled(trace));
    }

    @Test
    void taggedThinkingIsStrippedInsideTheResponse() {
        String response = "<think>\n<strategic>Plan.</strategic>\n<operational>1 + 1 = 2</operational>\n</think>\nTwo.";
        SegmentedTrace trace = TraceParts.split(response).segment(TagSegmenter.create());
        assertEquals("<think>\nPlan.\n1 + 1 = 2\n</think>\nTwo.", trace.text());
        assertEquals(List.of("OUTPUT: <think>", "STRATEGIC: Plan.", "OPERATIONAL: 1 + 1 = 2", "OUTPUT: </think>",
                "OUTPUT: Two."), Describe.levels(trace));
    }

    /** text, every boxed span's text, the last one's content. */
    static Stream<Arguments> boxes() {
        return Stream.of(
                Arguments.of("so $\\boxed{42}$.", List.of("\\boxed{42}"), "42"),
                Arguments.of("\\boxed{\\frac{1}{2}}", List.of("\\boxed{\\frac{1}{2}}"), "\\frac{1}{2}"),
                Arguments.of("\\boxed{\\{1, \\{2\\}\\}} and \\boxed {x^{2^{3}}}",
                        List.of("\\boxed{\\{1, \\{2\\}\\}}", "\\boxed {x^{2^{3}}}"), "x^{2^{3}}"),
                Arguments.of("\\boxed{unbalanced {x} then \\boxed{7}", List.of("\\boxed{7}"), "7"),
                Arguments.of("\\boxed 5 and \\boxed", List.of(), null),
                Arguments.of("no box", List.of(), null));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("boxes")
    void findsBoxedAnswersWithNestedBraces(String text, List<String> spans, String content) {
        assertEquals(spans, TraceParts.boxed(text).stream().map(s -> s.of(text)).toList());
        assertEquals(Optional.ofNullable(content), TraceParts.boxedContent(text));
        assertTrue(TraceParts.boxed(text).stream().allMatch(s -> s.level() == ReasoningLevel.OUTPUT));
        assertFalse(TraceParts.lastBoxed(text).isPresent() != (content != null));
    }
}
