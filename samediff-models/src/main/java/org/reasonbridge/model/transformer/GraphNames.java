package org.reasonbridge.model.transformer;

/** Top-level names of the decoder graph: placeholders and outputs. Tensors and op scopes are named by {@link ModelNames}. */
public final class GraphNames {
    /** [B, T] INT64 token ids. */
    public static final String INPUT_IDS = "input_ids";
    /** [B, T, 1, head_dim] rotary cos / sin for each token's position (computed in Java, see {@link Rope}). */
    public static final String ROPE_COS = "rope.cos";
    public static final String ROPE_SIN = "rope.sin";
    /** [B, 1, groups*T, S] additive attention bias of full-attention layers (0 visible, large negative not). */
    public static final String ATTENTION_MASK = "attention_mask";
    /** [M] INT64 rows of the flattened [B*T] positions whose logits are wanted. */
    public static final String LOGITS_INDEX = "logits_index";
    /** [M, V] logits of the rows named by {@link #LOGITS_INDEX} (decode: the last row of each sequence). */
    public static final String LOGITS = "logits";
    /**
     * [B*T, V] logits of every position, without the row gather: training differentiates this one, since
     * SameDiff's gather backward is a slow per-index loop (SAMEDIFF.md).
     */
    public static final String LOGITS_ALL = "logits.all";

    private GraphNames() {
    }

    /** The additive bias of layers with a sliding window of {@code window} keys. */
    public static String windowMask(int window) {
        return ATTENTION_MASK + ".window" + window;
    }

    /** [B, Hkv, P, head_dim] cached keys of earlier positions (P may be 0). */
    public static String pastKey(int layer) {
        return "past_key_values." + layer + ".key";
    }

    public static String pastValue(int layer) {
        return "past_key_values." + layer + ".value";
    }

    /** [B, Hkv, P+T, head_dim] keys after this step: feed back as the next step's past. */
    public static String presentKey(int layer) {
        return "present." + layer + ".key";
    }

    public static String presentValue(int layer) {
        return "present." + layer + ".value";
    }
}
