package org.reasonbridge.serve;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A completion split into reasoning and content, whole and streamed in pieces of every size: the streamed deltas
 * concatenate to the whole split, so a client sees the same text either way.
 */
class ReasoningParserTest {
    @ParameterizedTest(name = "{0}: {1} (opened {2})")
    @CsvSource(delimiter = ';', nullValues = "NULL", value = {
            // parser   | completion (\n = newline)                  | opened | reasoning          | content
            "deepseek_r1 ; <think>\\nadd 2 and 2\\n</think>\\n\\n4      ; false  ; '\\nadd 2 and 2\\n' ; '\\n\\n4'",
            "deepseek_r1 ; add 2 and 2</think>4                        ; true   ; add 2 and 2        ; 4",
            "deepseek_r1 ; add 2 and 2</think>4                        ; false  ; add 2 and 2        ; 4",
            "qwen3       ; just 4                                      ; false  ; NULL               ; just 4",
            "qwen3       ; still thinking when the tokens ran out      ; true   ; still thinking when the tokens ran out ; ''",
            "qwen3       ; <think>a</think>b<|im_end|>                 ; false  ; a                  ; b",
            "s1          ; <|im_start|>think\\n2+2<|im_start|>answer\\n4 ; false ; '\\n2+2'        ; '\\n4'",
    })
    void wholeAndStreamedAgree(String name, String completion, boolean opened, String reasoning, String content) {
        ReasoningParser p = ReasoningParser.named(name);
        String text = completion.replace("\\n", "\n");
        ReasoningParser.Parts whole = p.split(text, opened);
        assertEquals(reasoning == null ? null : reasoning.replace("\\n", "\n"), whole.reasoning());
        assertEquals(content.replace("\\n", "\n"), whole.content());
        for (int size = 1; size <= 6; size++) {
            ReasoningParser.Streamed s = p.stream(opened);
            StringBuilder r = new StringBuilder(), c = new StringBuilder();
            for (int i = 0; i < text.length(); i += size) {
                add(s.offer(text.substring(i, Math.min(text.length(), i + size))), r, c);
            }
            add(s.finish(text), r, c);
            assertEquals(whole.reasoning() == null ? "" : whole.reasoning(), r.toString(), "pieces of " + size);
            assertEquals(whole.content(), c.toString(), "pieces of " + size);
        }
    }

    private static void add(ReasoningParser.Parts parts, StringBuilder r, StringBuilder c) {
        if (parts.reasoning() != null) r.append(parts.reasoning());
        if (parts.content() != null) c.append(parts.content());
    }

    @ParameterizedTest
    @CsvSource({"DeepSeek_R1", "QWEN3"})
    void namesAreCaseBlind(String name) {
        assertEquals(name.toLowerCase(), ReasoningParser.named(name).name());
    }

    @ParameterizedTest
    @CsvSource({"granite", "''"})
    void unknownNamesListTheKnownOnes(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReasoningParser.named(name));
        assertTrue(e.getMessage().contains("deepseek_r1"), e.getMessage());
    }
}
