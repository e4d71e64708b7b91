package org.reasonbridge.model.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The decoder families ReasonBridge builds, keyed by {@code config.json}'s {@code model_type}. Each differs from
 * Llama in a detail or two, so the graph builder asks the family rather than branching on names.
 */
public enum ModelFamily {
    /** Llama plus q/k/v bias. */
    QWEN2("qwen2", 1e-6, 10000.0),
    /** The base layout (also DeepSeek-Coder, Yi); optional {@code attention_bias} / {@code mlp_bias}. */
    LLAMA("llama", 1e-6, 10000.0),
    /** Llama layout with sliding-window attention. */
    MISTRAL("mistral", 1e-6, 10000.0),
    /** Mistral with a routed mixture-of-experts MLP. */
    MIXTRAL("mixtral", 1e-5, 1_000_000.0);

    private final String modelType;
    /** transformers' default {@code rms_norm_eps} when the key is absent. */
    final double defaultRmsNormEps;
    /** transformers' default {@code rope_theta} when the key is absent. */
    final double defaultRopeTheta;

    ModelFamily(String modelType, double defaultRmsNormEps, double defaultRopeTheta) {
        this.modelType = modelType;
        this.defaultRmsNormEps = defaultRmsNormEps;
        this.defaultRopeTheta = defaultRopeTheta;
    }

    public String modelType() {
        return modelType;
    }

    public boolean isMixtureOfExperts() {
        return this == MIXTRAL;
    }

    /** The family for a {@code model_type}, or an error listing the supported ones. */
    public static ModelFamily of(String modelType, String where) {
        for (ModelFamily f : values()) {
            if (f.modelType.equals(modelType)) return f;
        }
        throw new ModelConfigException(where + ": unknown model_type '" + modelType + "' (supported: "
                + Arrays.stream(values()).map(ModelFamily::modelType).collect(Collectors.joining(", ")) + ")");
    }
}
