package org.reasonbridge.model.adapters.bottleneck;

import org.nd4j.autodiff.samediff.NameScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.adapters.AdapterHooks;
import org.reasonbridge.model.adapters.bottleneck.Placement.Position;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.model.transformer.ModelNames;

import java.util.Map;

/**
 * Splices bottleneck adapters into a decoder: each placed level rewrites its sub-layer's output (before the residual
 * add) as {@code out + up(act(down(out)))}. Two levels at one point apply in {@link ReasoningLevel} order.
 */
public final class BottleneckHooks extends AdapterHooks {
    private final ModelConfig base;
    private final BottleneckConfig config;

    /** Fresh adapters drawn from {@code seed}. */
    public BottleneckHooks(ModelConfig base, BottleneckConfig config, long seed) {
        this(base, config, config.initialise(base, seed));
    }

    /** Adapters with given values (loaded or trained). */
    public BottleneckHooks(ModelConfig base, BottleneckConfig config, Map<String, INDArray> tensors) {
        super(base, config, tensors);
        this.base = base;
        this.config = config;
    }

    @Override
    public SDVariable afterAttention(SameDiff sd, int layer, SDVariable attentionOut) {
        return adapt(sd, layer, Position.AFTER_ATTENTION, attentionOut);
    }

    @Override
    public SDVariable afterMlp(SameDiff sd, int layer, SDVariable mlpOut) {
        return adapt(sd, layer, Position.AFTER_MLP, mlpOut);
    }

    private SDVariable adapt(SameDiff sd, int layer, Position position, SDVariable out) {
        for (ReasoningLevel level : config.activeLevels()) {
            Placement p = config.placements().get(level);
            if (p.position() == position && p.contains(layer, base.numLayers())) out = bottleneck(sd, layer, level, out);
        }
        return out;
    }

    /** h + up(act(down(h))), in the adapter's name scope {@code model.layers.i.adapters.level}. h: [N, H]. */
    private SDVariable bottleneck(SameDiff sd, int layer, ReasoningLevel level, SDVariable h) {
        String adapter = BottleneckConfig.module(layer, level);
        SDVariable down = linear(sd, BottleneckConfig.down(adapter), h, true);                    // [N, b]
        SDVariable act;                                                                            // [N, b]
        try (NameScope s = ModelNames.scope(sd, adapter)) {
            act = config.activation().apply(sd, "act", down);                                      // [N, b]
        }
        SDVariable up = linear(sd, BottleneckConfig.up(adapter), act, true);                       // [N, H]
        try (NameScope s = ModelNames.scope(sd, adapter)) {
            return h.add("out", up);                                                               // [N, H]
        }
    }
}
