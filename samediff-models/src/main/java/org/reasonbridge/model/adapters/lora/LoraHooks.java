package org.reasonbridge.model.adapters.lora;

import org.nd4j.autodiff.samediff.NameScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.adapters.AdapterHooks;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.transformer.ModelNames;

import java.util.Map;

/** Splices LoRA into the target projections: {@code y + scale · (x A^T) B^T}. */
public final class LoraHooks extends AdapterHooks {
    private final LoraConfig config;

    /** Fresh LoRA drawn from {@code seed}. */
    public LoraHooks(ModelConfig base, LoraConfig config, long seed) {
        this(base, config, config.initialise(base, seed));
    }

    /** LoRA with given values (loaded or trained). */
    public LoraHooks(ModelConfig base, LoraConfig config, Map<String, INDArray> tensors) {
        super(base, config, tensors);
        this.config = config;
    }

    @Override
    public SDVariable afterProjection(SameDiff sd, int layer, String projection, SDVariable input, SDVariable output) {
        if (!config.targets(projection)) return output;
        SDVariable a = linear(sd, LoraConfig.loraA(projection), input, false);                   // [N, r]
        SDVariable b = linear(sd, LoraConfig.loraB(projection), a, false);                       // [N, out]
        try (NameScope s = ModelNames.scope(sd, projection)) {
            return output.add("lora_out", b.mul("lora_scaled", config.scale()));                // [N, out]
        }
    }
}
