package org.reasonbridge.model.generate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplerTest {
    private static final float[] LOGITS = {0f, 3f, 1f, 3f, 2.5f, -1f};

    @Test
    void greedyTakesTheLowestIdOnTies() {
        assertEquals(1, Sampler.argmax(LOGITS));
        assertThrows(IllegalStateException.class, () -> Sampler.argmax(new float[]{Float.NaN, Float.NaN}));
    }

    /** Over many draws, only tokens the filter keeps appear, and all of them do. */
    @ParameterizedTest(name = "temperature {0} top-k {1} top-p {2} -> {3}")
    @CsvSource({
            "1.0, 0, 1.0,  0;1;2;3;4;5",
            "1.0, 2, 1.0,  1;3",
            "1.0, 3, 1.0,  1;3;4",
            // softmax: ids 1 and 3 hold 0.356 each (0.712 together), id 4 holds 0.216
            "1.0, 0, 0.7,  1;3",
            "1.0, 0, 0.75, 1;3;4",
            "1.0, 0, 0.3,  1",
            "0.01, 0, 1.0, 1;3",
    })
    void filtersKeepExactlyTheExpectedTokens(double temperature, int topK, double topP, String expected) {
        GenerationConfig cfg = new GenerationConfig(1, temperature, topK, topP, 0, null, java.util.List.of());
        Sampler s = new Sampler(cfg, 42);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 20000; i++) seen.add(s.next(LOGITS));
        Set<Integer> want = new HashSet<>();
        for (String t : expected.split(";")) want.add(Integer.valueOf(t));
        assertEquals(want, seen);
    }

    @Test
    void frequenciesFollowTheSoftmax() {
        GenerationConfig cfg = GenerationConfig.sampling(1, 1.0, 1.0, 0);
        Sampler s = new Sampler(cfg, 7);
        int n = 200_000;
        int[] counts = new int[LOGITS.length];
        for (int i = 0; i < n; i++) counts[s.next(LOGITS)]++;
        double z = 0;
        for (float l : LOGITS) z += Math.exp(l);
        for (int i = 0; i < LOGITS.length; i++) {
            double p = Math.exp(LOGITS[i]) / z;
            assertEquals(p, counts[i] / (double) n, 4 * Math.sqrt(p * (1 - p) / n) + 1e-4, "token " + i);
        }
    }

    @Test
    void sameSeedSameDraws() {
        GenerationConfig cfg = GenerationConfig.sampling(1, 0.8, 0.9, 0);
        Sampler a = new Sampler(cfg, 5), b = new Sampler(cfg, 5);
        for (int i = 0; i < 100; i++) assertEquals(a.next(LOGITS), b.next(LOGITS));
    }

    @Test
    void configValidates() {
        assertThrows(IllegalArgumentException.class, () -> GenerationConfig.greedy(-1));
        assertThrows(IllegalArgumentException.class, () -> GenerationConfig.greedy(1).withTemperature(-0.5));
        assertThrows(IllegalArgumentException.class, () -> GenerationConfig.greedy(1).withTopP(0));
        assertThrows(IllegalArgumentException.class, () -> GenerationConfig.greedy(1).withTopK(-2));
        assertThrows(IllegalArgumentException.class, () -> GenerationConfig.greedy(1).withStopStrings(""));
        assertTrue(GenerationConfig.defaults().isGreedy());
    }

    /** OpenAI's logit_bias: added before sampling, so -100 bans the argmax and +100 forces a token. */
    @ParameterizedTest(name = "bias {0} -> {1}")
    @CsvSource({
            "'',         1",
            "1:-100,     3",
            "1:-100;3:-100, 4",
            "5:100,      5",
            "0:3.5,      0",
    })
    void logitBiasChangesTheGreedyChoice(String bias, int expected) {
        java.util.Map<Integer, Double> m = new java.util.HashMap<>();
        for (String kv : bias.split(";")) {
            if (kv.isBlank()) continue;
            String[] p = kv.split(":");
            m.put(Integer.valueOf(p[0].trim()), Double.valueOf(p[1]));
        }
        Sampler s = new Sampler(GenerationConfig.greedy(1).withLogitBias(m), 0);
        assertEquals(expected, s.next(LOGITS));
        assertEquals(1, Sampler.argmax(LOGITS), "the logits themselves are untouched");
    }

    @Test
    void logitBiasOutsideTheVocabularyIsAnError() {
        Sampler s = new Sampler(GenerationConfig.greedy(1).withLogitBias(java.util.Map.of(6, 1.0)), 0);
        assertThrows(IllegalArgumentException.class, () -> s.next(LOGITS));
    }
}
