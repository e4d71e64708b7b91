package org.reasonbridge.model.generate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reasonbridge.model.Fixtures;
import org.reasonbridge.model.Model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Generation on the qwen2-tiny fixture: stopping, streaming, sampling, batches and the decode hook. */
class GeneratorTest {
    static Model model;
    static Generator gen;
    static final int[] PROMPT = {432, 324, 260, 137, 156, 20, 38, 8, 89, 413};
    static final GenerationConfig NO_STOP = GenerationConfig.greedy(12).withStopTokenIds(Set.of());

    @BeforeAll
    static void load() {
        model = Model.load(Fixtures.model("qwen2-tiny"));
        gen = model.generator();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static List<Generation> run(List<int[]> prompts, GenerationConfig cfg, DecodeHook hook) {
        return gen.generate(prompts, cfg, hook, TokenListener.NONE);
    }

    /** Prefill in chunks (the server's bound on attention memory) decodes the same tokens as one pass. */
    @Test
    void chunkedPrefillGivesTheSameGeneration() {
        List<int[]> prompts = List.of(PROMPT, Arrays.copyOf(PROMPT, 3), new int[]{PROMPT[0]});
        List<Generation> whole = run(prompts, NO_STOP, DecodeHook.NONE);
        List<float[]> wholeLogits = new ArrayList<>();
        gen.generate(prompts, NO_STOP.withMaxNewTokens(1), step -> {
            wholeLogits.add(step.logits().clone());
            return DecodeAction.accept();
        }, TokenListener.NONE);
        for (int chunk : new int[]{1, 3, 4, 9, 10, 11}) {
            Generator chunked = gen.withPrefillChunk(chunk);
            List<Generation> g = chunked.generate(prompts, NO_STOP, DecodeHook.NONE, TokenListener.NONE);
            for (int r = 0; r < prompts.size(); r++) {
                assertArrayEquals(whole.get(r).generatedIds(), g.get(r).generatedIds(), "chunk " + chunk + ", row " + r);
            }
            List<float[]> logits = new ArrayList<>();
            chunked.generate(prompts, NO_STOP.withMaxNewTokens(1), step -> {
                logits.add(step.logits().clone());
                return DecodeAction.accept();
            }, TokenListener.NONE);
            for (int r = 0; r < prompts.size(); r++) {
                assertArrayEquals(wholeLogits.get(r), logits.get(r), 2e-5f, "chunk " + chunk + ", row " + r);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> gen.withPrefillChunk(0));
    }

    @Test
    void maxNewTokensEndsWithLength() {
        Generation g = gen.generate(PROMPT, NO_STOP);
        assertEquals(12, g.generatedIds().length);
        assertEquals(FinishReason.LENGTH, g.finishReason());
        assertEquals(model.tokenizer().decode(g.generatedIds()), g.text());
        assertEquals(0, gen.generate(PROMPT, NO_STOP.withMaxNewTokens(0)).generatedIds().length);
    }

    @Test
    void stopTokenEndsTheRowAndIsNotEmitted() {
        int[] greedy = gen.generate(PROMPT, NO_STOP).generatedIds();
        int stop = greedy[4];
        int first = 0;
        while (greedy[first] != stop) first++;
        Generation g = gen.generate(PROMPT, NO_STOP.withStopTokenIds(Set.of(stop)));
        assertEquals(FinishReason.STOP_TOKEN, g.finishReason());
        assertEquals(stop, g.stopToken());
        assertArrayEquals(Arrays.copyOf(greedy, first), g.generatedIds());
    }

    @Test
    void stopStringCutsTheText() {
        Generation full = gen.generate(PROMPT, NO_STOP);
        String text = full.text();
        String stop = text.substring(text.length() / 2, text.length() / 2 + 2);
        Generation g = gen.generate(PROMPT, NO_STOP.withStopStrings(stop));
        assertEquals(FinishReason.STOP_STRING, g.finishReason());
        assertEquals(text.substring(0, text.indexOf(stop)), g.text());
        assertTrue(text.startsWith(g.text()));
    }

    @Test
    void streamedDeltasAddUpToTheText() {
        StringBuilder streamed = new StringBuilder();
        List<Integer> tokens = new ArrayList<>();
        Generation g = gen.generate(List.of(PROMPT), NO_STOP, DecodeHook.NONE, (row, token, delta) -> {
            streamed.append(delta);
            tokens.add(token);
        }).get(0);
        assertEquals(g.text(), streamed.toString());
        assertArrayEquals(g.generatedIds(), tokens.stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    void seededSamplingRepeatsAndSeedsDiffer() {
        GenerationConfig s = GenerationConfig.sampling(16, 1.5, 1.0, 3).withStopTokenIds(Set.of());
        int[] a = gen.generate(PROMPT, s).generatedIds();
        assertArrayEquals(a, gen.generate(PROMPT, s).generatedIds());
        assertFalse(Arrays.equals(a, gen.generate(PROMPT, s.withSeed(4)).generatedIds()));
        assertArrayEquals(gen.generate(PROMPT, NO_STOP).generatedIds(),
                gen.generate(PROMPT, NO_STOP.withTemperature(1.0).withTopK(1)).generatedIds(), "top-k 1 is greedy");
    }

    @Test
    void hookSeesEveryStepWithTheRightLogits() {
        List<DecodeStep> steps = new ArrayList<>();
        Generation g = run(List.of(PROMPT), NO_STOP, step -> {
            steps.add(step);
            return DecodeAction.accept();
        }).get(0);
        assertEquals(12, steps.size());
        for (int i = 0; i < steps.size(); i++) {
            DecodeStep s = steps.get(i);
            assertEquals(i, s.step());
            assertArrayEquals(PROMPT, s.prompt());
            assertArrayEquals(Arrays.copyOf(g.generatedIds(), i), s.generated());
            assertEquals(g.generatedIds()[i], s.proposed());
            int[] context = concat(PROMPT, s.generated());
            float[] full = model.logits(context)[context.length - 1];
            for (int v = 0; v < full.length; v++) assertEquals(full[v], s.logits()[v], 1e-4f);
        }
    }

    @Test
    void replaceAndSpliceChangeWhatComesNext() {
        int x = 300;
        Generation replaced = run(List.of(PROMPT), NO_STOP.withMaxNewTokens(5), step -> DecodeAction.replace(x)).get(0);
        assertArrayEquals(new int[]{x, x, x, x, x}, replaced.generatedIds());

        int[] splice = {7, 8, 9};
        Generation spliced = run(List.of(PROMPT), NO_STOP, step -> step.step() == 2 ? DecodeAction.splice(splice)
                : DecodeAction.accept()).get(0);
        int[] g = spliced.generatedIds();
        int[] greedy = gen.generate(PROMPT, NO_STOP).generatedIds();
        assertArrayEquals(Arrays.copyOf(greedy, 2), Arrays.copyOf(g, 2));
        assertArrayEquals(splice, Arrays.copyOfRange(g, 2, 5));
        // after the splice the model continues from the spliced context, exactly as if it had been the prompt
        int[] context = concat(PROMPT, Arrays.copyOf(g, 5));
        int[] rest = gen.generate(context, NO_STOP.withMaxNewTokens(12 - 5)).generatedIds();
        assertArrayEquals(rest, Arrays.copyOfRange(g, 5, 12));
    }

    @Test
    void spliceInOneRowOfABatchLeavesTheOtherAlone() {
        int[] other = Arrays.copyOf(PROMPT, 6);
        DecodeHook hook = step -> step.row() == 0 && step.step() == 1 ? DecodeAction.splice(1, 2, 3, 4)
                : DecodeAction.accept();
        List<Generation> both = run(List.of(PROMPT, other), NO_STOP, hook);
        assertArrayEquals(run(List.of(PROMPT), NO_STOP, hook).get(0).generatedIds(), both.get(0).generatedIds());
        assertArrayEquals(gen.generate(other, NO_STOP).generatedIds(), both.get(1).generatedIds());
    }

    /**
     * A rewind at step {@code at} back to {@code keep} tokens then splicing {7, 8, 9} decodes exactly what splicing
     * {7, 8, 9} at step {@code keep} does: the taken-back tokens leave the text and the cache; in a batch the other
     * row is untouched.
     */
    @Test
    void rewindIsAsIfTheCutTokensWereNeverGenerated() {
        int[] other = Arrays.copyOf(PROMPT, 6);
        int[][] cases = {{2, 5}, {0, 3}, {4, 5}, {3, 3}};
        for (int[] c : cases) {
            int keep = c[0], at = c[1];
            boolean[] rewound = {false};
            DecodeHook rewind = step -> {
                if (step.row() != 0 || step.step() != at || rewound[0]) return DecodeAction.accept();
                rewound[0] = true;
                return DecodeAction.rewind(keep, 7, 8, 9);
            };
            boolean[] spliced = {false};
            DecodeHook splice = step -> {
                if (step.row() != 0 || step.step() != keep || spliced[0]) return DecodeAction.accept();
                spliced[0] = true;
                return DecodeAction.splice(7, 8, 9);
            };
            List<Generation> a = run(List.of(PROMPT, other), NO_STOP, rewind);
            List<Generation> b = run(List.of(PROMPT), NO_STOP, splice);
            assertArrayEquals(b.get(0).generatedIds(), a.get(0).generatedIds(), "keep " + keep + " at " + at);
            assertArrayEquals(gen.generate(other, NO_STOP).generatedIds(), a.get(1).generatedIds(), "other row");
        }
        assertThrows(IllegalArgumentException.class, () -> DecodeAction.rewind(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> DecodeAction.rewind(0));
        assertThrows(IllegalArgumentException.class, () -> run(List.of(PROMPT), NO_STOP,
                step -> step.step() == 1 ? DecodeAction.rewind(2, 1) : DecodeAction.accept()));
    }

    @Test
    void hookStopAndBadTokens() {
        Generation stopped = run(List.of(PROMPT), NO_STOP, step -> step.step() == 3 ? DecodeAction.stop()
                : DecodeAction.accept()).get(0);
        assertEquals(FinishReason.HOOK, stopped.finishReason());
        assertEquals(3, stopped.generatedIds().length);
        assertThrows(IllegalArgumentException.class, () -> run(List.of(PROMPT), NO_STOP, step -> DecodeAction.replace(512)));
        assertThrows(IllegalArgumentException.class, () -> DecodeAction.splice());
        assertThrows(IllegalArgumentException.class, () -> run(List.of(new int[0]), NO_STOP, DecodeHook.NONE));
    }

    @Test
    void textApi() {
        Generation g = model.generate("Hello", NO_STOP);
        assertArrayEquals(model.tokenizer().encode("Hello"), g.promptIds());
        List<Generation> two = model.generate(List.of("Hello", "The answer is"), NO_STOP);
        assertArrayEquals(g.generatedIds(), two.get(0).generatedIds());
        assertNotEquals(two.get(0).text(), two.get(1).text());
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
