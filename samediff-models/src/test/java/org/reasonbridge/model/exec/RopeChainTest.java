package org.reasonbridge.model.exec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rotate-half RoPE's six ops as one step ({@link RopeChain}) when only the chain reads its intermediates: the ops'
 * result to the bit (SameDiff's session runs them) and float64's within rounding, for one position (decode), a batch
 * of positions, more than one block holds, and float64 (the ops then run); and no fusion when an intermediate is also
 * requested. (A strided view as x is not a case: SameDiff 1.0.0-M2.1's own ops, session and plan alike, give a result
 * 0.6 away from float64 for x = a [.., 2d] array's first d columns; the decoder's x is a dense reshape.)
 */
class RopeChainTest {

    /** The graph of DecoderGraph.rope: x·cos + cat(−x2, x1)·sin, x [B, T, h, d], tables [B, T, 1, d]. */
    private static SameDiff rope(DataType type, long b, long t, long h, long d) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", type, b, t, h, d);
        SDVariable cos = sd.placeHolder("cos", type, b, t, 1, d), sin = sd.placeHolder("sin", type, b, t, 1, d);
        SDVariable[] halves = sd.split(new String[]{"q.x1", "q.x2"}, x, 2, 3);
        SDVariable rotated = sd.concat("q.rotated", 3, halves[1].neg("q.neg_x2"), halves[0]);
        x.mul("q.x_cos", cos).add("q", rotated.mul("q.rotated_sin", sin));
        return sd;
    }

    @ParameterizedTest(name = "[{0}, {1}, {2}, {3}] {4}, strided: {5}")
    @CsvSource({"1, 1, 8, 64, FLOAT, false", "2, 5, 4, 24, FLOAT, false", "1, 300, 14, 64, FLOAT, false",
            "1, 4, 2, 8, DOUBLE, false"})
    void theOpsToTheBit(int b, int t, int h, int d, DataType type, boolean strided) {
        Nd4j.getRandom().setSeed(13);
        SameDiff sd = rope(type, b, t, h, d);
        INDArray x = strided ? Nd4j.rand(type, b, t, h, 2L * d).subi(0.5).get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all(), NDArrayIndex.interval(0, d)) : Nd4j.rand(type, b, t, h, d).subi(0.5);
        INDArray angle = Nd4j.rand(type, b, t, 1, d).muli(6);
        INDArray cos = Nd4j.math().cos(angle), sin = Nd4j.math().sin(angle);
        Map<String, INDArray> want = sd.output(Map.of("x", x, "cos", cos, "sin", sin), "q");
        try (ExecutionPlan plan = ExecutionPlan.compile(sd, "q")) {
            assertEquals(1, plan.stepDescriptions().stream().filter(s -> s.endsWith("as RoPE in one pass")).count(),
                    plan.stepDescriptions().toString());
            INDArray got = plan.run(Map.of("x", x, "cos", cos, "sin", sin)).get("q");
            assertArrayEquals(want.get("q").dup().data().asDouble(), got.dup().data().asDouble(), "the ops' result");
            INDArray xd = x.castTo(DataType.DOUBLE), rot = Nd4j.concat(3,
                    xd.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(d / 2, d)).neg(),
                    xd.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, d / 2)));
            INDArray exact = xd.mul(cos.castTo(DataType.DOUBLE)).add(rot.mul(sin.castTo(DataType.DOUBLE)));
            double diff = exact.sub(got.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
            assertTrue(diff < 1e-6, "vs float64: " + diff);
        }
    }

    @Test
    void anIntermediateSomethingElseReadsKeepsTheOps() {
        SameDiff sd = rope(DataType.FLOAT, 1, 2, 2, 8);
        try (ExecutionPlan plan = ExecutionPlan.compile(sd, "q", "q.rotated")) {
            assertEquals(0, plan.stepDescriptions().stream().filter(s -> s.contains("RoPE")).count(),
                    plan.stepDescriptions().toString());
        }
    }
}
