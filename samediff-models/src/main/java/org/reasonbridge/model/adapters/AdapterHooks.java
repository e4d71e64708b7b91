package org.reasonbridge.model.adapters;

import org.nd4j.autodiff.samediff.NameScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.transformer.LayerHooks;
import org.reasonbridge.model.transformer.ModelNames;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The injection logic every adapter method shares: the adapter tensors, checked against the config's names and
 * shapes, become SameDiff variables under their own (Hugging Face style) names, in the graph's dtype, the first
 * time a layer asks for them. Subclasses only say where in the layer they add what.
 */
public abstract class AdapterHooks implements LayerHooks {
    private final Map<String, INDArray> tensors;

    /** {@code tensors} must hold exactly {@code config.shapes(base)}; they are copied into each graph built. */
    protected AdapterHooks(ModelConfig base, AdapterConfig config, Map<String, INDArray> tensors) {
        Map<String, long[]> expected = config.shapes(base);
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            INDArray a = tensors.get(e.getKey());
            if (a == null) throw new IllegalArgumentException("adapter tensor missing: " + e.getKey());
            if (!Arrays.equals(a.shape(), e.getValue())) {
                throw new IllegalArgumentException(e.getKey() + ": shape " + Arrays.toString(a.shape())
                        + ", expected " + Arrays.toString(e.getValue()));
            }
        }
        for (String name : tensors.keySet()) {
            if (!expected.containsKey(name)) {
                throw new IllegalArgumentException("adapter tensor " + name + " is not part of this "
                        + config.method() + " config on this model");
            }
        }
        Map<String, INDArray> ordered = new LinkedHashMap<>();
        expected.keySet().forEach(n -> ordered.put(n, tensors.get(n)));
        this.tensors = ordered;
    }

    /** The names of every variable these hooks add: the only ones to train. */
    public List<String> trainableNames() {
        return List.copyOf(tensors.keySet());
    }

    /** The variable {@code name} in {@code sd}, created from its tensor (copied, cast to {@code dtype}) on first use. */
    protected SDVariable param(SameDiff sd, String name, DataType dtype) {
        if (sd.hasVariable(name)) return sd.getVariable(name);
        INDArray a = tensors.get(name);
        if (a == null) throw new IllegalStateException("no adapter tensor " + name);
        return sd.var(name, a.castTo(dtype).dup());
    }

    /**
     * {@code x W^T (+ b)} of the adapter module {@code module}: tensors {@code module.weight} [out, in] (and
     * {@code module.bias} [out]), ops in the module's name scope, result {@code module/out}. x: [N, in] -> [N, out].
     */
    protected SDVariable linear(SameDiff sd, String module, SDVariable x, boolean bias) {
        DataType dtype = x.dataType();
        SDVariable weight = param(sd, ModelNames.weight(module), dtype);                         // [out, in]
        SDVariable b = bias ? param(sd, ModelNames.bias(module), dtype) : null;                  // [out]
        try (NameScope s = ModelNames.scope(sd, module)) {
            SDVariable y = sd.mmul(bias ? "no_bias" : "out", x, weight, false, true, false);     // [N, out]
            return bias ? y.add("out", b) : y;                                                   // [N, out]
        }
    }
}
