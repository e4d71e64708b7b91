package org.reasonbridge.model.config;

import java.util.List;

/**
 * The shape and numerics of a Hugging Face decoder, read from {@code config.json} by {@link ModelConfigReader}.
 * Validated on construction so that a graph is never built from an inconsistent config.
 *
 * @param family                the decoder family ({@code model_type})
 * @param vocabSize             rows of the embedding
 * @param hiddenSize            width of the residual stream
 * @param intermediateSize      width of the MLP (per expert for Mixtral)
 * @param numLayers             decoder layers
 * @param numHeads              query heads
 * @param numKvHeads            key/value heads; divides {@code numHeads} (grouped-query attention)
 * @param headDim               per-head width ({@code head_dim}, default hidden/heads)
 * @param rmsNormEps            epsilon inside RMSNorm
 * @param ropeTheta             rotary base
 * @param ropeScaling           rotary rescaling, {@link RopeScaling#NONE} when absent
 * @param maxPositionEmbeddings the context length the model was trained for (informational, not enforced)
 * @param tieWordEmbeddings     LM head shares {@code model.embed_tokens.weight}
 * @param qkvBias               q/k/v projections have a bias (Qwen2 always; Llama with {@code attention_bias})
 * @param oBias                 o_proj has a bias (Llama with {@code attention_bias})
 * @param mlpBias               MLP projections have a bias (Llama with {@code mlp_bias})
 * @param layerWindows          per layer: sliding-window size in keys (query sees itself and w-1 before), 0 = full
 * @param numExperts            Mixtral experts per layer, 0 for dense models
 * @param numExpertsPerToken    Mixtral experts chosen per token (top-k), 0 for dense models
 * @param bosTokenId            {@code bos_token_id}, -1 when absent
 * @param eosTokenIds           {@code eos_token_id} (one or a list), possibly empty
 */
public record ModelConfig(ModelFamily family, int vocabSize, int hiddenSize, int intermediateSize, int numLayers,
                          int numHeads, int numKvHeads, int headDim, double rmsNormEps, double ropeTheta,
                          RopeScaling ropeScaling, int maxPositionEmbeddings, boolean tieWordEmbeddings,
                          boolean qkvBias, boolean oBias, boolean mlpBias, List<Integer> layerWindows,
                          int numExperts, int numExpertsPerToken, int bosTokenId, List<Integer> eosTokenIds) {

    public ModelConfig {
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("intermediate_size", intermediateSize);
        positive("num_hidden_layers", numLayers);
        positive("num_attention_heads", numHeads);
        positive("num_key_value_heads", numKvHeads);
        positive("head_dim", headDim);
        if (numHeads % numKvHeads != 0) {
            throw new ModelConfigException("num_attention_heads (" + numHeads
                    + ") must be a multiple of num_key_value_heads (" + numKvHeads + ")");
        }
        if (headDim % 2 != 0) throw new ModelConfigException("head_dim must be even for rotary embeddings, got " + headDim);
        if (!(rmsNormEps > 0) || Double.isInfinite(rmsNormEps)) {
            throw new ModelConfigException("rms_norm_eps must be > 0 and finite, got " + rmsNormEps);
        }
        if (!(ropeTheta > 0) || Double.isInfinite(ropeTheta)) {
            throw new ModelConfigException("rope_theta must be > 0 and finite, got " + ropeTheta);
        }
        layerWindows = List.copyOf(layerWindows);
        if (layerWindows.size() != numLayers) {
            throw new ModelConfigException("layer windows: " + layerWindows.size() + " for " + numLayers + " layers");
        }
        for (int w : layerWindows) {
            if (w < 0) throw new ModelConfigException("sliding_window must be positive, got " + w);
        }
        if (family.isMixtureOfExperts()) {
            positive("num_local_experts", numExperts);
            if (numExpertsPerToken < 1 || numExpertsPerToken > numExperts) {
                throw new ModelConfigException("need 1 <= num_experts_per_tok <= num_local_experts, got "
                        + numExpertsPerToken + " of " + numExperts);
            }
        } else if (numExperts != 0 || numExpertsPerToken != 0) {
            throw new ModelConfigException(family.modelType() + " has no experts");
        }
        eosTokenIds = List.copyOf(eosTokenIds);
        // a stop id outside the vocabulary would never stop generation; a wrong one is a wrong config, said now
        for (int id : eosTokenIds) {
            if (id < 0 || id >= vocabSize) {
                throw new ModelConfigException("eos_token_id " + id + " is not a token id of the vocabulary [0, " + vocabSize + ")");
            }
        }
        if (bosTokenId < -1 || bosTokenId >= vocabSize) {
            throw new ModelConfigException("bos_token_id " + bosTokenId + " is not a token id of the vocabulary [0, " + vocabSize + ")");
        }
    }

    private static void positive(String key, int v) {
        if (v <= 0) throw new ModelConfigException(key + " must be > 0, got " + v);
    }

    /**
     * This shape with {@code layers} decoder layers, each with the first layer's attention window (a deeper tiny
     * model, e.g. for adapters placed by thirds of the depth, which need 3 layers).
     */
    public ModelConfig withNumLayers(int layers) {
        positive("num_hidden_layers", layers);
        return new ModelConfig(family, vocabSize, hiddenSize, intermediateSize, layers, numHeads, numKvHeads, headDim,
                rmsNormEps, ropeTheta, ropeScaling, maxPositionEmbeddings, tieWordEmbeddings, qkvBias, oBias, mlpBias,
                java.util.Collections.nCopies(layers, layerWindows.get(0)), numExperts, numExpertsPerToken, bosTokenId,
                eosTokenIds);
    }

    /** Query heads per key/value head. */
    public int groupSize() {
        return numHeads / numKvHeads;
    }

    /** Whether any layer uses sliding-window attention. */
    public boolean hasSlidingWindow() {
        return layerWindows.stream().anyMatch(w -> w > 0);
    }
}
