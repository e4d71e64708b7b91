package org.reasonbridge.levels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reasonbridge.model.levels.ReasoningLevel.OPERATIONAL;
import static org.reasonbridge.model.levels.ReasoningLevel.OUTPUT;
import static org.reasonbridge.model.levels.ReasoningLevel.STRATEGIC;
import static org.reasonbridge.model.levels.ReasoningLevel.TACTICAL;

import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reasonbridge.model.Fixtures;
import org.reasonbridge.model.tokenizer.ChatMessage;
import org.reasonbridge.model.tokenizer.TokenizedText;
import org.reasonbridge.model.tokenizer.Tokenizer;

class LevelMasksTest {

    private static Tokenizer qwen;

    @BeforeAll
    static void load() {
        qwen = Tokenizer.load(Fixtures.file("tokenizers/qwen"));
    }

    @AfterAll
    static void close() {
        if (qwen != null) qwen.close();
    }

    // ---- the labelling rule, on hand-made token ranges

    private static LevelSpan span(ReasoningLevel level, int start, int end) {
        return new LevelSpan(level, start, end, "test");
    }

    /** Token ranges as {@code {start, end}} pairs; ids are 0, 1, 2, ... */
    private static TokenizedText tokens(int... ranges) {
        int n = ranges.length / 2;
        int[] ids = new int[n];
        int[] starts = new int[n];
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            starts[i] = ranges[2 * i];
            ends[i] = ranges[2 * i + 1];
        }
        return new TokenizedText(ids, starts, ends);
    }

    /** name, text, spans, offset, token ranges, expected labels (S T O X for the levels, - unlabelled). */
    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("majority of characters", "abcdef", List.of(span(STRATEGIC, 0, 4), span(TACTICAL, 4, 6)), 0,
                        tokens(0, 3, 3, 6), "S T"),
                Arguments.of("tie goes to the earlier span", "abcd", List.of(span(STRATEGIC, 0, 2), span(TACTICAL, 2, 4)), 0,
                        tokens(0, 4), "S"),
                Arguments.of("' We' follows its word, not the space", "Plan. We",
                        List.of(span(STRATEGIC, 0, 6), span(TACTICAL, 6, 8)), 0, tokens(0, 4, 4, 5, 5, 8), "S S T"),
                Arguments.of("a whitespace token follows the span holding it", "a.\n\nb",
                        List.of(span(STRATEGIC, 0, 4), span(OPERATIONAL, 4, 5)), 0, tokens(0, 1, 1, 2, 2, 4, 4, 5), "S S S O"),
                Arguments.of("outside every span: unlabelled", "Q: hi\nA: x",
                        List.of(span(OUTPUT, 0, 1)), 9, tokens(0, 2, 2, 5, 5, 6, 6, 8, 8, 9, 9, 10), "- - - - - X"),
                Arguments.of("empty token range: unlabelled", "ab", List.of(span(TACTICAL, 0, 2)), 0, tokens(0, 0, 0, 2), "- T"),
                Arguments.of("byte pieces of one emoji share its level", "\uD83D\uDE00!",
                        List.of(span(TACTICAL, 0, 2), span(OPERATIONAL, 2, 3)), 0, tokens(0, 2, 0, 2, 0, 2, 2, 3), "T T T O"),
                Arguments.of("a token across three spans", "ab cd ef",
                        List.of(span(STRATEGIC, 0, 2), span(TACTICAL, 2, 6), span(OPERATIONAL, 6, 8)), 0, tokens(1, 7), "T"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rules")
    void labelsTokensBySpanMajority(String name, String text, List<LevelSpan> spans, int offset, TokenizedText tokens,
            String expected) {
        assertEquals(expected, letters(LevelMasks.of(tokens, text, spans, offset)));
    }

    private static String letters(LevelMasks masks) {
        List<String> out = new ArrayList<>();
        for (int t = 0; t < masks.size(); t++) {
            out.add(masks.level(t).map(l -> l == OUTPUT ? "X" : l.name().substring(0, 1)).orElse("-"));
        }
        return String.join(" ", out);
    }

    @Test
    void masksAreOneHotPerLevel() {
        LevelMasks masks = LevelMasks.of(tokens(0, 1, 1, 2, 2, 3), "abc",
                List.of(span(STRATEGIC, 0, 1), span(OUTPUT, 2, 3)), 0);
        assertArrayEquals(new int[] {STRATEGIC.index(), LevelMasks.UNLABELLED, OUTPUT.index()}, masks.levelPerToken());
        assertArrayEquals(new float[] {1, 0, 0}, masks.mask(STRATEGIC));
        assertArrayEquals(new float[] {0, 0, 0}, masks.mask(TACTICAL));
        assertArrayEquals(new float[] {0, 0, 1}, masks.mask(OUTPUT));
        assertArrayEquals(new float[] {1, 0, 1}, masks.labelledMask());
        assertEquals(1, masks.count(OUTPUT));
    }

    @Test
    void rejectsSpansOutOfOrderOrOutsideTheText() {
        assertThrows(IllegalArgumentException.class, () -> LevelMasks.of(tokens(0, 2), "ab",
                List.of(span(STRATEGIC, 1, 2), span(TACTICAL, 0, 1)), 0));
        assertThrows(IllegalArgumentException.class, () -> LevelMasks.of(tokens(0, 2), "ab", List.of(span(STRATEGIC, 0, 2)), 1));
        assertThrows(IllegalArgumentException.class, () -> new LevelMasks(tokens(0, 1), new int[] {7}));
    }

    // ---- the real Qwen3 tokenizer

    static Stream<String> traces() {
        return Stream.of(
                "We need to find the sum. Let x be the first term.\nThen x + 2x = 9, so x = 3.",
                "Let's first understand: ∑ over 😀 faces.\nLet θ be 30°. Then sin θ = ½ 🧮🧮.\n答案是 2. Check: 1 + 1 = 2 ✓",
                "Case 1: n é e\u0301 naïve. Compute 👩‍👩‍👧 × 3 = 9 people.");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("traces")
    void qwenTokensTakeTheLevelOfTheirText(String text) {
        SegmentedTrace trace = RuleSegmenter.standard().segment(text);
        LevelMasks masks = LevelMasks.of(qwen, trace);
        TokenizedText tokens = masks.tokens();
        assertArrayEquals(qwen.encode(text), tokens.ids());
        for (int t = 0; t < masks.size(); t++) {
            // a token's level is that of its last non-whitespace character (whitespace goes before words in BPE)
            int last = tokens.end(t) - 1;
            while (last >= tokens.start(t) && Character.isWhitespace(text.charAt(last))) last--;
            if (last < tokens.start(t)) last = tokens.end(t) - 1;
            if (last < tokens.start(t)) continue;
            assertEquals(trace.levelAt(last), masks.level(t),
                    "token " + t + " '" + text.substring(tokens.start(t), tokens.end(t)) + "'");
        }
        assertEquals(masks.size(), java.util.stream.IntStream.of(masks.levelPerToken()).filter(l -> l >= 0).count(),
                "every token of a segmented trace is labelled");
    }

    @Test
    void chatRenderedConversationLabelsOnlyTheResponse() {
        String response = "<think>\nWe need to find 2 + 2. Let x be the sum 🧮.\nSo x = 4.\n</think>\n\nThe answer is $\\boxed{4}$.";
        String conversation = qwen.chatTemplate().orElseThrow().renderMessages(
                List.of(ChatMessage.user("What is 2 + 2? ½ 😀"), ChatMessage.assistant(response)), false);
        // train on the response as the template renders it, through its end-of-turn token
        int start = conversation.lastIndexOf("<|im_start|>assistant\n") + "<|im_start|>assistant\n".length();
        int end = conversation.indexOf("<|im_end|>", start) + "<|im_end|>".length();
        SegmentedTrace trace = TraceParts.split(conversation.substring(start, end)).segment(RuleSegmenter.standard());
        LevelMasks masks = LevelMasks.of(qwen, conversation, trace);
        assertArrayEquals(masks.levelPerToken(), LevelMasks.of(qwen, conversation, start, trace).levelPerToken());
        assertThrows(IllegalArgumentException.class, () -> LevelMasks.of(qwen, conversation, start + 1, trace));
        TokenizedText tokens = masks.tokens();
        assertArrayEquals(qwen.encode(conversation), tokens.ids());
        List<String> labelled = new ArrayList<>();
        for (int t = 0; t < masks.size(); t++) {
            String piece = conversation.substring(tokens.start(t), tokens.end(t));
            if (tokens.end(t) <= start || tokens.start(t) >= end) {
                assertTrue(masks.level(t).isEmpty(), "prompt token " + t + " '" + piece + "' must be unlabelled");
            } else if (List.of("<think>", "</think>", "<|im_end|>").contains(piece) || piece.contains("boxed")) {
                labelled.add(piece + "=" + masks.level(t).orElseThrow());
            }
        }
        assertEquals(List.of("<think>=OUTPUT", "</think>=OUTPUT", "boxed=OUTPUT", "<|im_end|>=OUTPUT"), labelled);
        assertTrue(masks.count(STRATEGIC) > 0 && masks.count(TACTICAL) > 0 && masks.count(OPERATIONAL) > 0);
        int firstResponseToken = 0;
        while (tokens.end(firstResponseToken) <= start) firstResponseToken++;
        assertEquals(OUTPUT, masks.level(firstResponseToken).orElseThrow());
    }
}
