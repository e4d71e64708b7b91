package org.reasonbridge.model.transformer;

import org.nd4j.autodiff.samediff.NameScope;
import org.nd4j.autodiff.samediff.SameDiff;
import org.reasonbridge.model.config.ModelConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Hugging Face module and tensor names of a decoder, the one place they are spelled: the checkpoint loader and
 * validator ({@link #expected}), the graph builder ({@link DecoderGraph}) and the adapters all take them from here
 * and from {@link LayerNames}. Tensors are {@code module.weight} / {@code module.bias}; the ops computing a module run
 * in a SameDiff name scope equal to the module, so graph names read {@code model.layers.3.self_attn.q_proj/out}
 * ({@link #scoped}). Placeholders and outputs have the top-level names of {@link GraphNames}.
 */
public final class ModelNames {
    /** {@code model}: the decoder stack; holds graph plumbing shared by every layer (dynamic shapes). */
    public static final String MODEL = "model";
    public static final String EMBED_TOKENS = "model.embed_tokens";
    /** The parent of the layers: layer i is {@code model.layers.i} ({@link LayerNames}). */
    public static final String LAYERS = "model.layers";
    /** The final RMSNorm. */
    public static final String NORM = "model.norm";
    /** The output projection; with tied embeddings it reads {@code model.embed_tokens.weight}. */
    public static final String LM_HEAD = "lm_head";
    /** Separates a module's scope from an op's local name, as SameDiff's name scopes do. */
    public static final String SCOPE_SEPARATOR = "/";

    /**
     * Tensors a checkpoint may carry that the decoder does not use: rotary caches some exporters save (and
     * {@code lm_head.weight} next to tied embeddings, see {@link #ignorablePatterns}; transformers ignores it too).
     */
    public static final Pattern IGNORABLE = Pattern.compile("(.*\\.rotary_emb\\.inv_freq)");

    private ModelNames() {
    }

    public static LayerNames layer(int i) {
        return new LayerNames(i);
    }

    /** {@code module.weight}. */
    public static String weight(String module) {
        return module + ".weight";
    }

    /** {@code module.bias}. */
    public static String bias(String module) {
        return module + ".bias";
    }

    /** The graph name of the op output {@code local} computed in {@code module}'s name scope. */
    public static String scoped(String module, String local) {
        return module + SCOPE_SEPARATOR + local;
    }

    /**
     * Opens the SameDiff name scope of {@code module}, in which each op must name its output. Scopes never nest, so
     * every op name is exactly {@code module/local}; SameDiff M2.1 scopes only op outputs, not variables,
     * placeholders or constants.
     */
    public static NameScope scope(SameDiff sd, String module) {
        if (sd.currentNameScope() != null) {
            throw new IllegalStateException("scope " + module + " opened inside " + sd.currentNameScope());
        }
        return sd.withNameScope(module);
    }

    /** Every tensor the decoder needs, in checkpoint order, with its shape ([out, in] for projections). */
    public static Map<String, long[]> expected(ModelConfig c) {
        Map<String, long[]> m = new LinkedHashMap<>();
        long h = c.hiddenSize();
        long q = (long) c.numHeads() * c.headDim();
        long kv = (long) c.numKvHeads() * c.headDim();
        long inter = c.intermediateSize();
        m.put(weight(EMBED_TOKENS), new long[]{c.vocabSize(), h});
        for (int i = 0; i < c.numLayers(); i++) {
            LayerNames n = layer(i);
            m.put(weight(n.inputLayernorm()), new long[]{h});
            m.put(weight(n.qProj()), new long[]{q, h});
            m.put(weight(n.kProj()), new long[]{kv, h});
            m.put(weight(n.vProj()), new long[]{kv, h});
            if (c.qkvBias()) {
                m.put(bias(n.qProj()), new long[]{q});
                m.put(bias(n.kProj()), new long[]{kv});
                m.put(bias(n.vProj()), new long[]{kv});
            }
            m.put(weight(n.oProj()), new long[]{h, q});
            if (c.oBias()) m.put(bias(n.oProj()), new long[]{h});
            m.put(weight(n.postAttentionLayernorm()), new long[]{h});
            if (c.family().isMixtureOfExperts()) {
                m.put(weight(n.router()), new long[]{c.numExperts(), h});
                for (int e = 0; e < c.numExperts(); e++) {
                    m.put(weight(n.w1(e)), new long[]{inter, h});
                    m.put(weight(n.w2(e)), new long[]{h, inter});
                    m.put(weight(n.w3(e)), new long[]{inter, h});
                }
            } else {
                m.put(weight(n.gateProj()), new long[]{inter, h});
                m.put(weight(n.upProj()), new long[]{inter, h});
                m.put(weight(n.downProj()), new long[]{h, inter});
                if (c.mlpBias()) {
                    m.put(bias(n.gateProj()), new long[]{inter});
                    m.put(bias(n.upProj()), new long[]{inter});
                    m.put(bias(n.downProj()), new long[]{h});
                }
            }
        }
        m.put(weight(NORM), new long[]{h});
        if (!c.tieWordEmbeddings()) m.put(weight(LM_HEAD), new long[]{c.vocabSize(), h});
        return m;
    }

    /** The regular expressions of checkpoint tensors outside {@link #expected} that may be skipped silently. */
    public static List<String> ignorablePatterns(ModelConfig c) {
        List<String> p = new ArrayList<>(List.of(IGNORABLE.pattern()));
        if (c.tieWordEmbeddings()) p.add(Pattern.quote(weight(LM_HEAD)));
        return p;
    }
}
