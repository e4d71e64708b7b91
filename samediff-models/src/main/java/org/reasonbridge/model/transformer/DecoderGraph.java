package org.reasonbridge.model.transformer;

import org.nd4j.autodiff.samediff.NameScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.ThreadSafeArrayHolder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reasonbridge.model.config.ModelConfig;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

import static org.reasonbridge.model.transformer.ModelNames.bias;
import static org.reasonbridge.model.transformer.ModelNames.weight;

/**
 * Builds the FP32 decoder as one SameDiff graph that serves prefill and KV-cache decode alike: embedding,
 * RMSNorm, rotate-half RoPE, grouped-query causal attention, SwiGLU (or Mixtral's routed experts), LM head.
 * Rotary tables and the additive attention mask are fed from Java ({@link Rope}, {@link AttentionMask}): fewer
 * graph ops, and padding and sliding windows stay one rule.
 *
 * <p>Names ({@link ModelNames}, {@link LayerNames}): variables are the checkpoint's tensors; every op runs in the
 * name scope of the Hugging Face module it belongs to and names its output, so an intermediate reads
 * {@code model.layers.3.self_attn/attn_probs} and a module's result {@code model.layers.3.mlp.down_proj/out}.
 * Placeholders and outputs keep the top-level names of {@link GraphNames}.
 *
 * <p>Shapes: B batch, T new tokens, P cached positions, S = P + T, N = B*T, H hidden, Hq/Hkv heads,
 * g = Hq/Hkv, d head_dim, I intermediate, E experts, V vocabulary, M rows whose logits are wanted.
 */
public final class DecoderGraph {
    private final ModelConfig c;
    private final SameDiff sd;
    private final LayerHooks hooks;
    private final DataType dtype;
    private final boolean fusedAttention = FusedAttention.enabled();
    // Reshape targets with the dynamic batch size first, built once and shared by every layer.
    private SDVariable shapeQ;        // [B, -1, Hq, d]
    private SDVariable shapeKv;       // [B, -1, Hkv, d]
    private SDVariable shapeGrouped;  // [B, Hkv, -1, d]
    private SDVariable shapeHeads;    // [B, Hq, -1, d]

    private DecoderGraph(ModelConfig c, LayerHooks hooks, DataType dtype) {
        this.c = c;
        this.sd = SameDiff.create();
        // SameDiff's default ("lazy") holders keep a spare copy of every variable and constant for other devices:
        // a second copy of all the weights, made at load time. Eager holders store the array itself on this device.
        sd.setArrayHolders(new ThreadSafeArrayHolder(false), new ThreadSafeArrayHolder(false), false);
        this.hooks = hooks;
        this.dtype = dtype;
    }

    /**
     * Builds the graph in {@code dtype} (FLOAT for use; DOUBLE for finite-difference gradient checks).
     * {@code weights} returns the array for each checkpoint name of {@link ModelNames#expected}; {@code hooks} may
     * splice modules into each layer.
     */
    public static SameDiff build(ModelConfig c, Function<String, INDArray> weights, LayerHooks hooks, DataType dtype) {
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw new IllegalArgumentException("the decoder computes in FLOAT or DOUBLE, not " + dtype
                    + " (BF16/HALF are wrong on the CPU backend)");
        }
        DecoderGraph g = new DecoderGraph(c, hooks, dtype);
        g.declareWeights(weights);
        return g.forward();
    }

    /** Every checkpoint tensor becomes a variable under its own name, checked against the shape the config implies. */
    private void declareWeights(Function<String, INDArray> weights) {
        for (Map.Entry<String, long[]> e : ModelNames.expected(c).entrySet()) {
            INDArray a = weights.apply(e.getKey());
            if (a == null) throw new IllegalStateException("no weight for " + e.getKey());
            if (!Arrays.equals(a.shape(), e.getValue())) {
                throw new IllegalStateException(e.getKey() + ": shape " + Arrays.toString(a.shape()) + ", expected "
                        + Arrays.toString(e.getValue()));
            }
            sd.var(e.getKey(), a.dataType() == dtype ? a : a.castTo(dtype));
        }
    }

    private SDVariable w(String tensor) {
        return sd.getVariable(tensor);
    }

    private NameScope scope(String module) {
        return ModelNames.scope(sd, module);
    }

    /** Gives an op output computed in a module's scope its documented top-level name ({@link GraphNames}). */
    private void publish(SDVariable v, String name) {
        sd.renameVariable(v.name(), name);
    }

    private SameDiff forward() {
        int d = c.headDim();
        SDVariable ids = sd.placeHolder(GraphNames.INPUT_IDS, DataType.INT64, -1, -1);          // [B, T]
        SDVariable cos = sd.placeHolder(GraphNames.ROPE_COS, dtype, -1, -1, 1, d);              // [B, T, 1, d]
        SDVariable sin = sd.placeHolder(GraphNames.ROPE_SIN, dtype, -1, -1, 1, d);              // [B, T, 1, d]
        SDVariable logitsIndex = sd.placeHolder(GraphNames.LOGITS_INDEX, DataType.INT64, -1);   // [M]
        try (NameScope s = scope(ModelNames.MODEL)) {
            // B as a one-element vector, for reshapes whose other dims are fixed or -1
            SDVariable batch = sd.slice("batch", sd.shape("input_shape", ids), new int[]{0}, 1); // [1]
            shapeQ = shape("shape.q", batch, -1, c.numHeads(), d);
            shapeKv = shape("shape.kv", batch, -1, c.numKvHeads(), d);
            shapeGrouped = shape("shape.grouped", batch, c.numKvHeads(), -1, d);
            shapeHeads = shape("shape.heads", batch, c.numHeads(), -1, d);
        }

        SDVariable x;                                                                           // [N, H]
        try (NameScope s = scope(ModelNames.EMBED_TOKENS)) {
            SDVariable flat = sd.reshape("flat_ids", ids, -1);                                  // [N]
            x = sd.gather("out", w(weight(ModelNames.EMBED_TOKENS)), flat, 0);                  // [N, H]
        }
        for (int i = 0; i < c.numLayers(); i++) {
            int window = c.layerWindows().get(i);
            SDVariable mask = sd.hasVariable(maskName(window)) ? sd.getVariable(maskName(window))
                    : sd.placeHolder(maskName(window), dtype, -1, 1, -1, -1);       // [B, 1, g*T, S]
            x = decoderLayer(ModelNames.layer(i), x, cos, sin, mask);                           // [N, H]
        }
        SDVariable normed = rmsNorm(ModelNames.NORM, x);                                        // [N, H]
        try (NameScope s = scope(ModelNames.LM_HEAD)) {
            SDVariable head = w(weight(c.tieWordEmbeddings() ? ModelNames.EMBED_TOKENS : ModelNames.LM_HEAD)); // [V, H]
            publish(sd.mmul("logits_all", normed, head, false, true, false), GraphNames.LOGITS_ALL);  // [N, V]
            SDVariable rows = sd.gather("rows", normed, logitsIndex, 0);                        // [M, H]
            publish(sd.mmul("logits", rows, head, false, true, false), GraphNames.LOGITS);      // [M, V]
        }
        return sd;
    }

    private static String maskName(int window) {
        return window == 0 ? GraphNames.ATTENTION_MASK : GraphNames.windowMask(window);
    }

    /** One pre-norm decoder layer: x + attn(norm(x)), then + mlp(norm(x)). x: [N, H]. */
    private SDVariable decoderLayer(LayerNames n, SDVariable x, SDVariable cos, SDVariable sin, SDVariable mask) {
        int i = n.index(), hq = c.numHeads(), hkv = c.numKvHeads(), d = c.headDim();
        SDVariable pastK = sd.placeHolder(GraphNames.pastKey(i), dtype, -1, hkv, -1, d);        // [B, Hkv, P, d]
        SDVariable pastV = sd.placeHolder(GraphNames.pastValue(i), dtype, -1, hkv, -1, d);      // [B, Hkv, P, d]

        // ---- self-attention
        SDVariable h = rmsNorm(n.inputLayernorm(), x);                                          // [N, H]
        SDVariable q = linear(i, n.qProj(), h, c.qkvBias());                                    // [N, Hq*d]
        SDVariable k = linear(i, n.kProj(), h, c.qkvBias());                                    // [N, Hkv*d]
        SDVariable v = linear(i, n.vProj(), h, c.qkvBias());                                    // [N, Hkv*d]
        SDVariable ctx;                                                                         // [N, Hq*d]
        try (NameScope s = scope(n.selfAttn())) {
            q = sd.reshape("q", q, shapeQ);                                                     // [B, T, Hq, d]
            k = sd.reshape("k", k, shapeKv);                                                    // [B, T, Hkv, d]
            v = sd.reshape("v", v, shapeKv);                                                    // [B, T, Hkv, d]
            q = rope("q_rope", q, cos, sin);                                                    // [B, T, Hq, d]
            k = rope("k_rope", k, cos, sin);                                                    // [B, T, Hkv, d]
            q = sd.permute("q_heads", q, 0, 2, 1, 3);                                           // [B, Hq, T, d]
            k = sd.permute("k_heads", k, 0, 2, 1, 3);                                           // [B, Hkv, T, d]
            v = sd.permute("v_heads", v, 0, 2, 1, 3);                                           // [B, Hkv, T, d]
            SDVariable keys = sd.concat("keys", 2, pastK, k);                                   // [B, Hkv, S, d]
            SDVariable values = sd.concat("values", 2, pastV, v);                               // [B, Hkv, S, d]
            // Grouped-query attention without copying kv heads: query head j*g+r reads kv head j, so the g query
            // heads of a group are stacked along the time axis and share one matmul against that group's keys.
            SDVariable qg = sd.reshape("q_grouped", q, shapeGrouped);                           // [B, Hkv, g*T, d]
            if (fusedAttention) {
                // chunked over query rows, nothing [g*T, S] kept for the backward (FusedAttention)
                SDVariable[] out = FusedAttention.attend(sd, qg, keys, values, mask, 1.0 / Math.sqrt(d),
                        FusedAttention.DEFAULT_CHUNK);
                ctx = sd.updateVariableNameAndReference(out[0], ModelNames.scoped(n.selfAttn(), "context"));                     // [B, Hkv, g*T, d]
                sd.updateVariableNameAndReference(out[1], ModelNames.scoped(n.selfAttn(), "logsumexp"));                    // [B, Hkv, g*T]
            } else {
                qg = qg.mul("q_scaled", 1.0 / Math.sqrt(d));                                    // [B, Hkv, g*T, d]
                SDVariable scores = sd.mmul("scores", qg, keys, false, true, false);            // [B, Hkv, g*T, S]
                scores = scores.add("scores_masked", mask);                                     // [B, Hkv, g*T, S]
                SDVariable probs = sd.nn.softmax("attn_probs", scores, 3);                      // [B, Hkv, g*T, S]
                ctx = sd.mmul("context", probs, values, false, false, false);                   // [B, Hkv, g*T, d]
            }
            ctx = sd.reshape("context_heads", ctx, shapeHeads);                                 // [B, Hq, T, d]
            ctx = sd.permute("context_tokens", ctx, 0, 2, 1, 3);                                // [B, T, Hq, d]
            ctx = sd.reshape("attn_output", ctx, -1, (long) hq * d);                            // [N, Hq*d]
            publish(keys, GraphNames.presentKey(i));
            publish(values, GraphNames.presentValue(i));
        }
        SDVariable attn = linear(i, n.oProj(), ctx, c.oBias());                                 // [N, H]
        attn = hooks.afterAttention(sd, i, attn);                                               // [N, H]
        try (NameScope s = scope(n.module())) {
            x = x.add("resid_attn", attn);                                                      // [N, H]
        }

        // ---- MLP
        h = rmsNorm(n.postAttentionLayernorm(), x);                                             // [N, H]
        SDVariable m = c.family().isMixtureOfExperts() ? moe(n, h) : swiGlu(n, h);              // [N, H]
        m = hooks.afterMlp(sd, i, m);                                                           // [N, H]
        try (NameScope s = scope(n.module())) {
            return x.add("resid_mlp", m);                                                       // [N, H]
        }
    }

    /** SwiGLU: down(silu(gate(h)) * up(h)). h: [N, H] -> [N, H]. */
    private SDVariable swiGlu(LayerNames n, SDVariable h) {
        SDVariable gate = linear(n.index(), n.gateProj(), h, c.mlpBias());                      // [N, I]
        SDVariable up = linear(n.index(), n.upProj(), h, c.mlpBias());                          // [N, I]
        SDVariable act;                                                                         // [N, I]
        try (NameScope s = scope(n.actFn())) {
            act = sd.nn.swish("out", gate);                                                     // [N, I]
        }
        try (NameScope s = scope(n.mlp())) {
            act = act.mul("act_up", up);                                                        // [N, I]
        }
        return linear(n.index(), n.downProj(), act, c.mlpBias());                               // [N, H]
    }

    /**
     * Mixtral's sparse MoE (transformers 5.x MixtralTopKRouter): softmax over all router logits, top-k,
     * weights renormalised to sum 1. Every expert runs on every token and unchosen experts get weight exactly 0,
     * which keeps the graph static; the sum runs in ascending expert id like HF's index_add_. The top-k is k
     * rounds of "take the row max, then knock it out" (SameDiff's topK op loses its outputs in inference);
     * an exact tie between router probabilities would select both.
     */
    private SDVariable moe(LayerNames n, SDVariable h) {
        int experts = c.numExperts();
        SDVariable router = project(n.router(), h, false);                                      // [N, E]
        SDVariable[] perExpert;                                                                 // E x [N, 1]
        try (NameScope s = scope(n.moe())) {
            SDVariable probs = sd.nn.softmax("router_probs", router, 1);                        // [N, E]
            SDVariable remaining = probs;                                                       // [N, E]
            SDVariable chosen = null;                                                           // [N, E] 0/1
            for (int j = 0; j < c.numExpertsPerToken(); j++) {
                String r = "top" + (j + 1) + ".";
                SDVariable best = sd.max(r + "max", remaining, true, 1);                        // [N, 1]
                SDVariable pick = sd.castTo(r + "pick", sd.eq(r + "is_max", remaining, best), dtype); // [N, E]
                chosen = chosen == null ? pick : chosen.add(r + "chosen", pick);                // [N, E]
                remaining = remaining.sub(r + "remaining", pick.mul(r + "knock_out", 2.0));     // probs <= 1
            }
            SDVariable picked = probs.mul("picked", chosen);                                    // [N, E]
            SDVariable dense = picked.div("expert_weights", picked.sum("picked_sum", true, 1)); // [N, E]
            String[] names = new String[experts];
            for (int e = 0; e < experts; e++) names[e] = "expert_weight." + e;
            perExpert = sd.split(names, dense, experts, 1);                                     // E x [N, 1]
        }
        SDVariable out = null;                                                                  // [N, H]
        for (int e = 0; e < experts; e++) {
            SDVariable g = project(n.w1(e), h, false);                                          // [N, I]
            SDVariable u = project(n.w3(e), h, false);                                          // [N, I]
            SDVariable a;                                                                       // [N, I]
            try (NameScope s = scope(n.expert(e))) {
                a = sd.nn.swish("act", g).mul("act_up", u);                                     // [N, I]
            }
            SDVariable y = project(n.w2(e), a, false);                                          // [N, H]
            try (NameScope s = scope(n.moe())) {
                SDVariable weighted = y.mul("weighted." + e, perExpert[e]);                     // [N, H]
                out = out == null ? weighted : out.add("expert_sum." + e, weighted);            // [N, H]
            }
        }
        return out;                                                                             // [N, H]
    }

    /** A projection of the layer that hooks (LoRA) may add to: {@link #project}, then {@link LayerHooks#afterProjection}. */
    private SDVariable linear(int layer, String module, SDVariable x, boolean bias) {
        return hooks.afterProjection(sd, layer, module, x, project(module, x, bias));
    }

    /** x W^T (+ b) of {@code module}, W stored [out, in] as in the checkpoint. x: [N, in] -> [N, out]. */
    private SDVariable project(String module, SDVariable x, boolean bias) {
        try (NameScope s = scope(module)) {
            SDVariable y = sd.mmul(bias ? "no_bias" : "out", x, w(weight(module)), false, true, false); // [N, out]
            return bias ? y.add("out", w(bias(module))) : y;                                    // [N, out]
        }
    }

    /** x * rsqrt(mean(x^2) + eps) * w over the last axis, in {@code module}'s scope with its weight. */
    private SDVariable rmsNorm(String module, SDVariable x) {
        try (NameScope s = scope(module)) {
            SDVariable sq = sd.math.square("squared", x);                                       // [N, H]
            SDVariable variance = sd.mean("variance", sq, true, -1);                            // [N, 1]
            SDVariable inv = sd.math.rsqrt("inv_rms", variance.add("variance_eps", c.rmsNormEps())); // [N, 1]
            return x.mul("normalized", inv).mul("out", w(weight(module)));                      // [N, H]
        }
    }

    /** Rotate-half RoPE: x*cos + cat(-x2, x1)*sin. x: [B, T, heads, d]; cos/sin broadcast over heads. */
    private SDVariable rope(String name, SDVariable x, SDVariable cos, SDVariable sin) {
        SDVariable[] halves = sd.split(new String[]{name + ".x1", name + ".x2"}, x, 2, 3);     // 2 x [B, T, h, d/2]
        SDVariable rotated = sd.concat(name + ".rotated", 3, halves[1].neg(name + ".neg_x2"), halves[0]); // [B, T, h, d]
        return x.mul(name + ".x_cos", cos).add(name, rotated.mul(name + ".rotated_sin", sin)); // [B, T, h, d]
    }

    /** A shape vector [B, dims...] whose first entry is the dynamic batch size (in the {@code model} scope). */
    private SDVariable shape(String name, SDVariable batch, long... dims) {
        // constants ignore name scopes in SameDiff M2.1: spell the scope out
        SDVariable fixed = sd.constant(ModelNames.scoped(ModelNames.MODEL, name + ".dims"), Nd4j.createFromArray(dims));
        return sd.concat(name, 0, batch, fixed);                                                // [1 + dims]
    }

    /** Weights that are already arrays, e.g. for tests. */
    public static Function<String, INDArray> fromMap(Map<String, INDArray> m) {
        return m::get;
    }
}
