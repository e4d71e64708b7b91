package org.reasonbridge.model.loss;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TokenCrossEntropy} against the one-hot composition it replaced ({@code -sum(logSoftmax * oneHot, 1)}, which
 * passes the float64 gradient check in {@link CrossEntropyCompositionTest}): same per-token values and same logits
 * gradient under a weighted, masked sum like the hierarchical loss's, in float64 (to 1e-10) and float32.
 */
class TokenCrossEntropyTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // dtype, N, V, tolerance (relative to the largest magnitude)
                Arguments.of(DataType.DOUBLE, 5, 7, 1e-10),
                Arguments.of(DataType.DOUBLE, 12, 300, 1e-10),
                Arguments.of(DataType.FLOAT, 5, 7, 1e-6),
                Arguments.of(DataType.FLOAT, 64, 5000, 1e-5));
    }

    @ParameterizedTest(name = "{0} N={1} V={2}")
    @MethodSource("cases")
    void sameValuesAndGradientsAsTheOneHotComposition(DataType dtype, int n, int v, double tolerance) {
        Nd4j.getRandom().setSeed(7);
        INDArray logits = Nd4j.randn(DataType.DOUBLE, n, v).muli(3).castTo(dtype);
        long[] labels = new long[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (i * 31L + 3) % v;
            weights[i] = i % 4 == 1 ? 0.0 : 0.25 + i % 3;    // some tokens masked out, the rest weighted
        }
        Result fused = run(dtype, logits, labels, weights, true);
        Result oneHot = run(dtype, logits, labels, weights, false);
        assertClose(oneHot.ce, fused.ce, tolerance, "per-token ce");
        assertClose(oneHot.loss, fused.loss, tolerance, "loss");
        assertClose(oneHot.gradient, fused.gradient, tolerance, "d loss / d logits");
    }

    private record Result(INDArray ce, INDArray loss, INDArray gradient) {
    }

    /** loss = 3 · Σ_n w[n]·ce[n] of logits (a variable) through a multiply, so the upstream gradient is not 1. */
    private static Result run(DataType dtype, INDArray init, long[] labelIds, double[] weights, boolean fused) {
        SameDiff sd = SameDiff.create();
        SDVariable w = sd.var("w", init.dup());
        SDVariable logits = w.mul("logits", 1.0);
        SDVariable labels = sd.placeHolder("labels", DataType.INT64, -1);
        SDVariable mask = sd.placeHolder("mask", dtype, -1);
        int v = (int) init.size(1);
        SDVariable ce = fused ? TokenCrossEntropy.of(sd, "ce", logits, labels)
                : sd.sum(sd.nn.logSoftmax(logits).mul(sd.oneHot(labels, v, -1, 1.0, 0.0, dtype)), 1).neg("ce");
        sd.sum(ce.mul(mask)).mul("loss", 3.0);
        sd.setLossVariables("loss");
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("labels", Nd4j.createFromArray(labelIds));
        ph.put("mask", Nd4j.createFromArray(weights).castTo(dtype));
        var og = Gradients.withOutputs(sd, ph, List.of("ce", "loss"), List.of("w"));
        return new Result(og.getOutputs().get("ce"), og.getOutputs().get("loss"), og.getGradients().get("w"));
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        assertEquals(expected.length(), actual.length(), what);
        double scale = Math.max(1.0, expected.castTo(DataType.DOUBLE).amaxNumber().doubleValue());
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        System.out.printf("%s: max |difference| %.3g (scale %.3g)%n", what, diff, scale);
        assertTrue(diff <= tolerance * scale, what + ": max difference " + diff + " > " + tolerance * scale);
    }
}
