package org.reasonbridge.training;

import org.reasonbridge.model.loss.LossPart;

/**
 * An example as token ids with the loss part of each token: {@link #NONE} (prompt: no loss) or the index of a
 * {@link LossPart}. Training predicts token t+1 at position t, so the part of token t+1 weights position t.
 */
public record EncodedExample(String id, int[] ids, int[] parts) {
    public static final int NONE = -1;

    public EncodedExample {
        if (ids.length != parts.length) throw new IllegalArgumentException("ids and parts differ in length");
        if (ids.length < 2) throw new IllegalArgumentException("example '" + id + "' has fewer than 2 tokens");
        ids = ids.clone();
        parts = parts.clone();
    }

    public int length() {
        return ids.length;
    }

    /** Tokens that carry a loss, per part. */
    public int[] tokensPerPart() {
        int[] n = new int[LossPart.values().length];
        for (int p : parts) if (p != NONE) n[p]++;
        return n;
    }
}
