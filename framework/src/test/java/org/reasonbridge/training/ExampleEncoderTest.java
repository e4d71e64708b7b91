package org.reasonbridge.training;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.data.Example;
import org.reasonbridge.levels.TagFormatException;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.model.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Examples to ids and loss parts, on the tiny model's tokenizer (Qwen BPE, Qwen3 chat template). */
class ExampleEncoderTest {
    @TempDir
    static Path dir;
    static Tokenizer tokenizer;

    @BeforeAll
    static void load() {
        RandomCheckpoint.write(dir, ModelPreset.TINY.config(ModelFamily.QWEN2), 0, DType.F32);
        tokenizer = Tokenizer.load(dir);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    static Example example(String trace) {
        return new Example("ex-7", "What is 2+3?", trace, "The answer is 5.", Map.of());
    }

    static String partText(EncodedExample e, ReasoningLevel part) {
        int[] picked = java.util.stream.IntStream.range(0, e.length()).filter(i -> e.parts()[i] == part.index())
                .map(i -> e.ids()[i]).toArray();
        return tokenizer.decode(picked);
    }

    @Test
    void tagsBecomeTheirLevelsAndTheRestOfTheTurnIsOutput() {
        ExampleEncoder enc = ExampleEncoder.of(tokenizer, "chat", 4096);
        EncodedExample e = enc.encode(example("<strategic>Add the two numbers.</strategic>\n"
                + "<tactical>Let s = 2 + 3.</tactical>\n<operational>2 + 3 = 5.</operational>"));
        assertTrue(partText(e, ReasoningLevel.STRATEGIC).contains("Add the two numbers."), partText(e, ReasoningLevel.STRATEGIC));
        assertTrue(partText(e, ReasoningLevel.TACTICAL).contains("Let s = 2 + 3."));
        assertTrue(partText(e, ReasoningLevel.OPERATIONAL).contains("2 + 3 = 5."));
        String output = partText(e, ReasoningLevel.OUTPUT);
        assertTrue(output.contains("The answer is 5.") && output.contains("<think>") && output.contains("<|im_end|>"), output);
        String all = tokenizer.decode(e.ids());
        assertTrue(!all.contains("<strategic>") && all.contains("What is 2+3?"), "tags are stripped, the prompt kept");
        // no loss on the prompt: the first tokens are NONE, and the problem text is in no part
        assertEquals(EncodedExample.NONE, e.parts()[0]);
        for (ReasoningLevel p : ReasoningLevel.values()) assertTrue(!partText(e, p).contains("What is 2+3?"));
    }

    @Test
    void untaggedTracesGoThroughTheRules() {
        EncodedExample e = ExampleEncoder.of(tokenizer, "plain", 4096).encode(example(
                "The approach is to add.\nLet s be the sum of the two numbers.\nCompute 2 + 3 = 5."));
        var n = e.tokensPerLevel();
        for (ReasoningLevel p : ReasoningLevel.values()) assertTrue(n.get(p) > 0, p + " has no tokens: " + n);
        assertTrue(tokenizer.decode(e.ids()).startsWith("Problem: What is 2+3?"));
    }

    @Test
    void badExamplesNameTheRecord() {
        ExampleEncoder enc = ExampleEncoder.of(tokenizer, "chat", 4096);
        TagFormatException tags = assertThrows(TagFormatException.class,
                () -> enc.encode(example("<strategy>plan</strategy>")));
        assertTrue(tags.getMessage().contains("ex-7"), tags.getMessage());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> ExampleEncoder.of(tokenizer, "chat", 20).encode(example("A long trace. ".repeat(10))));
        assertTrue(tooLong.getMessage().contains("ex-7") && tooLong.getMessage().contains("maxSequenceLength 20"),
                tooLong.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> enc.encode(example("<strategic> </strategic>")));
        assertTrue(empty.getMessage().contains("ex-7"), empty.getMessage());
    }
}
