package org.reasonbridge.training;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.reasonbridge.data.Example;
import org.reasonbridge.levels.TagFormatException;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.model.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        ExampleEncoder enc = ExampleEncoder.of(tokenizer, "chat", 4096, OverLength.ERROR);
        EncodedExample e = enc.encode(example("<strategic>Add the two numbers.</strategic>\n"
                + "<tactical>Let s = 2 + 3.</tactical>\n<operational>2 + 3 = 5.</operational>"))
                .example().orElseThrow();
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
        EncodedExample e = ExampleEncoder.of(tokenizer, "plain", 4096, OverLength.ERROR).encode(example(
                "The approach is to add.\nLet s be the sum of the two numbers.\nCompute 2 + 3 = 5."))
                .example().orElseThrow();
        var n = e.tokensPerLevel();
        for (ReasoningLevel p : ReasoningLevel.values()) assertTrue(n.get(p) > 0, p + " has no tokens: " + n);
        assertTrue(tokenizer.decode(e.ids()).startsWith("Problem: What is 2+3?"));
    }

    @Test
    void badExamplesNameTheRecord() {
        ExampleEncoder enc = ExampleEncoder.of(tokenizer, "chat", 4096, OverLength.ERROR);
        TagFormatException tags = assertThrows(TagFormatException.class,
                () -> enc.encode(example("<strategy>plan</strategy>")));
        assertTrue(tags.getMessage().contains("ex-7"), tags.getMessage());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> ExampleEncoder.of(tokenizer, "chat", 20, OverLength.ERROR)
                        .encode(example("A long trace. ".repeat(10))));
        assertTrue(tooLong.getMessage().contains("ex-7") && tooLong.getMessage().contains("maxSequenceLength 20"),
                tooLong.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> enc.encode(example("<strategic> </strategic>")));
        assertTrue(empty.getMessage().contains("ex-7"), empty.getMessage());
    }

    // ---- over maxSequenceLength: the overLength policy

    /** Long enough to cut anywhere: a strategic plan, a long tactical setup, an operational check. */
    static final String LONG = "<strategic>Add the two numbers, then check the sum.</strategic>\n<tactical>"
            + "Let a = 2 and b = 3, so the sum s = a + b is what the question asks for. ".repeat(3)
            + "</tactical>\n<operational>2 + 3 = 5, and 5 - 3 = 2 checks it.</operational>";
    static final List<ReasoningLevel> THINKING = ReasoningLevel.thinkingLevels();

    /** The example encoded whole (no limit), in {@code format}. */
    static EncodedExample whole(String format, String trace) {
        return ExampleEncoder.of(tokenizer, format, Integer.MAX_VALUE, OverLength.ERROR).encode(example(trace))
                .example().orElseThrow();
    }

    static int firstThinking(EncodedExample e) {
        return IntStream.range(0, e.length()).filter(i -> isThinking(e.parts()[i])).findFirst().orElseThrow();
    }

    static int lastThinking(EncodedExample e) {
        return IntStream.range(0, e.length()).filter(i -> isThinking(e.parts()[i])).max().orElseThrow();
    }

    static boolean isThinking(int part) {
        return part != EncodedExample.NONE && THINKING.contains(ReasoningLevel.values()[part]);
    }

    /** The rendering after the thinking: the end-of-thinking delimiter, the answer, the end of turn. */
    static String closing(EncodedExample whole) {
        String text = tokenizer.decode(whole.ids());
        return text.substring(text.lastIndexOf("\n" + ExampleRenderer.FORMAT.end()));
    }

    @ParameterizedTest(name = "{0}, {1} the limit: {2}")
    @CsvSource(delimiter = '|', value = {
            "truncate | under    | kept",
            "truncate | at       | kept",
            "truncate | over     | truncated",
            "truncate | no room  | skipped",
            "skip     | under    | kept",
            "skip     | at       | kept",
            "skip     | over     | skipped",
            "skip     | no room  | skipped",
            "error    | under    | kept",
            "error    | at       | kept",
            "error    | over     | error",
            "error    | no room  | error",
    })
    void theOverLengthPolicyDecides(String policy, String where, String expected) {
        EncodedExample whole = whole("chat", LONG);
        int limit = switch (where) {
            case "under" -> whole.length() + 1;
            case "at" -> whole.length();
            case "over" -> whole.length() - 10;
            default -> firstThinking(whole); // the prompt fits, the answer does not fit beside it
        };
        ExampleEncoder enc = ExampleEncoder.of(tokenizer, "chat", limit, OverLength.of(policy));
        if (expected.equals("error")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> enc.encode(example(LONG)));
            assertTrue(e.getMessage().contains("example 'ex-7' is " + whole.length() + " tokens long, over "
                    + "maxSequenceLength " + limit), e.getMessage());
            return;
        }
        ExampleEncoder.Result r = enc.encode(example(LONG));
        assertEquals(expected, r.action().id());
        assertEquals(whole.length(), r.tokens(), "the length rendered whole");
        switch (r.action()) {
            case KEPT -> {
                assertArrayEquals(whole.ids(), r.example().orElseThrow().ids());
                assertArrayEquals(whole.parts(), r.example().orElseThrow().parts());
                assertEquals("", r.reason());
            }
            case TRUNCATED -> {
                assertEquals(limit, r.example().orElseThrow().length(), "exactly at the limit");
                assertTrue(r.reason().startsWith("thinking cut from "), r.reason());
            }
            case SKIPPED -> {
                assertTrue(r.example().isEmpty());
                String why = policy.equals("skip") ? "over maxSequenceLength " + limit + " (overLength skip)"
                        : "the prompt and the answer alone take";
                assertTrue(r.reason().contains(why), r.reason());
            }
        }
    }

    /**
     * Every limit from 2 tokens to the whole length, in both layouts: a truncated example is exactly at the limit,
     * begins with the whole example's tokens and labels (the full trace's spans, clipped by the cut, not the cut text
     * segmented again), and ends with the whole closing part as OUTPUT; below the smallest limit that leaves room for
     * thinking, the example is skipped.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chat", "plain"})
    void truncationKeepsThePromptTheLabelsAndTheAnswer(String format) {
        EncodedExample whole = whole(format, LONG);
        String closing = closing(whole);
        boolean truncatedBefore = false;
        for (int limit = 2; limit < whole.length(); limit++) {
            ExampleEncoder.Result r = ExampleEncoder.of(tokenizer, format, limit, OverLength.TRUNCATE)
                    .encode(example(LONG));
            if (r.action() == ExampleEncoder.Result.Action.SKIPPED) {
                assertFalse(truncatedBefore, "limit " + limit + " skipped after a smaller one truncated");
                assertTrue(r.reason().contains("leaving no room for the thinking"), r.reason());
                continue;
            }
            truncatedBefore = true;
            assertEquals(ExampleEncoder.Result.Action.TRUNCATED, r.action(), "limit " + limit);
            EncodedExample cut = r.example().orElseThrow();
            assertEquals(limit, cut.length(), "limit " + limit);
            int keep = lastThinking(cut) + 1;
            assertTrue(keep > firstThinking(whole), "some thinking is kept");
            assertArrayEquals(Arrays.copyOf(whole.ids(), keep), Arrays.copyOf(cut.ids(), keep), "limit " + limit);
            assertArrayEquals(Arrays.copyOf(whole.parts(), keep), Arrays.copyOf(cut.parts(), keep), "limit " + limit);
            int[] tail = Arrays.copyOfRange(cut.ids(), keep, cut.length());
            assertEquals(closing, tokenizer.decode(tail), "limit " + limit + ": the answer intact");
            for (int i = keep; i < cut.length(); i++) assertEquals(ReasoningLevel.OUTPUT.index(), cut.parts()[i]);
        }
        assertTrue(truncatedBefore, "no limit truncated");
    }

    @Test
    void aCutInsideASpanClipsItsLabel() {
        EncodedExample whole = whole("chat", LONG);
        int operational = whole.tokensPerLevel().get(ReasoningLevel.OPERATIONAL);
        int limit = whole.length() - operational - 10; // the cut falls inside the tactical span
        EncodedExample cut = ExampleEncoder.of(tokenizer, "chat", limit, OverLength.TRUNCATE).encode(example(LONG))
                .example().orElseThrow();
        var n = cut.tokensPerLevel();
        assertEquals(0, n.get(ReasoningLevel.OPERATIONAL), n.toString());
        assertEquals(whole.tokensPerLevel().get(ReasoningLevel.STRATEGIC), n.get(ReasoningLevel.STRATEGIC));
        assertTrue(n.get(ReasoningLevel.TACTICAL) > 0
                && n.get(ReasoningLevel.TACTICAL) < whole.tokensPerLevel().get(ReasoningLevel.TACTICAL), n.toString());
        assertEquals(ReasoningLevel.TACTICAL.index(), cut.parts()[lastThinking(cut)]);
        assertTrue(tokenizer.decode(cut.ids()).contains("What is 2+3?"), "the prompt is kept");
    }

    /** The cut never splits a character into its byte tokens, which would train half a character. */
    @Test
    void theCutKeepsCharactersWhole() {
        String trace = "<strategic>Compute 数学 sums 🙂 carefully, ünïcödé included.</strategic> ".repeat(4);
        EncodedExample whole = whole("chat", trace);
        boolean steppedBack = false;
        for (int limit = 2; limit < whole.length(); limit++) {
            ExampleEncoder.Result r = ExampleEncoder.of(tokenizer, "chat", limit, OverLength.TRUNCATE)
                    .encode(example(trace));
            if (r.example().isEmpty()) continue;
            EncodedExample cut = r.example().get();
            String text = tokenizer.decode(cut.ids());
            assertFalse(text.contains("\uFFFD"), "limit " + limit + ": " + text);
            assertTrue(cut.length() <= limit && cut.length() >= limit - 3, "limit " + limit + ": " + cut.length());
            steppedBack |= cut.length() < limit;
        }
        assertTrue(steppedBack, "no limit fell inside a character: the case is not tested");
    }
}
