package org.reasonbridge.data;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reasonbridge.model.Fixtures;
import org.reasonbridge.model.tokenizer.Tokenizer;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The one split rule on tricky completions, and the formats' token resolution. */
public class ThinkingFormatTest {
    private static Tokenizer qwen;

    @BeforeAll
    static void load() {
        qwen = Tokenizer.load(Fixtures.file("tokenizers/qwen"));
    }

    @AfterAll
    static void close() {
        if (qwen != null) qwen.close();
    }

    /** The tricky completions every caller must split alike; shared with the callers' agreement test. */
    public static Stream<Arguments> completions() {
        return Stream.of(
                // name, completion, prompt (null = unknown), format, thinking, answer, closed, markers
                Arguments.of("tags", "<think>\nx = 2.\n</think>\n\nThe answer is 2.", null, "QWEN3",
                        "\nx = 2.\n", "\n\nThe answer is 2.", true, List.of("<think>", "</think>")),
                Arguments.of("no opener (R1 templates open in the prompt)", "x = 2.\n</think>\nAnswer: 2<|im_end|>", null,
                        "QWEN3", "x = 2.\n", "\nAnswer: 2", true, List.of("</think>", "<|im_end|>")),
                Arguments.of("two closers: the first ends thinking", "a</think>b \\boxed{1}</think>c \\boxed{2}", null,
                        "QWEN3", "a", "b \\boxed{1}</think>c \\boxed{2}", true, List.of("</think>")),
                Arguments.of("text before the opener", "Sure.<think>mid</think>done", null, "QWEN3", "mid", "done", true,
                        List.of("<think>", "</think>")),
                Arguments.of("closer before an opener", "x</think>y<think>z", null, "QWEN3", "x", "y<think>z", true,
                        List.of("</think>")),
                Arguments.of("cut off while thinking", "<think>still going", null, "QWEN3", "still going", "", false,
                        List.of("<think>")),
                Arguments.of("empty thinking, R1 end of turn", "<think></think>Direct.<｜end▁of▁sentence｜>", null, "QWEN3",
                        "", "Direct.", true, List.of("<think>", "</think>", "<｜end▁of▁sentence｜>")),
                Arguments.of("s1", "<|im_start|>think\nLet x = 2.\n<|im_start|>answer\nAnswer: 2<|im_end|>\n", null, "S1",
                        "\nLet x = 2.\n", "\nAnswer: 2", true,
                        List.of("<|im_start|>think", "<|im_start|>answer", "<|im_end|>")),
                Arguments.of("s1 cut off", "<|im_start|>think\nout of budget", null, "S1", "\nout of budget", "", false,
                        List.of("<|im_start|>think")),
                Arguments.of("s1 opened by the prompt", "Let x = 2.\n<|im_start|>answer\n42", "u<|im_start|>think\n", "S1",
                        "Let x = 2.\n", "\n42", true, List.of("<|im_start|>answer")),
                Arguments.of("no markers: all answer", "Just the answer: 42.", null, "NONE", "", "Just the answer: 42.",
                        false, List.of()),
                Arguments.of("no markers, end of turn", "42<|endoftext|>  ", null, "NONE", "", "42", false,
                        List.of("<|endoftext|>")),
                Arguments.of("no markers after a prompt that opened thinking: cut off", "still thinking 42", "q\n<think>\n",
                        "QWEN3", "still thinking 42", "", false, List.of()),
                Arguments.of("closed after a prompt that opened thinking", "a b </think> answer", "q\n<think>\n", "QWEN3",
                        "a b ", " answer", true, List.of("</think>")),
                Arguments.of("the model repeats the prompt's opener", "<think>\nfirst</think>x", "<think>\n", "QWEN3",
                        "\nfirst", "x", true, List.of("<think>", "</think>")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("completions")
    void splitsByTheOneRule(String name, String completion, String prompt, String format, String thinking, String answer,
                            boolean closed, List<String> markers) {
        ThinkingSplit s = ThinkingFormat.splitAny(completion, prompt);
        assertEquals(format, s.format() == null ? "NONE" : s.format() == ThinkingFormat.S1 ? "S1" : "QWEN3", name);
        assertEquals(thinking, s.thinking(), name);
        assertEquals(answer, s.answer(), name);
        assertEquals(closed, s.closed(), name);
        assertEquals(markers, s.markers().stream().map(m -> m.of(completion)).toList(), name);
        if (prompt == null) assertEquals(s, ThinkingFormat.splitAny(completion), "an unknown prompt opens nothing");
    }

    @Test
    void thePolicysViewStartsInsideThinking() {
        assertEquals("a b ", ThinkingFormat.QWEN3.thinkingOf("a b </think> answer"));
        assertEquals("still thinking", ThinkingFormat.QWEN3.thinkingOf("still thinking"));
        assertEquals("mid", ThinkingFormat.QWEN3.thinkingOf("preamble <think>mid"));
        assertEquals("x", ThinkingFormat.endingAt("The end.").thinkingOf("xThe end. y"));
    }

    @Test
    void promptsOpenThinkingWhenTheyEndWithAnOpener() {
        assertEquals(ThinkingFormat.QWEN3, ThinkingFormat.openedBy("<|im_start|>assistant\n<think>\n").orElseThrow());
        assertEquals(ThinkingFormat.S1, ThinkingFormat.openedBy("<|im_start|>think").orElseThrow());
        assertEquals(true, ThinkingFormat.openedBy("What is 2 + 2?").isEmpty());
        assertEquals(true, ThinkingFormat.openedBy(null).isEmpty());
    }

    @Test
    void qwen3sEndOfThinkingIsOneToken() {
        ThinkingFormat f = ThinkingFormat.QWEN3.resolve(qwen);
        assertEquals(qwen.tokenId("</think>").getAsInt(), f.endTokenId());
        assertEquals("\n</think>\n\nFinal Answer:", f.forcedAnswer());
        assertEquals("<think>\nt\n</think>\n\na", f.assistantTurn("t", "a"));
    }

    @Test
    void s1StopsOnImStartLikeItsVllmCode() {
        ThinkingFormat f = ThinkingFormat.S1.resolve(qwen);
        assertEquals(qwen.tokenId("<|im_start|>").getAsInt(), f.endTokenId());
        assertEquals("\n<|im_start|>answer\nFinal Answer:", f.forcedAnswer());
    }

    @Test
    void aDelimiterOfSeveralTokensIsFoundAsAString() {
        assertEquals(-1, ThinkingFormat.endingAt("The end.").resolve(qwen).endTokenId());
    }

    @Test
    void badFormatsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ThinkingFormat.endingAt(""));
        assertThrows(IllegalArgumentException.class, () -> ThinkingFormat.QWEN3.withEnd("</think>", -2));
    }
}
