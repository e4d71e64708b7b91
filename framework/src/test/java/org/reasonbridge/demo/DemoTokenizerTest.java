package org.reasonbridge.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.model.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo tokenizer: its size, the specials last, and the thinking markers as one token each, as on Qwen3. */
class DemoTokenizerTest {
    @Test
    void thinkingMarkersAreOneTokenEachAndTheSpecialsComeLast(@TempDir Path dir) {
        String text = "Problem: Ann's program starts at 7, adds 5.\n\n<think>\n7 + 5 = 12, last digit 2.\n</think>\n\n"
                + MiniTeacher.answerLine("2");
        DemoTokenizer.write(List.of(text, text, "So the answer is 2."), 320, dir);
        Tokenizer t = Tokenizer.load(dir);
        assertEquals(320, t.vocabSize());
        assertEquals(317, t.tokenId("<|endoftext|>").getAsInt());
        int start = t.tokenId("<think>").getAsInt(), end = t.tokenId("</think>").getAsInt();
        assertEquals(315, start);
        assertEquals(316, end);
        assertFalse(t.specialIds().contains(end), "a thinking marker is text, not a special token");
        int[] ids = t.encode("x.\n</think>\n\nFinal");
        assertTrue(java.util.Arrays.stream(ids).filter(i -> i == end).count() == 1, java.util.Arrays.toString(ids));
        assertArrayEquals(new int[]{start}, t.encode("<think>"));
        assertEquals(text, t.decode(t.encode(text)));
        // the test-time policies find the end of thinking as a token: caught before it is emitted
        assertEquals(end, ThinkingFormat.QWEN3.resolve(t).endTokenId());
    }
}
