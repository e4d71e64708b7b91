package org.reasonbridge.model.transformer;

import org.reasonbridge.model.config.ModelConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Hugging Face tensor names and shapes a {@link ModelConfig} implies. These names are also the SameDiff
 * variable names, so loading a checkpoint is a dictionary lookup and adapters are injected by name.
 */
public final class WeightNames {
    /**
     * Tensors a checkpoint may carry that the decoder does not use: rotary caches some exporters save, and
     * {@code lm_head.weight} next to tied embeddings (transformers ignores it too).
     */
    public static final Pattern IGNORABLE = Pattern.compile("(.*\\.rotary_emb\\.inv_freq)");

    private WeightNames() {
    }

    public static String layer(int i) {
        return "model.layers." + i + ".";
    }

    /** Every tensor the decoder needs, in checkpoint order, with its shape ([out, in] for projections). */
    public static Map<String, long[]> expected(ModelConfig c) {
        Map<String, long[]> m = new LinkedHashMap<>();
        long h = c.hiddenSize();
        long q = (long) c.numHeads() * c.headDim();
        long kv = (long) c.numKvHeads() * c.headDim();
        long inter = c.intermediateSize();
        m.put("model.embed_tokens.weight", new long[]{c.vocabSize(), h});
        for (int i = 0; i < c.numLayers(); i++) {
            String p = layer(i);
            m.put(p + "input_layernorm.weight", new long[]{h});
            m.put(p + "self_attn.q_proj.weight", new long[]{q, h});
            m.put(p + "self_attn.k_proj.weight", new long[]{kv, h});
            m.put(p + "self_attn.v_proj.weight", new long[]{kv, h});
            if (c.qkvBias()) {
                m.put(p + "self_attn.q_proj.bias", new long[]{q});
                m.put(p + "self_attn.k_proj.bias", new long[]{kv});
                m.put(p + "self_attn.v_proj.bias", new long[]{kv});
            }
            m.put(p + "self_attn.o_proj.weight", new long[]{h, q});
            if (c.oBias()) m.put(p + "self_attn.o_proj.bias", new long[]{h});
            m.put(p + "post_attention_layernorm.weight", new long[]{h});
            if (c.family().isMixtureOfExperts()) {
                m.put(p + "block_sparse_moe.gate.weight", new long[]{c.numExperts(), h});
                for (int e = 0; e < c.numExperts(); e++) {
                    String x = p + "block_sparse_moe.experts." + e + ".";
                    m.put(x + "w1.weight", new long[]{inter, h});
                    m.put(x + "w2.weight", new long[]{h, inter});
                    m.put(x + "w3.weight", new long[]{inter, h});
                }
            } else {
                m.put(p + "mlp.gate_proj.weight", new long[]{inter, h});
                m.put(p + "mlp.up_proj.weight", new long[]{inter, h});
                m.put(p + "mlp.down_proj.weight", new long[]{h, inter});
                if (c.mlpBias()) {
                    m.put(p + "mlp.gate_proj.bias", new long[]{inter});
                    m.put(p + "mlp.up_proj.bias", new long[]{inter});
                    m.put(p + "mlp.down_proj.bias", new long[]{h});
                }
            }
        }
        m.put("model.norm.weight", new long[]{h});
        if (!c.tieWordEmbeddings()) m.put("lm_head.weight", new long[]{c.vocabSize(), h});
        return m;
    }

    /** Whether a checkpoint tensor outside {@link #expected} may be skipped silently. */
    public static boolean ignorable(ModelConfig c, String name) {
        return IGNORABLE.matcher(name).matches() || (c.tieWordEmbeddings() && name.equals("lm_head.weight"));
    }
}
