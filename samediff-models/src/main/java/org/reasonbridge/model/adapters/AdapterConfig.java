package org.reasonbridge.model.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.adapters.bottleneck.BottleneckConfig;
import org.reasonbridge.model.adapters.lora.LoraConfig;
import org.reasonbridge.model.config.ModelConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One adapter method's immutable configuration (PEFT's {@code PeftConfig}): which tensors it adds to a base model,
 * how they start, and the {@link AdapterHooks} that splice them into the decoder graph.
 */
public interface AdapterConfig {
    /** {@code bottleneck} or {@code lora}: the {@code method} key of {@code adapter_config.json}. */
    String method();

    /** Every adapter tensor this config adds to {@code base}, by name, in a stable order, with its shape. */
    Map<String, long[]> shapes(ModelConfig base);

    /** The starting value of tensor {@code name} (one of {@link #shapes}), drawn from {@code seed} and the name. */
    INDArray initialValue(String name, long[] shape, long seed);

    /** Hooks that add {@code tensors} (exactly {@link #shapes}'s names) to a decoder of {@code base}. */
    AdapterHooks hooks(ModelConfig base, Map<String, INDArray> tensors);

    /** The config's fields as JSON (snake_case keys), read back by {@link #fromJson}. */
    ObjectNode toJson();

    /** Fresh tensors for {@code base}: every one from {@link #initialValue}. */
    default Map<String, INDArray> initialise(ModelConfig base, long seed) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        shapes(base).forEach((name, shape) -> out.put(name, initialValue(name, shape, seed)));
        return out;
    }

    /** Reads a config written by {@link #toJson} for {@code method}; {@code where} names the origin in errors. */
    static AdapterConfig fromJson(String method, JsonNode json, String where) {
        return switch (method) {
            case BottleneckConfig.METHOD -> BottleneckConfig.fromJson(json, where);
            case LoraConfig.METHOD -> LoraConfig.fromJson(json, where);
            default -> throw new IllegalArgumentException(where + ": unknown adapter method '" + method
                    + "' (bottleneck, lora)");
        };
    }
}
