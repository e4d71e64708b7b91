package org.reasonbridge.model.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reasonbridge.model.json.Json;

import java.util.List;

/** Writes a {@link ModelConfig} as the transformers v4 {@code config.json} of its family, readable by both. */
public final class ModelConfigWriter {
    private static final ObjectMapper JSON = Json.MAPPER;

    private ModelConfigWriter() {
    }

    public static String toJson(ModelConfig c) {
        ObjectNode o = JSON.createObjectNode();
        String arch = switch (c.family()) {
            case QWEN2 -> "Qwen2ForCausalLM";
            case LLAMA -> "LlamaForCausalLM";
            case MISTRAL -> "MistralForCausalLM";
            case MIXTRAL -> "MixtralForCausalLM";
        };
        o.putArray("architectures").add(arch);
        o.put("model_type", c.family().modelType());
        o.put("vocab_size", c.vocabSize());
        o.put("hidden_size", c.hiddenSize());
        o.put("intermediate_size", c.intermediateSize());
        o.put("num_hidden_layers", c.numLayers());
        o.put("num_attention_heads", c.numHeads());
        o.put("num_key_value_heads", c.numKvHeads());
        o.put("head_dim", c.headDim());
        o.put("hidden_act", "silu");
        o.put("rms_norm_eps", c.rmsNormEps());
        o.put("rope_theta", c.ropeTheta());
        if (c.ropeScaling().type().equals("default")) {
            o.putNull("rope_scaling");
        } else {
            ObjectNode s = o.putObject("rope_scaling");
            s.put("rope_type", c.ropeScaling().type());
            s.put("factor", c.ropeScaling().factor());
            if (c.ropeScaling().type().equals("llama3")) {
                s.put("low_freq_factor", c.ropeScaling().lowFreqFactor());
                s.put("high_freq_factor", c.ropeScaling().highFreqFactor());
                s.put("original_max_position_embeddings", c.ropeScaling().originalMaxPositionEmbeddings());
            }
        }
        o.put("max_position_embeddings", c.maxPositionEmbeddings() > 0 ? c.maxPositionEmbeddings() : 32768);
        o.put("tie_word_embeddings", c.tieWordEmbeddings());
        if (c.family() == ModelFamily.LLAMA) {
            o.put("attention_bias", c.qkvBias());
            o.put("mlp_bias", c.mlpBias());
        }
        List<Integer> windows = c.layerWindows();
        int window = windows.stream().filter(w -> w > 0).findFirst().orElse(0);
        switch (c.family()) {
            case MISTRAL, MIXTRAL -> {
                if (window > 0) o.put("sliding_window", window); else o.putNull("sliding_window");
            }
            case QWEN2 -> {
                o.put("use_sliding_window", window > 0);
                o.put("sliding_window", window > 0 ? window : 32768);
                int first = windows.indexOf(window);
                o.put("max_window_layers", window > 0 ? first : c.numLayers());
            }
            case LLAMA -> { }
        }
        if (c.family().isMixtureOfExperts()) {
            o.put("num_local_experts", c.numExperts());
            o.put("num_experts_per_tok", c.numExpertsPerToken());
        }
        if (c.bosTokenId() >= 0) o.put("bos_token_id", c.bosTokenId());
        if (c.eosTokenIds().size() == 1) {
            o.put("eos_token_id", c.eosTokenIds().get(0));
        } else if (!c.eosTokenIds().isEmpty()) {
            c.eosTokenIds().forEach(o.putArray("eos_token_id")::add);
        }
        o.put("torch_dtype", "float32");
        try {
            return Json.pretty().writeValueAsString(o) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
