package org.reasonbridge.model.adapters.lora;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.adapters.AdapterHooks;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.transformer.WeightNames;

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
        String w = WeightNames.layer(layer) + projection;
        String s = "layers." + layer + "." + projection + ".lora";
        DataType dtype = output.dataType();
        SDVariable a = sd.mmul(s + "_A", input, param(sd, w + ".lora_A.weight", dtype), false, true, false); // [N, r]
        SDVariable b = sd.mmul(s + "_B", a, param(sd, w + ".lora_B.weight", dtype), false, true, false);     // [N, out]
        return output.add(s + "_out", b.mul(s + "_scaled", config.scale()));                                 // [N, out]
    }
}
