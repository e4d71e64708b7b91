package org.reasonbridge.model.exec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reasonbridge.model.loss.Gradients;
import org.reasonbridge.model.loss.TokenCrossEntropy;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plan's cross-entropy in row blocks ({@link SoftmaxCrossEntropyRows}) against libnd4j's kernels run by SameDiff's
 * own session: per-token values, the weighted loss and its logits gradient, on shapes around the block size (a row
 * per block, several rows, a partial last block), with rows far apart in height and labels far below their row's
 * maximum. The fused {@link TokenCrossEntropy} and SameDiff's two-input loss both go through it.
 */
class SoftmaxCrossEntropyRowsTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // N, V, spread of the logits, through TokenCrossEntropy (else sd.loss.sparseSoftmaxCrossEntropy)
                Arguments.of(1, 7, 3.0, true),
                Arguments.of(5, 7, 3.0, true),
                Arguments.of(37, 5000, 3.0, true),       // 13 rows a block, a partial last block
                Arguments.of(3, 70_000, 3.0, true),      // over a block: a row a block
                Arguments.of(16, 4096, 60.0, true),      // labels hundreds of nats below the maximum
                Arguments.of(9, 300, 3.0, false));
    }

    @ParameterizedTest(name = "N={0} V={1} spread {2} fused {3}")
    @MethodSource("cases")
    void sameAsTheKernels(int n, int v, double spread, boolean fused) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, v).muli(spread);
        for (int i = 0; i < n; i++) x.getRow(i).addi(25.0 * (i % 5)); // rows at different heights
        long[] ids = new long[n];
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            ids[i] = (i * 7919L + 3) % v;
            w[i] = i % 4 == 1 ? 0f : 0.5f + i % 3;
        }
        SameDiff sd = SameDiff.create();
        SDVariable logits = sd.var("logits", x);
        SDVariable labels = sd.placeHolder("labels", DataType.INT64, n);
        SDVariable ce = fused ? TokenCrossEntropy.of(sd, "ce", logits, labels)
                : sd.loss.sparseSoftmaxCrossEntropy("ce", logits, labels).reshape(n);
        ce.mul("weighted", sd.constant(Nd4j.createFromArray(w))).sum("loss");
        sd.setLossVariables("loss");
        Map<String, INDArray> feed = Map.of("labels", Nd4j.createFromArray(ids));

        var expected = Gradients.withOutputs(sd, feed, java.util.List.of("ce", "loss"), java.util.List.of("logits"));
        SameDiff grad = Gradients.function(sd);
        String gradName = sd.getVariable("logits").gradient().name();
        try (ExecutionPlan plan = ExecutionPlan.compile(grad, "ce", "loss", gradName)) {
            assertEquals(1, plan.stepDescriptions().stream().filter(d -> d.endsWith("in row blocks, with its gradient"))
                    .count(), "the loss and its gradient in one pass of row blocks: " + plan.stepDescriptions());
            assertEquals(1, plan.stepDescriptions().stream().filter(d -> d.endsWith("computed by the loss step")).count(),
                    plan.stepDescriptions().toString());
            Map<String, INDArray> got = plan.run(feed);
            double[][] reference = reference(x, ids, w);
            assertClose(Nd4j.createFromArray(reference[0]), got.get("ce"), 1e-6, "per-token ce vs float64");
            assertClose(Nd4j.createFromArray(reference[1]), got.get(gradName).reshape(-1), 1e-6, "gradient vs float64");
            // the kernels sum in FP32: over 70,000 logits they drift by a few 1e-6 of the largest value
            assertClose(expected.getOutputs().get("ce"), got.get("ce"), 1e-5, "per-token ce vs the kernel");
            assertClose(expected.getOutputs().get("loss"), got.get("loss"), 1e-5, "loss vs the kernel");
            assertClose(expected.getGradients().get("logits"), got.get(gradName), 1e-5, "d loss / d logits vs the kernel");
        }
    }

    /**
     * The pass that computes the loss and the gradient together (a training plan's loss step) gives the same floats,
     * to the bit, as the two passes apart (each kernel's own step).
     */
    @ParameterizedTest(name = "N={0} V={1} spread {2}")
    @MethodSource("cases")
    void onePassIsTheSameFloatsAsTwo(int n, int v, double spread, boolean unused) {
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, v).muli(spread);
        long[] ids = new long[n], gradientIds = new long[n]; // TokenCrossEntropy's loss and gradient differ in labels
        for (int i = 0; i < n; i++) {
            ids[i] = (i * 31L + 1) % v;
            gradientIds[i] = (i * 7L + 3) % v;
        }
        INDArray ce = Nd4j.create(DataType.FLOAT, n), grad = Nd4j.create(DataType.FLOAT, n, v);
        INDArray ceApart = Nd4j.create(DataType.FLOAT, n), gradApart = Nd4j.create(DataType.FLOAT, n, v);
        SoftmaxCrossEntropyRows.lossAndGradient(x, ids, gradientIds, ce, grad);
        SoftmaxCrossEntropyRows.logSumExpMinusLabel(x, ids, ceApart);
        SoftmaxCrossEntropyRows.softmaxMinusOneHot(x, gradientIds, gradApart);
        assertArrayEquals(bits(ceApart), bits(ce), "per-token ce");
        assertArrayEquals(bits(gradApart), bits(grad), "d ce / d logits");
    }

    private static int[] bits(INDArray a) {
        float[] f = a.dup().data().asFloat();
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) b[i] = Float.floatToRawIntBits(f[i]);
        return b;
    }

    /** [ce [N], d(Σ w·ce)/d logits [N·V]] in float64 from the FP32 logits. */
    private static double[][] reference(INDArray x, long[] ids, float[] w) {
        int n = (int) x.size(0), v = (int) x.size(1);
        double[] ce = new double[n], grad = new double[n * v];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < v; j++) max = Math.max(max, x.getFloat(i, j));
            for (int j = 0; j < v; j++) sum += Math.exp(x.getFloat(i, j) - max);
            ce[i] = Math.log(sum) + max - x.getFloat(i, ids[i]);
            for (int j = 0; j < v; j++) {
                grad[i * v + j] = w[i] * (Math.exp(x.getFloat(i, j) - max) / sum - (j == ids[i] ? 1 : 0));
            }
        }
        return new double[][]{ce, grad};
    }

    /** Elementwise within {@code tolerance} of the largest magnitude, and finite. */
    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        assertEquals(expected.length(), actual.length(), what + " length");
        double scale = Math.max(1e-30, expected.amaxNumber().doubleValue());
        double worst = 0;
        for (long i = 0; i < expected.length(); i++) {
            double a = actual.getDouble(i);
            assertTrue(Double.isFinite(a), what + "[" + i + "] = " + a);
            worst = Math.max(worst, Math.abs(a - expected.getDouble(i)));
        }
        assertTrue(worst <= tolerance * scale, what + ": off by " + worst + " of " + scale);
    }
}
