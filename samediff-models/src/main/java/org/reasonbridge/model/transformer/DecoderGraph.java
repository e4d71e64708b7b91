package org.reasonbridge.model.transformer;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reasonbridge.model.config.ModelConfig;

import java.util.Map;
import java.util.function.Function;

/**
 * Builds the FP32 decoder as one SameDiff graph that serves prefill and KV-cache decode alike: embedding,
 * RMSNorm, rotate-half RoPE, grouped-query causal attention, SwiGLU (or Mixtral's routed experts), LM head.
 * Variables carry the checkpoint's tensor names. Rotary tables and the additive attention mask are fed from
 * Java ({@link Rope}, {@link AttentionMask}): fewer graph ops, and padding and sliding windows stay one rule.
 *
 * <p>Shapes: B batch, T new tokens, P cached positions, S = P + T, N = B*T, H hidden, Hq/Hkv heads,
 * g = Hq/Hkv, d head_dim, V vocabulary, M rows whose logits are wanted.
 */
public final class DecoderGraph {
    private final ModelConfig c;
    private final SameDiff sd;
    private final Function<String, INDArray> weights;
    private final LayerHooks hooks;
    private final DataType dtype;
    // Reshape targets with the dynamic batch size first, built once and shared by every layer.
    private SDVariable shapeQ;        // [B, -1, Hq, d]
    private SDVariable shapeKv;       // [B, -1, Hkv, d]
    private SDVariable shapeGrouped;  // [B, Hkv, -1, d]
    private SDVariable shapeHeads;    // [B, Hq, -1, d]

    private DecoderGraph(ModelConfig c, Function<String, INDArray> weights, LayerHooks hooks, DataType dtype) {
        this.c = c;
        this.sd = SameDiff.create();
        this.weights = weights;
        this.hooks = hooks;
        this.dtype = dtype;
    }

    /**
     * Builds the graph in {@code dtype} (FLOAT for use; DOUBLE for finite-difference gradient checks).
     * {@code weights} returns the array for a checkpoint name from {@link WeightNames}; {@code hooks} may splice
     * modules into each layer.
     */
    public static SameDiff build(ModelConfig c, Function<String, INDArray> weights, LayerHooks hooks, DataType dtype) {
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw new IllegalArgumentException("the decoder computes in FLOAT or DOUBLE, not " + dtype
                    + " (BF16/HALF are wrong on the CPU backend)");
        }
        return new DecoderGraph(c, weights, hooks, dtype).forward();
    }

    private SDVariable w(String name) {
        INDArray a = weights.apply(name);
        if (a == null) throw new IllegalStateException("no weight for " + name);
        return sd.var(name, a.dataType() == dtype ? a : a.castTo(dtype));
    }

    private SameDiff forward() {
        int d = c.headDim();
        SDVariable ids = sd.placeHolder(GraphNames.INPUT_IDS, DataType.INT64, -1, -1);          // [B, T]
        SDVariable cos = sd.placeHolder(GraphNames.ROPE_COS, dtype, -1, -1, 1, d);              // [B, T, 1, d]
        SDVariable sin = sd.placeHolder(GraphNames.ROPE_SIN, dtype, -1, -1, 1, d);              // [B, T, 1, d]
        SDVariable logitsIndex = sd.placeHolder(GraphNames.LOGITS_INDEX, DataType.INT64, -1);   // [M]
        // B as a one-element vector, for reshapes whose other dims are fixed or -1
        SDVariable batch = sd.slice("batch", sd.shape(ids), new int[]{0}, 1);                   // [1]
        shapeQ = shape("shape.q", batch, -1, c.numHeads(), d);
        shapeKv = shape("shape.kv", batch, -1, c.numKvHeads(), d);
        shapeGrouped = shape("shape.grouped", batch, c.numKvHeads(), -1, d);
        shapeHeads = shape("shape.heads", batch, c.numHeads(), -1, d);

        SDVariable x = sd.gather("embed", w("model.embed_tokens.weight"), sd.reshape(ids, -1), 0); // [N, H]
        for (int i = 0; i < c.numLayers(); i++) {
            int window = c.layerWindows().get(i);
            SDVariable mask = sd.hasVariable(maskName(window)) ? sd.getVariable(maskName(window))
                    : sd.placeHolder(maskName(window), dtype, -1, 1, -1, -1);       // [B, 1, g*T, S]
            x = decoderLayer(i, x, cos, sin, mask);
        }
        SDVariable normed = rmsNorm("model.norm", x, w("model.norm.weight"));                  // [N, H]
        SDVariable head = c.tieWordEmbeddings() ? sd.getVariable("model.embed_tokens.weight") : w("lm_head.weight");
        sd.mmul(GraphNames.LOGITS_ALL, normed, head, false, true, false);                       // [N, V]
        SDVariable rows = sd.gather("final_rows", normed, logitsIndex, 0);                      // [M, H]
        sd.mmul(GraphNames.LOGITS, rows, head, false, true, false);                             // [M, V]
        return sd;
    }

    private static String maskName(int window) {
        return window == 0 ? GraphNames.ATTENTION_MASK : GraphNames.windowMask(window);
    }

    /** One pre-norm decoder layer: x + attn(norm(x)), then + mlp(norm(x)). x: [N, H]. */
    private SDVariable decoderLayer(int i, SDVariable x, SDVariable cos, SDVariable sin, SDVariable mask) {
        String p = WeightNames.layer(i);
        String s = "layers." + i + ".";
        int hq = c.numHeads(), hkv = c.numKvHeads(), d = c.headDim();

        // ---- self-attention
        SDVariable h = rmsNorm(s + "input_norm", x, w(p + "input_layernorm.weight"));          // [N, H]
        SDVariable q = linear(i, "self_attn.q_proj", h, c.qkvBias());                          // [N, Hq*d]
        SDVariable k = linear(i, "self_attn.k_proj", h, c.qkvBias());                          // [N, Hkv*d]
        SDVariable v = linear(i, "self_attn.v_proj", h, c.qkvBias());                          // [N, Hkv*d]
        q = sd.reshape(s + "q4", q, shapeQ);                                   // [B, T, Hq, d]
        k = sd.reshape(s + "k4", k, shapeKv);                                  // [B, T, Hkv, d]
        v = sd.reshape(s + "v4", v, shapeKv);                                  // [B, T, Hkv, d]
        q = rope(s + "q_rope", q, cos, sin);                                                    // [B, T, Hq, d]
        k = rope(s + "k_rope", k, cos, sin);                                                    // [B, T, Hkv, d]
        q = sd.permute(s + "q_heads", q, 0, 2, 1, 3);                                           // [B, Hq, T, d]
        k = sd.permute(s + "k_heads", k, 0, 2, 1, 3);                                           // [B, Hkv, T, d]
        v = sd.permute(s + "v_heads", v, 0, 2, 1, 3);                                           // [B, Hkv, T, d]
        SDVariable pastK = sd.placeHolder(GraphNames.pastKey(i), dtype, -1, hkv, -1, d); // [B, Hkv, P, d]
        SDVariable pastV = sd.placeHolder(GraphNames.pastValue(i), dtype, -1, hkv, -1, d);
        SDVariable keys = sd.concat(GraphNames.presentKey(i), 2, pastK, k);                     // [B, Hkv, S, d]
        SDVariable values = sd.concat(GraphNames.presentValue(i), 2, pastV, v);                 // [B, Hkv, S, d]
        // Grouped-query attention without copying kv heads: query head j*g+r reads kv head j, so the g query
        // heads of a group are stacked along the time axis and share one matmul against that group's keys.
        SDVariable qg = sd.reshape(s + "q_grouped", q, shapeGrouped);              // [B, Hkv, g*T, d]
        qg = qg.mul(s + "q_scaled", 1.0 / Math.sqrt(d));
        SDVariable scores = sd.mmul(s + "scores", qg, keys, false, true, false);                // [B, Hkv, g*T, S]
        scores = scores.add(s + "scores_masked", mask);                                         // [B, Hkv, g*T, S]
        SDVariable probs = sd.nn.softmax(s + "attn_probs", scores, 3);                          // [B, Hkv, g*T, S]
        SDVariable ctx = sd.mmul(s + "context", probs, values, false, false, false);            // [B, Hkv, g*T, d]
        ctx = sd.reshape(s + "context_heads", ctx, shapeHeads);                    // [B, Hq, T, d]
        ctx = sd.permute(s + "context_tokens", ctx, 0, 2, 1, 3);                                // [B, T, Hq, d]
        ctx = sd.reshape(s + "attn_out", ctx, -1, (long) hq * d);                               // [N, Hq*d]
        SDVariable attn = linear(i, "self_attn.o_proj", ctx, c.oBias());                       // [N, H]
        attn = hooks.afterAttention(sd, i, attn);                                               // [N, H]
        x = x.add(s + "resid_attn", attn);                                                      // [N, H]

        // ---- MLP
        h = rmsNorm(s + "post_norm", x, w(p + "post_attention_layernorm.weight"));              // [N, H]
        SDVariable m = c.family().isMixtureOfExperts() ? moe(i, h) : swiGlu(i, h);              // [N, H]
        m = hooks.afterMlp(sd, i, m);                                                           // [N, H]
        return x.add(s + "resid_mlp", m);                                                       // [N, H]
    }

    /** SwiGLU: down(silu(gate(h)) * up(h)). h: [N, H] -> [N, H]. */
    private SDVariable swiGlu(int i, SDVariable h) {
        String s = "layers." + i + ".";
        SDVariable gate = linear(i, "mlp.gate_proj", h, c.mlpBias());                           // [N, I]
        SDVariable up = linear(i, "mlp.up_proj", h, c.mlpBias());                               // [N, I]
        SDVariable act = sd.nn.swish(s + "act", gate).mul(s + "act_up", up);                    // [N, I]
        return linear(i, "mlp.down_proj", act, c.mlpBias());                                    // [N, H]
    }

    /**
     * Mixtral's sparse MoE (transformers 5.x MixtralTopKRouter): softmax over all router logits, top-k,
     * weights renormalised to sum 1. Every expert runs on every token and unchosen experts get weight exactly 0,
     * which keeps the graph static; the sum runs in ascending expert id like HF's index_add_. The top-k is k
     * rounds of "take the row max, then knock it out" (SameDiff's topK op loses its outputs in inference);
     * an exact tie between router probabilities would select both.
     */
    private SDVariable moe(int i, SDVariable h) {
        String s = "layers." + i + ".moe.";
        String p = WeightNames.layer(i) + "block_sparse_moe.";
        int experts = c.numExperts();
        SDVariable router = sd.mmul(s + "router_logits", h, w(p + "gate.weight"), false, true, false); // [N, E]
        SDVariable probs = sd.nn.softmax(s + "router_probs", router, 1);                        // [N, E]
        SDVariable remaining = probs;                                                           // [N, E]
        SDVariable chosen = null;                                                               // [N, E] 0/1
        for (int j = 0; j < c.numExpertsPerToken(); j++) {
            SDVariable best = sd.max(remaining, true, 1);                                       // [N, 1]
            SDVariable pick = sd.castTo(sd.eq(remaining, best), dtype);                // [N, E]
            chosen = chosen == null ? pick : chosen.add(pick);
            remaining = remaining.sub(pick.mul(2.0));                                           // probs <= 1
        }
        SDVariable picked = probs.mul(s + "picked", chosen);                                    // [N, E]
        SDVariable dense = picked.div(s + "expert_weights", picked.sum(true, 1));               // [N, E]
        SDVariable[] perExpert = sd.split(dense, experts, 1);                                   // E x [N, 1]
        SDVariable out = null;
        for (int e = 0; e < experts; e++) {
            String x = p + "experts." + e + ".";
            String se = s + "expert" + e + ".";
            SDVariable g = sd.mmul(se + "w1", h, w(x + "w1.weight"), false, true, false);       // [N, I]
            SDVariable u = sd.mmul(se + "w3", h, w(x + "w3.weight"), false, true, false);       // [N, I]
            SDVariable a = sd.nn.swish(se + "act", g).mul(se + "act_up", u);                    // [N, I]
            SDVariable y = sd.mmul(se + "w2", a, w(x + "w2.weight"), false, true, false);       // [N, H]
            SDVariable weighted = y.mul(se + "weighted", perExpert[e]);                         // [N, H]
            out = out == null ? weighted : out.add(se + "sum", weighted);
        }
        return out;                                                                             // [N, H]
    }

    /** x W^T (+ b) of layer i's {@code projection}, W stored [out, in] as in the checkpoint; hooks may add to it. */
    private SDVariable linear(int i, String projection, SDVariable x, boolean bias) {
        String weight = WeightNames.layer(i) + projection;
        String name = "layers." + i + "." + projection;
        SDVariable y = sd.mmul(bias ? name + "_nobias" : name, x, w(weight + ".weight"), false, true, false);
        if (bias) y = y.add(name, w(weight + ".bias"));
        return hooks.afterProjection(sd, i, projection, x, y);
    }

    /** x * rsqrt(mean(x^2) + eps) * w over the last axis. */
    private SDVariable rmsNorm(String name, SDVariable x, SDVariable weight) {
        SDVariable ms = sd.mean(name + ".ms", sd.math.square(x), true, -1);                     // [N, 1]
        SDVariable inv = sd.math.rsqrt(name + ".rsqrt", ms.add(c.rmsNormEps()));                // [N, 1]
        return x.mul(inv).mul(name, weight);                                                    // [N, H]
    }

    /** Rotate-half RoPE: x*cos + cat(-x2, x1)*sin. x: [B, T, heads, d]; cos/sin broadcast over heads. */
    private SDVariable rope(String name, SDVariable x, SDVariable cos, SDVariable sin) {
        SDVariable[] halves = sd.split(x, 2, 3);                                                // 2 x [B, T, h, d/2]
        SDVariable rotated = sd.concat(3, halves[1].neg(), halves[0]);                          // [B, T, h, d]
        return x.mul(cos).add(name, rotated.mul(sin));                                          // [B, T, h, d]
    }

    /** A shape vector [B, dims...] whose first entry is the dynamic batch size. */
    private SDVariable shape(String name, SDVariable batch, long... dims) {
        return sd.concat(name, 0, batch, sd.constant(name + ".dims", Nd4j.createFromArray(dims)));
    }

    /** Weights that are already arrays, e.g. for tests. */
    public static Function<String, INDArray> fromMap(Map<String, INDArray> m) {
        return m::get;
    }
}
