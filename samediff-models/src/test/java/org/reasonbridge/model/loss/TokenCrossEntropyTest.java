package org.reasonbridge.model.loss;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TokenCrossEntropy} against the one-hot composition it replaced ({@code -sum(logSoftmax * oneHot, 1)}, which
 * passes the float64 gradient check in {@link CrossEntropyCompositionTest}): same per-token values and same logits
 * gradient under a weighted, masked sum like the hierarchical loss's, in float64 (to 1e-10) and float32; and finite
 * values equal to a float64 reference where a label sits far below its row's maximum.
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

    static Stream<Arguments> farLabels() {
        return Stream.of(
                // dtype, how far each row's label sits below the row's maximum (nats); the old fused forward
                // (libnd4j's log(softmax)) gave +inf in FP32 beyond ~103, NaN once masked
                Arguments.of(DataType.FLOAT, new double[]{0, 5, 90, 110, 200, 1000}),
                Arguments.of(DataType.DOUBLE, new double[]{0, 5, 90, 110, 200, 1000}));
    }

    /** Labels far below the row maximum: finite ce and gradient, equal to a float64 reference computed here. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("farLabels")
    void labelsFarBelowTheRowMaximumStayFinite(DataType dtype, double[] gaps) {
        int n = gaps.length, v = 9;
        double[][] x = new double[n][v];
        long[] labels = new long[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < v; j++) x[i][j] = 40.0 * i + Math.sin(7 * i + j); // rows at different heights
            labels[i] = (3L * i + 1) % v;
            int top = (int) ((labels[i] + 4) % v);
            x[i][top] = 40.0 * i + 2;                              // the row maximum, not the label
            x[i][(int) labels[i]] = x[i][top] - gaps[i];
            if (gaps[i] == 0) x[i][(int) labels[i]] = x[i][top] + 1; // the label is the maximum
            weights[i] = i % 3 == 2 ? 0.0 : 1.0 + i;             // masked rows must not turn into NaN either
        }
        INDArray logits = Nd4j.createFromArray(x).castTo(dtype);
        Result fused = run(dtype, logits, labels, weights, true);
        double[] ce = new double[n];
        double[][] grad = new double[n][v];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double[] row = logits.getRow(i).castTo(DataType.DOUBLE).toDoubleVector(); // the rounded inputs
            double max = Arrays.stream(row).max().orElseThrow(), sum = 0;
            for (double r : row) sum += Math.exp(r - max);
            ce[i] = max + Math.log(sum) - row[(int) labels[i]];
            loss += 3 * weights[i] * ce[i];
            for (int j = 0; j < v; j++) {
                grad[i][j] = 3 * weights[i] * (Math.exp(row[j] - max) / sum - (j == labels[i] ? 1 : 0));
            }
        }
        double tolerance = dtype == DataType.DOUBLE ? 1e-12 : 1e-6;
        assertClose(Nd4j.createFromArray(ce), fused.ce, tolerance, "per-token ce");
        assertClose(Nd4j.scalar(loss), fused.loss, tolerance, "loss");
        assertClose(Nd4j.createFromArray(grad), fused.gradient, tolerance, "d loss / d logits");
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
        for (double a : actual.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector()) {
            assertTrue(Double.isFinite(a), what + " not finite: " + actual);
        }
        double scale = Math.max(1.0, expected.castTo(DataType.DOUBLE).amaxNumber().doubleValue());
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        System.out.printf("%s: max |difference| %.3g (scale %.3g)%n", what, diff, scale);
        assertTrue(diff <= tolerance * scale, what + ": max difference " + diff + " > " + tolerance * scale);
    }
}
