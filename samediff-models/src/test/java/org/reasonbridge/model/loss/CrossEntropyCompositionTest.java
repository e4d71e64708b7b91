package org.reasonbridge.model.loss;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Why {@link HierarchicalLoss} builds per-token cross-entropy with {@link TokenCrossEntropy}: each candidate
 * composition of ce[N] under a weighted masked sum, checked in float64 against central differences. Of SameDiff
 * 1.0.0-M2.1's own ops only the dense one-hot passes (at N·V memory); the cheaper ones are wrong or throw. If an
 * upgrade fixes one, this test fails: revisit the loss. {@code sparseSoftmaxCrossEntropy} passes only because
 * {@link GradientOps} (installed by {@link Gradients}) gives its kernel {@link TokenCrossEntropy}'s backward.
 */
class CrossEntropyCompositionTest {
    static final int N = 5, V = 7;

    static Stream<Arguments> compositions() {
        BiFunction<SameDiff, SDVariable[], SDVariable> oneHot = (sd, a) -> sd.sum(sd.nn.logSoftmax(a[0])
                .mul(sd.oneHot(a[1], V, -1, 1.0, 0.0, DataType.DOUBLE)), 1).neg();
        BiFunction<SameDiff, SDVariable[], SDVariable> sparse = (sd, a) ->
                sd.loss.sparseSoftmaxCrossEntropy(a[0], a[1]).mul("scalar_ce", 1.0); // a mean; the 3x below is lost in backward
        BiFunction<SameDiff, SDVariable[], SDVariable> denseNone = (sd, a) -> sd.loss.softmaxCrossEntropy(null,
                sd.oneHot(a[1], V, -1, 1.0, 0.0, DataType.DOUBLE), a[0], null, LossReduce.NONE, 0.0);
        BiFunction<SameDiff, SDVariable[], SDVariable> logSumExp = (sd, a) -> sd.math.logSumExp(a[0], 1)
                .sub(sd.sum(a[0].mul(sd.oneHot(a[1], V, -1, 1.0, 0.0, DataType.DOUBLE)), 1));
        BiFunction<SameDiff, SDVariable[], SDVariable> gather = (sd, a) -> {
            SDVariable rows = sd.range(sd.constant(0L), sd.sizeAt(a[0], 0).castTo(DataType.INT64), sd.constant(1L), DataType.INT64);
            return sd.gather(sd.reshape(sd.nn.logSoftmax(a[0]), -1), rows.mul(V).add(a[1]), 0).neg();
        };
        BiFunction<SameDiff, SDVariable[], SDVariable> fused = (sd, a) -> TokenCrossEntropy.of(sd, "token_ce", a[0], a[1]);
        return Stream.of(
                Arguments.of("TokenCrossEntropy (used)", fused, true),
                Arguments.of("-sum(logSoftmax * oneHot) (the reference)", oneHot, true),
                Arguments.of("softmaxCrossEntropy, reduction NONE", denseNone, false),
                Arguments.of("logSumExp - sum(logits * oneHot)", logSumExp, false),
                Arguments.of("-gather(logSoftmax, n*V + label)", gather, false),
                Arguments.of("sparseSoftmaxCrossEntropy (fixed by GradientOps)", sparse, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compositions")
    void weightedMaskedSumGradient(String name, BiFunction<SameDiff, SDVariable[], SDVariable> ce, boolean passes) {
        double error;
        try {
            error = check(ce);
        } catch (RuntimeException e) {
            error = Double.POSITIVE_INFINITY;
            System.out.println("composition " + name + ": " + e.getClass().getSimpleName());
        }
        System.out.printf("composition %-40s max relative error %.3g%n", name, error);
        if (passes) assertTrue(error < 1e-6, name + ": " + error);
        else assertTrue(error > 1e-2, name + " now passes (" + error + "): reconsider HierarchicalLoss's composition");
    }

    private static double check(BiFunction<SameDiff, SDVariable[], SDVariable> ce) {
        SameDiff sd = SameDiff.create();
        Nd4j.getRandom().setSeed(1);
        SDVariable w = sd.var("w", Nd4j.randn(DataType.DOUBLE, N, V));
        SDVariable labels = sd.placeHolder("labels", DataType.INT64, -1);
        SDVariable mask = sd.placeHolder("mask", DataType.DOUBLE, -1);
        SDVariable perToken = ce.apply(sd, new SDVariable[]{w.mul(1.0), labels});
        SDVariable weighted = perToken.name().startsWith("scalar") ? perToken : perToken.mul(mask);
        sd.sum(weighted).mul("loss", 3.0);
        sd.setLossVariables("loss");
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("labels", Nd4j.createFromArray(new long[]{0, 3, 6, 2, 2}));
        ph.put("mask", Nd4j.createFromArray(new double[]{1, 0, 1, 1, 0.5}));
        INDArray g = Gradients.of(sd, ph, List.of("w")).get("w");
        INDArray a = sd.getVariable("w").getArr();
        double max = 0;
        for (int i = 0; i < N * V; i++) {
            double o = a.getDouble(i);
            a.putScalar(i, o + 1e-6);
            double plus = sd.output(ph, "loss").get("loss").getDouble(0);
            a.putScalar(i, o - 1e-6);
            double minus = sd.output(ph, "loss").get("loss").getDouble(0);
            a.putScalar(i, o);
            double numeric = (plus - minus) / 2e-6, analytic = g.getDouble(i);
            max = Math.max(max, Math.abs(numeric - analytic) / Math.max(1e-8, Math.max(Math.abs(numeric), Math.abs(analytic))));
        }
        assertEquals(N * V, g.length());
        return max;
    }
}
