package org.reasonbridge.model.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Named model shapes for checkpoints the project writes itself (tests, benchmarks, the built-in demo model).
 * The shapes equal those of bench/refmodel/make_checkpoint.py so both sides can be compared.
 */
public enum ModelPreset {
    /** hidden 64, 2 layers, 4 heads / 2 kv, vocabulary 512 (the fixtures' shape). */
    TINY("tiny", 64, 2, 4, 2, 128, 512, true),
    /** hidden 512, 8 layers, 8 heads / 2 kv, vocabulary 8192. */
    SMALL("small", 512, 8, 8, 2, 1408, 8192, false),
    /** The shape of Qwen2.5-0.5B: hidden 896, 24 layers, 14 heads / 2 kv, vocabulary 151936 (494M parameters). */
    QWEN_0_5B("qwen0.5b", 896, 24, 14, 2, 4864, 151936, true);

    private final String id;
    private final int hidden, layers, heads, kvHeads, intermediate, vocab;
    private final boolean tied;

    ModelPreset(String id, int hidden, int layers, int heads, int kvHeads, int intermediate, int vocab, boolean tied) {
        this.id = id;
        this.hidden = hidden;
        this.layers = layers;
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.intermediate = intermediate;
        this.vocab = vocab;
        this.tied = tied;
    }

    public String id() {
        return id;
    }

    public static ModelPreset of(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown preset '" + id + "' (known: "
                        + Arrays.stream(values()).map(ModelPreset::id).collect(Collectors.joining(", ")) + ")"));
    }

    /**
     * This shape as a config of {@code family}; Mixtral gets 4 experts, top-2 (as the fixtures), Mistral a
     * 4096-key window. Special tokens: bos = eos = vocab - 3, as make_checkpoint.py's cut tokenizers have.
     */
    public ModelConfig config(ModelFamily family) {
        boolean moe = family.isMixtureOfExperts();
        int window = family == ModelFamily.MISTRAL ? 4096 : 0;
        return new ModelConfig(family, vocab, hidden, intermediate, layers, heads, kvHeads, hidden / heads,
                family == ModelFamily.MIXTRAL ? 1e-5 : 1e-6, 1_000_000.0, RopeScaling.NONE, 32768,
                tied && family == ModelFamily.QWEN2, family == ModelFamily.QWEN2, false, false,
                Collections.nCopies(layers, window), moe ? 4 : 0, moe ? 2 : 0, vocab - 3, List.of(vocab - 3));
    }
}
