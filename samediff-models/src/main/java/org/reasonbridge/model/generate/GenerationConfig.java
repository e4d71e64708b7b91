package org.reasonbridge.model.generate;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to generate: length, sampling and stopping. Immutable; the {@code with*} methods return changed copies,
 * so a notebook can write {@code GenerationConfig.greedy(64).withStopStrings("\n\n")}.
 *
 * @param maxNewTokens  tokens to generate at most (spliced tokens count), default 256
 * @param temperature   0 = greedy (argmax, lowest id on ties); otherwise logits / temperature, default 0
 * @param topK          keep the k most likely tokens before sampling, 0 = off (default)
 * @param topP          keep the smallest set whose probability reaches p, 1 = off (default)
 * @param seed          seed of the sampler; row r of a batch uses seed + r, so runs repeat exactly; default 0
 * @param stopTokenIds  token ids that end a row (excluded from its text); null = the model's end-of-sequence ids
 * @param stopStrings   strings that end a row; the text is cut before the first occurrence; default none
 * @param logitBias     added to the logits of these token ids before sampling (OpenAI's {@code logit_bias}; -100
 *                      bans a token, +100 forces it); hooks still see the raw logits; default none
 */
public record GenerationConfig(int maxNewTokens, double temperature, int topK, double topP, long seed,
                               Set<Integer> stopTokenIds, List<String> stopStrings, Map<Integer, Double> logitBias) {
    public static final int DEFAULT_MAX_NEW_TOKENS = 256;

    public GenerationConfig {
        if (maxNewTokens < 0) throw new IllegalArgumentException("maxNewTokens must be >= 0, got " + maxNewTokens);
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and >= 0, got " + temperature);
        }
        if (topK < 0) throw new IllegalArgumentException("topK must be >= 0, got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        stopTokenIds = stopTokenIds == null ? null : Set.copyOf(stopTokenIds);
        stopStrings = List.copyOf(stopStrings);
        for (String s : stopStrings) {
            if (s.isEmpty()) throw new IllegalArgumentException("stop strings must not be empty");
        }
        logitBias = logitBias == null ? Map.of() : Map.copyOf(logitBias);
        for (Map.Entry<Integer, Double> e : logitBias.entrySet()) {
            if (e.getKey() < 0) throw new IllegalArgumentException("logit bias for a negative token id " + e.getKey());
            if (!Double.isFinite(e.getValue())) throw new IllegalArgumentException("logit bias must be finite, got " + e.getValue());
        }
    }

    /** Without a logit bias. */
    public GenerationConfig(int maxNewTokens, double temperature, int topK, double topP, long seed,
                            Set<Integer> stopTokenIds, List<String> stopStrings) {
        this(maxNewTokens, temperature, topK, topP, seed, stopTokenIds, stopStrings, Map.of());
    }

    /** Greedy decoding of at most {@code maxNewTokens}, stopping at the model's end-of-sequence tokens. */
    public static GenerationConfig greedy(int maxNewTokens) {
        return new GenerationConfig(maxNewTokens, 0, 0, 1, 0, null, List.of());
    }

    /** The defaults: greedy, 256 tokens. */
    public static GenerationConfig defaults() {
        return greedy(DEFAULT_MAX_NEW_TOKENS);
    }

    /** Seeded sampling at {@code temperature} with top-p {@code topP}. */
    public static GenerationConfig sampling(int maxNewTokens, double temperature, double topP, long seed) {
        return new GenerationConfig(maxNewTokens, temperature, 0, topP, seed, null, List.of());
    }

    public boolean isGreedy() {
        return temperature == 0;
    }

    public GenerationConfig withMaxNewTokens(int n) {
        return new GenerationConfig(n, temperature, topK, topP, seed, stopTokenIds, stopStrings, logitBias);
    }

    public GenerationConfig withTemperature(double t) {
        return new GenerationConfig(maxNewTokens, t, topK, topP, seed, stopTokenIds, stopStrings, logitBias);
    }

    public GenerationConfig withTopK(int k) {
        return new GenerationConfig(maxNewTokens, temperature, k, topP, seed, stopTokenIds, stopStrings, logitBias);
    }

    public GenerationConfig withTopP(double p) {
        return new GenerationConfig(maxNewTokens, temperature, topK, p, seed, stopTokenIds, stopStrings, logitBias);
    }

    public GenerationConfig withSeed(long s) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, s, stopTokenIds, stopStrings, logitBias);
    }

    public GenerationConfig withStopTokenIds(Set<Integer> ids) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, seed, ids, stopStrings, logitBias);
    }

    public GenerationConfig withStopStrings(String... s) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, seed, stopTokenIds, List.of(s), logitBias);
    }

    public GenerationConfig withLogitBias(Map<Integer, Double> bias) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, seed, stopTokenIds, stopStrings, bias);
    }
}
