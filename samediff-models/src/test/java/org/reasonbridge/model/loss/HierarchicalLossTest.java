package org.reasonbridge.model.loss;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.adapters.AdapterSet;
import org.reasonbridge.model.adapters.TinyModels;
import org.reasonbridge.model.adapters.bottleneck.BottleneckConfig;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.model.transformer.Decoder;
import org.reasonbridge.model.transformer.GraphNames;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loss's value against a plain Java computation, its linearity in λ, and empty masks. Float64 throughout. */
class HierarchicalLossTest {
    static final int B = 2, T = 6, N = B * T;
    static Decoder decoder;
    static HierarchicalLoss loss;
    static List<String> trainable;
    static long[] labels;
    static Map<ReasoningLevel, double[]> masks;
    static Map<String, INDArray> decoderFeed;

    @BeforeAll
    static void build() {
        AdapterSet set = TinyModels.nonZero(AdapterSet.init(TinyModels.config(ModelFamily.QWEN2),
                BottleneckConfig.paper().withBottleneckSize(8), 1), 2, 0.1);
        trainable = set.trainableNames();
        decoder = TinyModels.decoder(ModelFamily.QWEN2, set.hooks(), DataType.DOUBLE);
        AdapterSet.freezeBase(decoder.graph(), trainable);
        loss = HierarchicalLoss.attach(decoder, LossWeights.DEFAULT);
        int v = decoder.config().vocabSize();
        decoderFeed = decoder.feed(decoder.newCache(B), TinyModels.tokens(B, T, v, 5), Decoder.Rows.ALL);
        labels = TinyModels.labels(N, v, 6);
        masks = TinyModels.masks(N, 7);
    }

    static Map<String, INDArray> feed(Map<ReasoningLevel, double[]> m) {
        Map<String, INDArray> f = new HashMap<>(decoderFeed);
        f.putAll(loss.feed(labels, m));
        return f;
    }

    @Test
    void valueIsTheWeightedMeanCrossEntropyPerPart() {
        loss.setWeights(LossWeights.DEFAULT);
        Map<String, INDArray> f = feed(masks);
        double[][] logits = decoder.graph().output(f, GraphNames.LOGITS).get(GraphNames.LOGITS).toDoubleMatrix();
        Map<String, Double> got = loss.evaluate(f);
        double total = 0;
        for (ReasoningLevel p : ReasoningLevel.values()) {
            double sum = 0, count = 0;
            for (int n = 0; n < N; n++) {
                double max = Double.NEGATIVE_INFINITY, z = 0;
                for (double x : logits[n]) max = Math.max(max, x);
                for (double x : logits[n]) z += Math.exp(x - max);
                sum += masks.get(p)[n] * (max + Math.log(z) - logits[n][(int) labels[n]]);
                count += masks.get(p)[n];
            }
            double expected = sum / Math.max(count, 1);
            assertEquals(expected, got.get(HierarchicalLoss.lossName(p)), 1e-12 * Math.max(1, expected), HierarchicalLoss.lossName(p));
            total += LossWeights.DEFAULT.weight(p) * expected;
        }
        assertEquals(total, got.get(HierarchicalLoss.LOSS), 1e-12 * total);
    }

    @ParameterizedTest
    @EnumSource(ReasoningLevel.class)
    void gradientScalesWithLambda(ReasoningLevel part) {
        Map<String, INDArray> f = feed(masks);
        loss.setWeights(LossWeights.only(part, 1));
        Map<String, INDArray> one = dup(loss.gradients(f, trainable));
        double lossOne = loss.evaluate(f).get(HierarchicalLoss.LOSS);
        loss.setWeights(LossWeights.only(part, 2));
        Map<String, INDArray> two = dup(loss.gradients(f, trainable));
        assertEquals(2 * lossOne, loss.evaluate(f).get(HierarchicalLoss.LOSS), 1e-12 * lossOne);
        double norm = 0;
        for (String n : trainable) {
            norm += one.get(n).norm2Number().doubleValue();
            double diff = two.get(n).sub(one.get(n).mul(2)).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-12 * Math.max(1, two.get(n).amaxNumber().doubleValue()), n + ": " + diff);
        }
        assertTrue(norm > 0, "a part with tokens must have a gradient");
        loss.setWeights(LossWeights.DEFAULT);
    }

    @Test
    void gradientIsTheLambdaWeightedSumOfThePartGradients() {
        Map<String, INDArray> f = feed(masks);
        Map<String, INDArray> expected = new HashMap<>();
        for (ReasoningLevel p : ReasoningLevel.values()) {
            loss.setWeights(LossWeights.only(p, 1));
            Map<String, INDArray> g = loss.gradients(f, trainable);
            for (String n : trainable) {
                INDArray scaled = g.get(n).mul(LossWeights.DEFAULT.weight(p));
                expected.merge(n, scaled, INDArray::add);
            }
        }
        loss.setWeights(LossWeights.DEFAULT);
        Map<String, INDArray> all = loss.gradients(f, trainable);
        for (String n : trainable) {
            double diff = all.get(n).sub(expected.get(n)).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-12 * Math.max(1, all.get(n).amaxNumber().doubleValue()), n + ": " + diff);
        }
    }

    @Test
    void aPartWhoseMaskSelectsNothingGivesZeroLossAndGradientNotNaN() {
        Map<ReasoningLevel, double[]> m = new java.util.EnumMap<>(masks);
        m.put(ReasoningLevel.STRATEGIC, new double[N]);
        Map<String, INDArray> f = feed(m);
        loss.setWeights(LossWeights.only(ReasoningLevel.STRATEGIC, 1));
        assertEquals(0.0, loss.evaluate(f).get(HierarchicalLoss.lossName(ReasoningLevel.STRATEGIC)));
        assertEquals(0.0, loss.evaluate(f).get(HierarchicalLoss.LOSS));
        for (INDArray g : loss.gradients(f, trainable).values()) {
            assertFalse(g.isNaN().any() || g.isInfinite().any());
            assertEquals(0.0, g.amaxNumber().doubleValue());
        }
        loss.setWeights(LossWeights.DEFAULT);
        Map<String, Double> none = loss.evaluate(feed(HierarchicalLoss.emptyMasks(N)));
        none.forEach((k, v) -> assertEquals(0.0, v, k));
    }

    @Test
    void sftIsTheTokenMeanOverEverySupervisedTokenAndStillReportsEachLevel() {
        AdapterSet set = TinyModels.nonZero(AdapterSet.init(TinyModels.config(ModelFamily.QWEN2),
                BottleneckConfig.paper().withBottleneckSize(8), 1), 2, 0.1);
        Decoder d = TinyModels.decoder(ModelFamily.QWEN2, set.hooks(), DataType.DOUBLE);
        AdapterSet.freezeBase(d.graph(), set.trainableNames());
        HierarchicalLoss sft = HierarchicalLoss.sft(d);
        Map<String, INDArray> f = new HashMap<>(d.feed(d.newCache(B), TinyModels.tokens(B, T, d.config().vocabSize(), 5),
                Decoder.Rows.ALL));
        f.putAll(sft.feed(labels, masks));
        double[][] logits = d.graph().output(f, GraphNames.LOGITS).get(GraphNames.LOGITS).toDoubleMatrix();
        Map<String, Double> got = sft.evaluate(f);
        double sum = 0, count = 0;
        for (ReasoningLevel p : ReasoningLevel.values()) {
            double levelSum = 0, levelCount = 0;
            for (int n = 0; n < N; n++) {
                double ce = crossEntropy(logits[n], (int) labels[n]);
                levelSum += masks.get(p)[n] * ce;
                levelCount += masks.get(p)[n];
            }
            double expected = levelSum / Math.max(levelCount, 1);
            assertEquals(expected, got.get(HierarchicalLoss.lossName(p)), 1e-12 * Math.max(1, expected), p.id());
            sum += levelSum;
            count += levelCount;
        }
        assertTrue(count > 0 && count < N, "the masks leave some tokens unsupervised");
        assertEquals(sum / count, got.get(HierarchicalLoss.LOSS), 1e-12 * sum / count);
        assertEquals(LossKind.SFT, sft.kind());
        assertTrue(sft.weights().isEmpty());
        assertThrows(IllegalStateException.class, () -> sft.setWeights(LossWeights.DEFAULT));
        f.putAll(sft.feed(labels, HierarchicalLoss.emptyMasks(N)));
        assertEquals(0.0, sft.evaluate(f).get(HierarchicalLoss.LOSS), "no supervised token: exactly 0");
    }

    private static double crossEntropy(double[] logits, int label) {
        double max = Double.NEGATIVE_INFINITY, z = 0;
        for (double x : logits) max = Math.max(max, x);
        for (double x : logits) z += Math.exp(x - max);
        return max + Math.log(z) - logits[label];
    }

    @Test
    void weightsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> LossWeights.only(ReasoningLevel.OUTPUT, 0));
        assertThrows(IllegalArgumentException.class, () -> LossWeights.DEFAULT.with(ReasoningLevel.TACTICAL, -1));
        assertThrows(IllegalArgumentException.class, () -> LossWeights.DEFAULT.with(ReasoningLevel.OUTPUT, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new LossWeights(Map.of(ReasoningLevel.OUTPUT, 1.0)));
        assertThrows(IllegalArgumentException.class, () -> loss.feed(new long[3], Map.of(ReasoningLevel.OUTPUT, new double[2])));
    }

    private static Map<String, INDArray> dup(Map<String, INDArray> m) {
        Map<String, INDArray> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }
}
