package org.reasonbridge.model.transformer;

import java.util.List;

/**
 * The Hugging Face module names of decoder layer {@code index}, the one place they are spelled. A module's
 * checkpoint tensors are {@code module.weight} / {@code module.bias} ({@link ModelNames#weight}), and the graph ops
 * computing the module run in a SameDiff name scope equal to the module, so {@code model.layers.3.self_attn.q_proj}
 * names both the tensor {@code model.layers.3.self_attn.q_proj.weight} and the ops {@code model.layers.3.self_attn
 * .q_proj/...}. Llama, Qwen2 and Mistral share this tree; Mixtral replaces {@code mlp} by {@code block_sparse_moe}
 * (its checkpoint's names, also what transformers 4.x calls the modules).
 *
 * @param index the layer, 0-based
 */
public record LayerNames(int index) {
    /** The projections a layer offers to {@link LayerHooks#afterProjection}, as paths below the layer. */
    public static final List<String> PROJECTIONS = List.of("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj",
            "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj");

    public LayerNames {
        if (index < 0) throw new IllegalArgumentException("layer index must be >= 0, got " + index);
    }

    /**
     * The layer a graph name belongs to: {@code model.layers.3.self_attn/...}, {@code model.layers.3/resid_mlp} and
     * {@code model.layers.3.adapters.strategic/...} are layer 3 (its modules, and the hooks spliced into it, run in
     * scopes below it); names outside the layers ({@code model.norm/...}, a gradient op's) give -1.
     */
    public static int layerOf(String name) {
        String prefix = ModelNames.LAYERS + ".";
        if (!name.startsWith(prefix)) return -1;
        int end = prefix.length();
        while (end < name.length() && Character.isDigit(name.charAt(end))) end++;
        if (end == prefix.length() || end - prefix.length() > 9 || end == name.length()) return -1;
        char next = name.charAt(end);
        return next == '.' || next == ModelNames.SCOPE_SEPARATOR.charAt(0)
                ? Integer.parseInt(name.substring(prefix.length(), end)) : -1;
    }

    /** {@code model.layers.3}: the layer itself (its residual adds). */
    public String module() {
        return ModelNames.LAYERS + "." + index;
    }

    /** The module at {@code path} below this layer, e.g. {@code self_attn.q_proj}. */
    public String child(String path) {
        return module() + "." + path;
    }

    // ---- attention

    public String inputLayernorm() {
        return child("input_layernorm");
    }

    /** {@code self_attn}: heads, RoPE, the KV-cache concat and the attention itself. */
    public String selfAttn() {
        return child("self_attn");
    }

    public String qProj() {
        return child("self_attn.q_proj");
    }

    public String kProj() {
        return child("self_attn.k_proj");
    }

    public String vProj() {
        return child("self_attn.v_proj");
    }

    public String oProj() {
        return child("self_attn.o_proj");
    }

    // ---- dense MLP (Llama, Qwen2, Mistral)

    public String postAttentionLayernorm() {
        return child("post_attention_layernorm");
    }

    /** {@code mlp}: the SwiGLU product between the projections. */
    public String mlp() {
        return child("mlp");
    }

    public String gateProj() {
        return child("mlp.gate_proj");
    }

    public String upProj() {
        return child("mlp.up_proj");
    }

    public String downProj() {
        return child("mlp.down_proj");
    }

    /** {@code mlp.act_fn}: SiLU, as transformers names the activation module. */
    public String actFn() {
        return child("mlp.act_fn");
    }

    // ---- sparse MoE (Mixtral)

    /** {@code block_sparse_moe}: routing (top-k, renormalisation) and the weighted sum of experts. */
    public String moe() {
        return child("block_sparse_moe");
    }

    /** {@code block_sparse_moe.gate}: the router's linear layer. */
    public String router() {
        return child("block_sparse_moe.gate");
    }

    /** {@code block_sparse_moe.experts.e}: one expert's SwiGLU product. */
    public String expert(int e) {
        return child("block_sparse_moe.experts." + e);
    }

    /** Expert e's gate projection (Llama's gate_proj). */
    public String w1(int e) {
        return expert(e) + ".w1";
    }

    /** Expert e's down projection (Llama's down_proj). */
    public String w2(int e) {
        return expert(e) + ".w2";
    }

    /** Expert e's up projection (Llama's up_proj). */
    public String w3(int e) {
        return expert(e) + ".w3";
    }

    // ---- adapters (our prefix, STYLE.md)

    /** {@code model.layers.3.adapters.strategic}: one level's bottleneck adapter; {@code .down}/{@code .up} hold its tensors. */
    public String adapter(String level) {
        return child("adapters." + level);
    }
}
