package org.reasonbridge.model.exec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reasonbridge.model.loss.Gradients;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plan's {@code multiply_bp} ({@link MultiplyGradient}) against float64 sums of {@code dz * other} and against
 * libnd4j's kernel run by SameDiff's session, with both operands trained: a weight of lower rank ([H] of [N, H], the
 * RMSNorm weight: column sums), a per-row scale ([N, 1]: row sums), both at once in rank 3, blocks of rows with a
 * partial last one, and a broadcast over a middle dimension, which takes the multiply-then-sum path.
 */
class MultiplyGradientTest {

    @ParameterizedTest(name = "x {0} * y {1}")
    @CsvSource({"'5,7', '7'", "'5,7', '5,1'", "'3,4,6', '1,4,1'", "'300,96', '96'", "'2,5000,7', '2,5000,1'",
            "'4,3,6', '4,1,6'", "'2,3', '2,3'"})
    void sameAsFloat64AndTheKernel(String xShape, String yShape) {
        long[] xs = shape(xShape), ys = shape(yShape);
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.FLOAT, xs).subi(0.5), y = Nd4j.rand(DataType.FLOAT, ys).subi(0.5);
        INDArray r = Nd4j.rand(DataType.FLOAT, xs).subi(0.5); // dz = r
        SameDiff sd = SameDiff.create();
        SDVariable vx = sd.var("x", x.dup()), vy = sd.var("y", y.dup());
        vx.mul("z", vy).mul("weighted", sd.constant("r", r)).sum("loss");
        sd.setLossVariables("loss");
        var kernel = Gradients.withOutputs(sd, Map.of(), List.of("loss"), List.of("x", "y"));
        String gx = sd.getVariable("x").gradient().name(), gy = sd.getVariable("y").gradient().name();
        try (ExecutionPlan plan = ExecutionPlan.compile(Gradients.function(sd), gx, gy)) {
            assertEquals(2, plan.stepDescriptions().stream().filter(d -> d.contains("multiply_bp) as products")).count(),
                    "multiply_bp as products: " + plan.stepDescriptions());
            Map<String, INDArray> got = plan.run(Map.of());
            INDArray dx = r.castTo(DataType.DOUBLE).mul(y.castTo(DataType.DOUBLE));        // y broadcast to x's shape
            INDArray dy = sumTo(r.castTo(DataType.DOUBLE).mul(x.castTo(DataType.DOUBLE)), ys);
            assertClose(dx, got.get(gx), "dx vs float64");
            assertClose(dy, got.get(gy), "dy vs float64");
            assertClose(kernel.getGradients().get("x").castTo(DataType.DOUBLE), got.get(gx), "dx vs the kernel");
            assertClose(kernel.getGradients().get("y").castTo(DataType.DOUBLE), got.get(gy), "dy vs the kernel");
        }
    }

    /** {@code full} summed over the dimensions where {@code shape} (aligned to the right) is 1 or missing. */
    private static INDArray sumTo(INDArray full, long[] shape) {
        int lead = full.rank() - shape.length;
        int[] dims = java.util.stream.IntStream.range(0, full.rank())
                .filter(d -> d < lead || shape[d - lead] == 1 && full.size(d) != 1).toArray();
        INDArray s = dims.length == 0 ? full : full.sum(true, dims);
        return s.reshape(shape);
    }

    private static long[] shape(String s) {
        return Arrays.stream(s.split(",")).mapToLong(Long::parseLong).toArray();
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what + " shape");
        double scale = Math.max(1e-30, expected.amaxNumber().doubleValue());
        double diff = expected.sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5 * scale, what + ": max difference " + diff + " of " + scale);
    }
}
