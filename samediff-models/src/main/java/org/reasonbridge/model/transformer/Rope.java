package org.reasonbridge.model.transformer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reasonbridge.model.config.ModelConfig;

/**
 * Rotary tables for the graph's {@code rope.cos}/{@code rope.sin} placeholders. Angles are computed in double
 * precision per token position, so each row of a batch can sit at its own position (left padding, decode).
 */
final class Rope {
    private final double[] invFreq;   // [d/2]
    private final int headDim;

    Rope(ModelConfig c) {
        this.headDim = c.headDim();
        this.invFreq = c.ropeScaling().inverseFrequencies(c.ropeTheta(), headDim);
    }

    /** cos and sin, each [B, T, 1, d] in DOUBLE, for positions [B][T]; cat(angle, angle) as rotate-half expects. */
    INDArray[] tables(int[][] positions) {
        int b = positions.length, t = positions[0].length, half = headDim / 2;
        double[] cos = new double[b * t * headDim];
        double[] sin = new double[b * t * headDim];
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < t; i++) {
                int base = (r * t + i) * headDim;
                for (int j = 0; j < half; j++) {
                    double angle = positions[r][i] * invFreq[j];
                    double cj = Math.cos(angle), sj = Math.sin(angle);
                    cos[base + j] = cj;
                    cos[base + half + j] = cj;
                    sin[base + j] = sj;
                    sin[base + half + j] = sj;
                }
            }
        }
        long[] shape = {b, t, 1, headDim};
        return new INDArray[]{Nd4j.create(cos, shape), Nd4j.create(sin, shape)};
    }
}
