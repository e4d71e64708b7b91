package org.reasonbridge.model.exec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.reasonbridge.model.loss.Gradients;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plan's SiLU derivative in blocks ({@link SwishGradient}) against float64 and against libnd4j's kernel run by
 * SameDiff's own session: sizes under the native-exp threshold, over a block with a partial last one, a view
 * that starts inside its buffer, and inputs out to ±120, where libnd4j's derivative is NaN (x > 88.7) and the
 * plan's is the limit.
 */
class SwishGradientTest {

    @ParameterizedTest(name = "[{0}, {1}] spread {2}, a view: {3}")
    @CsvSource({"3, 5, 4, false", "64, 300, 4, false", "3, 9001, 6, true", "17, 1408, 120, false", "8, 2048, 8, true"})
    void sameAsFloat64AndTheKernels(int rows, int cols, double spread, boolean view) {
        Nd4j.getRandom().setSeed(3);
        INDArray all = Nd4j.rand(DataType.FLOAT, rows + 1, cols).subi(0.5).muli(2 * spread);
        INDArray w = Nd4j.randn(DataType.FLOAT, rows, cols);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, rows, cols);
        SDVariable p = sd.var("p", Nd4j.ones(DataType.FLOAT, 1, cols));  // a trainable path into swish's input
        sd.nn.swish("y", x.mul(p)).mul(sd.constant(w)).sum("loss");
        sd.setLossVariables("loss");
        INDArray input = view ? all.get(NDArrayIndex.interval(1, rows + 1), NDArrayIndex.all()) : all.get(
                NDArrayIndex.interval(0, rows), NDArrayIndex.all()).dup();
        assertEquals(view, input.offset() != 0, "the input starts inside its buffer");
        Map<String, INDArray> feed = Map.of("x", input);

        var kernel = Gradients.withOutputs(sd, Map.of("x", input.dup()), List.of("y"), List.of("p"));
        String gradName = sd.getVariable("p").gradient().name();
        try (ExecutionPlan plan = ExecutionPlan.compile(Gradients.function(sd), "y", gradName)) {
            assertEquals(1, plan.stepDescriptions().stream().filter(d -> d.contains("_swishderivative) computed by the "
                    + "forward step")).count(), "the derivative in blocks, with swish: " + plan.stepDescriptions());
            Map<String, INDArray> got = plan.run(feed);
            double[] y = new double[rows * cols], dp = new double[cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double v = input.getFloat(i, j), s = 1 / (1 + Math.exp(-v));
                    y[i * cols + j] = v * s;
                    dp[j] += w.getFloat(i, j) * s * (1 + v * (1 - s)) * v;
                }
            }
            assertClose(y, got.get("y"), 1e-6, "swish vs float64", false);
            assertClose(dp, got.get(gradName), 1e-5, "d loss / d p vs float64", false);
            assertClose(toDoubles(kernel.getOutputs().get("y")), got.get("y"), 1e-6, "swish vs the kernel", false);
            assertClose(toDoubles(kernel.getGradients().get("p")), got.get(gradName), 1e-5,
                    "d loss / d p vs the kernel", spread > 88);
        }
    }

    private static double[] toDoubles(INDArray a) {
        return a.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
    }

    /** Within {@code tolerance} of the largest magnitude, and finite; where {@code skipNaN}, the kernel's NaN skipped. */
    private static void assertClose(double[] expected, INDArray actual, double tolerance, String what, boolean skipNaN) {
        INDArray flat = actual.reshape(-1);
        assertEquals(expected.length, flat.length(), what + " length");
        double scale = 1e-30, worst = 0;
        int skipped = 0;
        for (double e : expected) if (Double.isFinite(e)) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            double a = flat.getDouble(i);
            assertTrue(Double.isFinite(a), what + "[" + i + "] = " + a);
            if (skipNaN && Double.isNaN(expected[i])) {
                skipped++;
                continue;
            }
            worst = Math.max(worst, Math.abs(a - expected[i]));
        }
        assertTrue(worst <= tolerance * scale, what + ": off by " + worst + " of " + scale);
        if (skipNaN) assertTrue(skipped > 0, what + ": the kernel's NaN beyond x = 88.7 is gone upstream; drop the skip");
    }
}
