package org.reasonbridge.model.generate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reasonbridge.model.Fixtures;
import org.reasonbridge.model.Model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A batch decodes every row exactly as the row would decode alone (greedy): prompts of different lengths
 * (left padding, masks and positions per row), rows that stop at different steps, a chunked prefill, and each row
 * under a hook of its own that splices, rewinds (its cache forgets, the others' must not) or stops it. On every
 * fixture model: sliding-window attention (mistral) and routed experts (mixtral) included.
 */
class BatchedAnswersTest {
    /** Lengths 1 to 13, so the batch pads every row but the longest, some by most of its width. */
    static final int[][] PROMPTS = {
            {432, 324, 260, 137, 156, 20, 38, 8, 89, 413},
            {7},
            {300, 12, 45, 99},
            {432, 324, 260, 137, 156, 20, 38, 8, 89, 413, 5, 77, 201},
            {61, 2},
    };
    static final GenerationConfig NO_STOP = GenerationConfig.greedy(14).withStopTokenIds(Set.of());

    /** A fresh hook per row (hooks keep state): none, a splice, a rewind, a stop, a rewind to the start. */
    static final List<Supplier<DecodeHook>> HOOKS = List.of(
            () -> DecodeHook.NONE,
            () -> step -> step.step() == 2 ? DecodeAction.splice(9, 10, 11, 12, 13) : DecodeAction.accept(),
            () -> new Once(5, DecodeAction.rewind(2, 40, 41)),
            () -> step -> step.step() == 6 ? DecodeAction.stop() : DecodeAction.accept(),
            () -> new Once(3, DecodeAction.rewind(0, 17)));

    static List<String> models() {
        return Fixtures.MODELS;
    }

    @ParameterizedTest
    @MethodSource("models")
    void aBatchDecodesEachRowAsItWouldAlone(String name) {
        try (Model model = Model.load(Fixtures.model(name))) {
            Generator gen = model.generator();
            List<int[]> prompts = Arrays.asList(PROMPTS);
            int stop = alone(gen, PROMPTS[2], NO_STOP, DecodeHook.NONE).generatedIds()[3];
            GenerationConfig stopping = NO_STOP.withStopTokenIds(Set.of(stop));
            record Case(String what, Generator gen, GenerationConfig config, boolean hooked) {
            }
            List<Case> cases = List.of(
                    new Case("plain", gen, NO_STOP, false),
                    new Case("rows stop at different steps", gen, stopping, false),
                    new Case("prefill in chunks of 4", gen.withPrefillChunk(4), NO_STOP, false),
                    new Case("a hook per row", gen, NO_STOP, true),
                    new Case("a hook per row, stopping", gen, stopping, true));
            for (Case c : cases) {
                List<DecodeHook> hooks = new ArrayList<>();
                for (int r = 0; r < prompts.size(); r++) hooks.add(c.hooked ? HOOKS.get(r).get() : DecodeHook.NONE);
                List<Generation> batch = c.gen.generate(prompts, c.config, DecodeHook.perRow(hooks), TokenListener.NONE);
                for (int r = 0; r < prompts.size(); r++) {
                    Generation one = alone(c.gen, PROMPTS[r], c.config, c.hooked ? HOOKS.get(r).get() : DecodeHook.NONE);
                    String where = name + ", " + c.what + ", row " + r;
                    assertArrayEquals(one.generatedIds(), batch.get(r).generatedIds(), where);
                    assertEquals(one.finishReason(), batch.get(r).finishReason(), where);
                    assertEquals(one.text(), batch.get(r).text(), where);
                }
            }
        }
    }

    private static Generation alone(Generator gen, int[] prompt, GenerationConfig config, DecodeHook hook) {
        return gen.generate(List.of(prompt), config, hook, TokenListener.NONE).get(0);
    }

    /** Acts once, at the row's step {@code at} (a rewind brings the row back past it). */
    private static final class Once implements DecodeHook {
        private final int at;
        private final DecodeAction action;
        private boolean done;

        Once(int at, DecodeAction action) {
            this.at = at;
            this.action = action;
        }

        @Override
        public DecodeAction onStep(DecodeStep step) {
            if (done || step.step() != at) return DecodeAction.accept();
            done = true;
            return action;
        }
    }
}
