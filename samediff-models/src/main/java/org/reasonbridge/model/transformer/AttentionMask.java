package org.reasonbridge.model.transformer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The additive attention bias [B, 1, g*T, S]: 0 where a query may look, {@link #BLOCKED} elsewhere. One rule
 * covers causality, left padding and sliding windows: a query at position q sees a cached or new key at
 * position k iff the key is real, k &lt;= q and (no window, or k &gt; q - window), as transformers'
 * masking_utils does. Rows are repeated for the g query heads that share a kv head (see DecoderGraph).
 */
final class AttentionMask {
    /**
     * Large but finite, so a row that sees nothing (a padding query) gives a uniform softmax instead of NaN;
     * exp(BLOCKED - max) underflows to exactly 0 in FP32.
     */
    static final float BLOCKED = -1e9f;

    private AttentionMask() {
    }

    /**
     * @param keyPositions per row, the position of each of the S keys, -1 for padding
     * @param queryPositions per row, the position of each of the T new tokens, -1 for padding
     * @param groups query heads per kv head
     * @param window sliding window in keys, 0 for full attention
     */
    static INDArray build(int[][] keyPositions, int[][] queryPositions, int groups, int window) {
        int b = queryPositions.length, t = queryPositions[0].length, s = keyPositions[0].length;
        float[] m = new float[b * groups * t * s];
        java.util.Arrays.fill(m, BLOCKED);
        int past = s - t;
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < t; i++) {
                int q = queryPositions[r][i];
                int row = (r * groups * t + i) * s;
                if (q < 0) {
                    m[row + past + i] = 0f; // padding query: looks at itself only; its output is never used
                    continue;
                }
                for (int j = 0; j < s; j++) {
                    int k = keyPositions[r][j];
                    if (k >= 0 && k <= q && (window == 0 || k > q - window)) m[row + j] = 0f;
                }
            }
            for (int g = 1; g < groups; g++) {
                System.arraycopy(m, r * groups * t * s, m, (r * groups + g) * t * s, t * s);
            }
        }
        return Nd4j.create(m, new long[]{b, 1, (long) groups * t, s});
    }
}
