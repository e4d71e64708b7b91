package org.reasonbridge.model.exec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reasonbridge.model.loss.Gradients;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A plan's {@code add_bp} ({@link AddGradient}) against libnd4j's kernel run by SameDiff's session, to the bit: x of
 * rows [N, H] plus y, where y is trained or a constant (a frozen bias, whose gradient nothing reads), of x's shape or
 * broadcast ([H], [1, H], [N, 1]; a trained broadcast y runs the graph's op), in rank 2 and 3, FP32 and FP64.
 */
class AddGradientTest {

    @ParameterizedTest(name = "x {0} + y {1}, y trained {2}, {3}")
    @CsvSource({
        "'5,7', '5,7', true, FLOAT",
        "'5,7', '5,7', false, FLOAT",
        "'300,96', '96', false, FLOAT",   // a frozen bias: its reduction is skipped
        "'300,96', '96', true, FLOAT",    // a trained bias: the graph's op
        "'5,7', '1,7', false, FLOAT",
        "'5,7', '5,1', true, FLOAT",      // the graph's op
        "'2,5,7', '2,5,7', true, FLOAT",
        "'2,5,7', '7', false, DOUBLE",
    })
    void sameAsTheKernel(String xShape, String yShape, boolean yTrained, DataType type) {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(type, shape(xShape)).subi(0.5), y = Nd4j.rand(type, shape(yShape)).subi(0.5);
        INDArray r = Nd4j.rand(type, shape(xShape)).subi(0.5); // dz = r
        SameDiff sd = SameDiff.create();
        SDVariable vx = sd.var("x", x.dup()), vy = yTrained ? sd.var("y", y.dup()) : sd.constant("y", y.dup());
        vx.add("z", vy).mul("weighted", sd.constant("r", r)).sum("loss");
        sd.setLossVariables("loss");
        List<String> trained = new ArrayList<>(List.of("x"));
        if (yTrained) trained.add("y");
        var kernel = Gradients.withOutputs(sd, Map.of(), List.of("loss"), trained);
        String[] names = trained.stream().map(n -> sd.getVariable(n).gradient().name()).toArray(String[]::new);
        try (ExecutionPlan plan = ExecutionPlan.compile(Gradients.function(sd), names)) {
            assertEquals(1, plan.stepDescriptions().stream().filter(d -> d.endsWith("(add_bp) as copies")).count(),
                    "add_bp as copies: " + plan.stepDescriptions());
            Map<String, INDArray> got = plan.run(Map.of());
            for (int i = 0; i < names.length; i++) {
                INDArray expected = kernel.getGradients().get(trained.get(i)), actual = got.get(names[i]);
                assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()));
                double[] e = expected.dup().data().asDouble(), a = actual.dup().data().asDouble(); // exact for FP32 too
                for (int j = 0; j < e.length; j++) {
                    assertEquals(Double.doubleToRawLongBits(e[j]), Double.doubleToRawLongBits(a[j]),
                            trained.get(i) + "'s gradient, element " + j);
                }
            }
        }
    }

    private static long[] shape(String s) {
        return java.util.Arrays.stream(s.split(",")).mapToLong(Long::parseLong).toArray();
    }
}
