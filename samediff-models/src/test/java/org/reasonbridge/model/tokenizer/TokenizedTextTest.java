package org.reasonbridge.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Tokenizer#encodeWithOffsets}: ranges in UTF-16 units of the Java string, on the real Qwen tokenizer. */
class TokenizedTextTest {

    private static Tokenizer qwen;

    @BeforeAll
    static void load() {
        qwen = Tokenizer.load(Fixtures.qwenDir());
    }

    @AfterAll
    static void close() {
        qwen.close();
    }

    /** text, then the text each token's range covers, in order (golden: read off this tokenizer and checked by eye). */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("x = 3.5", List.of("x", " =", " ", "3", ".", "5")),
                Arguments.of("héllo wörld", List.of("h", "él", "lo", " w", "ör", "ld")),
                Arguments.of("日本語のテキスト", List.of("日本", "語", "の", "テ", "キ", "スト")),
                // an emoji is a surrogate pair: 2 UTF-16 units, 1 code point (the native library's unit)
                Arguments.of("x 😀 y", List.of("x", " 😀", " y")),
                // byte-level pieces of one emoji all carry that whole emoji's range
                Arguments.of("🧮🧮 z", List.of("🧮", "🧮", "🧮", "🧮", " z")),
                Arguments.of("<|im_start|>user\nhi<|im_end|>", List.of("<|im_start|>", "user", "\n", "hi", "<|im_end|>")),
                // NFC composes e + U+0301; the range of the composed token leaves the combining mark out
                Arguments.of("b e\u0301!", List.of("b", " e", "!")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rangesCoverTheTokensText(String text, List<String> expected) {
        TokenizedText t = qwen.encodeWithOffsets(text);
        List<String> covered = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) covered.add(text.substring(t.start(i), t.end(i)));
        assertEquals(expected, covered);
        assertArrayEquals(qwen.encode(text), t.ids());
    }

    static Stream<String> texts() {
        return Stream.of("", "plain ascii", "  two  spaces\n\nnew line", "ﬁ ① ㎏ ½", "👩‍👩‍👧 family, 🇯🇵 flag",
                "mixed 数学 $\\frac{1}{2}$ 🧮 — done", "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00", "tab\there\r\nCRLF");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("texts")
    void rangesAreOrderedInBoundsAndNeverSplitASurrogatePair(String text) {
        TokenizedText t = qwen.encodeWithOffsets(text);
        assertArrayEquals(qwen.encode(text), t.ids());
        for (int i = 0; i < t.size(); i++) {
            assertTrue(t.start(i) <= t.end(i) && t.end(i) <= text.length(), "token " + i);
            if (i > 0) assertTrue(t.start(i - 1) <= t.start(i), "starts never decrease, token " + i);
            for (int edge : new int[] {t.start(i), t.end(i)}) {
                assertFalse(edge > 0 && edge < text.length() && Character.isLowSurrogate(text.charAt(edge)),
                        "token " + i + " splits a surrogate pair at " + edge);
            }
        }
    }

    @Test
    void recordIsImmutableAndValidated() {
        int[] ids = {1, 2};
        TokenizedText t = new TokenizedText(ids, new int[] {0, 1}, new int[] {1, 2});
        ids[0] = 99;
        t.ids()[1] = 99;
        assertArrayEquals(new int[] {1, 2}, t.ids());
        assertThrows(IllegalArgumentException.class, () -> new TokenizedText(new int[1], new int[2], new int[1]));
        assertThrows(IllegalArgumentException.class, () -> new TokenizedText(new int[1], new int[] {3}, new int[] {2}));
    }

    @Test
    void codePointTable() {
        assertArrayEquals(new int[] {0, 1, 3, 4}, Tokenizer.codePointToUtf16("a😀b"));
        assertArrayEquals(new int[] {0}, Tokenizer.codePointToUtf16(""));
    }
}
