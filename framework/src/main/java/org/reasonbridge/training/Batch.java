package org.reasonbridge.training;

import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.model.loss.HierarchicalLoss;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A right-padded micro-batch: tokens [B][T] ({@code Decoder.PAD} in padding), next-token targets [B*T]
 * (row-major) and one 0/1 mask [B*T] per {@link ReasoningLevel}; padded and prompt positions have all masks 0.
 */
public record Batch(List<String> ids, int[][] tokens, long[] targets, Map<ReasoningLevel, double[]> masks) {
    /** Packs examples with padding id {@code pad}. */
    public static Batch of(List<EncodedExample> examples, int pad) {
        int b = examples.size();
        int t = examples.stream().mapToInt(EncodedExample::length).max().orElseThrow();
        int[][] tokens = new int[b][t];
        long[] targets = new long[b * t];
        Map<ReasoningLevel, double[]> masks = HierarchicalLoss.emptyMasks(b * t);
        ReasoningLevel[] levels = ReasoningLevel.values();
        for (int r = 0; r < b; r++) {
            EncodedExample e = examples.get(r);
            Arrays.fill(tokens[r], pad);
            System.arraycopy(e.ids(), 0, tokens[r], 0, e.length());
            for (int i = 0; i + 1 < e.length(); i++) {
                int part = e.parts()[i + 1];
                targets[r * t + i] = e.ids()[i + 1];
                if (part != EncodedExample.NONE) masks.get(levels[part])[r * t + i] = 1.0;
            }
        }
        return new Batch(examples.stream().map(EncodedExample::id).toList(), tokens, targets, masks);
    }

    /** Real (non-padding) tokens in the batch. */
    public int tokenCount(int pad) {
        int n = 0;
        for (int[] row : tokens) for (int id : row) if (id != pad) n++;
        return n;
    }
}
