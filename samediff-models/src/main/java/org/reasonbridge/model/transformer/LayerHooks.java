package org.reasonbridge.model.transformer;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Points in each decoder layer where extra modules (bottleneck adapters, LoRA) splice into the residual stream.
 * The default leaves the graph as Hugging Face's model is. Hooks are called outside any name scope; the ops they
 * add go into their own modules' scopes ({@link ModelNames#scope}) and name their outputs.
 */
public interface LayerHooks {
    LayerHooks NONE = new LayerHooks() {
    };

    /**
     * Called for every projection {@code y = x W^T (+ b)} of a layer with its input and output, e.g. for LoRA.
     *
     * @param projection the projection's module, one of {@link LayerNames#PROJECTIONS} below the layer, e.g.
     *                   {@code model.layers.3.self_attn.q_proj}
     * @param input      [N, in]
     * @param output     [N, out]
     */
    default SDVariable afterProjection(SameDiff sd, int layer, String projection, SDVariable input, SDVariable output) {
        return output;
    }

    /** Called with the attention sub-layer's output [N, hidden] before it is added to the residual stream. */
    default SDVariable afterAttention(SameDiff sd, int layer, SDVariable attentionOut) {
        return attentionOut;
    }

    /** Called with the MLP sub-layer's output [N, hidden] before it is added to the residual stream. */
    default SDVariable afterMlp(SameDiff sd, int layer, SDVariable mlpOut) {
        return mlpOut;
    }
}
