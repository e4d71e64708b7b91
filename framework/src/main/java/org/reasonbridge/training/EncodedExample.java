package org.reasonbridge.training;

import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.EnumMap;
import java.util.Map;

/**
 * An example as token ids with the level of each token: {@link #NONE} (prompt: no loss) or a
 * {@link ReasoningLevel#index()}. Training predicts token t+1 at position t, so the level of token t+1 weights
 * position t.
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

    /** Tokens that carry a loss, per level (every level present, 0 when it has none). */
    public Map<ReasoningLevel, Integer> tokensPerLevel() {
        Map<ReasoningLevel, Integer> n = new EnumMap<>(ReasoningLevel.class);
        for (ReasoningLevel level : ReasoningLevel.values()) n.put(level, 0);
        for (int p : parts) if (p != NONE) n.merge(ReasoningLevel.values()[p], 1, Integer::sum);
        return n;
    }
}
