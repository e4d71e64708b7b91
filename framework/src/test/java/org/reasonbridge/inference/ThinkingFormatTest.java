package org.reasonbridge.inference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.model.Fixtures;
import org.reasonbridge.model.tokenizer.Tokenizer;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThinkingFormatTest {
    private static Tokenizer qwen;

    @BeforeAll
    static void load() {
        qwen = Tokenizer.load(Fixtures.file("tokenizers/qwen"));
    }

    @AfterAll
    static void close() {
        if (qwen != null) qwen.close();
    }

    @Test
    void qwen3sEndOfThinkingIsOneToken() {
        ThinkingFormat f = ThinkingFormat.QWEN3.resolve(qwen);
        assertEquals(qwen.tokenId("</think>").getAsInt(), f.endTokenId());
        assertEquals("\n</think>\n\nFinal Answer:", f.forcedAnswer());
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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a b </think> answer|'a b '",
            "<think>\\nfirst</think>x|first",
            "still thinking|still thinking",
            "preamble <think>mid|mid"})
    void thinkingIsBetweenStartAndEnd(String generated, String thinking) {
        assertEquals(thinking.replace("\\n", "\n"), ThinkingFormat.QWEN3.thinkingOf(generated.replace("\\n", "\n")));
    }

    @Test
    void badConfigsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ThinkingFormat.endingAt(""));
        assertThrows(IllegalArgumentException.class, () -> InterventionConfig.defaults().withMaxInterventions(-1));
        assertThrows(IllegalArgumentException.class, () -> InterventionConfig.defaults().withThinkingBudget(0));
        assertThrows(IllegalArgumentException.class, () -> new InterventionConfig(1, 10, List.of(), List.of("a"), List.of("b")));
    }

    @Test
    void phrasesRotateDeterministically() {
        InterventionConfig c = InterventionConfig.defaults();
        assertEquals(List.of("Wait", "Let me think further", "Wait"),
                List.of(c.phrase(ReasoningState.PARTIAL, 0), c.phrase(ReasoningState.PARTIAL, 1), c.phrase(ReasoningState.PARTIAL, 2)));
        assertThrows(IllegalArgumentException.class, () -> c.phrase(ReasoningState.COMPLETE, 0));
    }
}
