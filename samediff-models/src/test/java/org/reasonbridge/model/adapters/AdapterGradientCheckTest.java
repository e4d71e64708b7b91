package org.reasonbridge.model.adapters;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.adapters.bottleneck.Activation;
import org.reasonbridge.model.adapters.bottleneck.BottleneckConfig;
import org.reasonbridge.model.adapters.lora.LoraConfig;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.loss.HierarchicalLoss;
import org.reasonbridge.model.loss.LossKind;
import org.reasonbridge.model.loss.LossWeights;
import org.reasonbridge.model.transformer.Decoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite differences in float64: the hierarchical and the sft loss's gradients through adapters (up-projections started non-zero,
 * else down's gradient is 0) against central differences, on a random subset of at least 250 adapter parameters that
 * includes entries of every tensor.
 */
class AdapterGradientCheckTest {
    static final double EPS = 1e-5;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("paper, gelu, b=8", ModelFamily.QWEN2, BottleneckConfig.paper().withBottleneckSize(8),
                        LossKind.HIERARCHICAL),
                Arguments.of("houlsby, silu, b=8", ModelFamily.LLAMA,
                        BottleneckConfig.houlsby().withBottleneckSize(8).withActivation(Activation.SILU),
                        LossKind.HIERARCHICAL),
                Arguments.of("lora q,v r=4", ModelFamily.QWEN2, LoraConfig.rank(4), LossKind.HIERARCHICAL),
                Arguments.of("lora all r=2", ModelFamily.LLAMA, LoraConfig.rank(2)
                        .withTargets("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"),
                        LossKind.HIERARCHICAL),
                Arguments.of("paper, gelu, b=8", ModelFamily.QWEN2, BottleneckConfig.paper().withBottleneckSize(8),
                        LossKind.SFT),
                Arguments.of("lora q,v r=4", ModelFamily.LLAMA, LoraConfig.rank(4), LossKind.SFT));
    }

    @ParameterizedTest(name = "{0} on {1}, {3} loss")
    @MethodSource("cases")
    void lossGradientsMatchCentralDifferences(String label, ModelFamily family, AdapterConfig config, LossKind kind) {
        AdapterSet set = TinyModels.nonZero(AdapterSet.init(TinyModels.config(family), config, 3), 4, 0.1);
        Decoder decoder = TinyModels.decoder(family, set.hooks(), DataType.DOUBLE);
        AdapterSet.freezeBase(decoder.graph(), set.trainableNames());
        HierarchicalLoss loss = kind == LossKind.SFT ? HierarchicalLoss.sft(decoder)
                : HierarchicalLoss.attach(decoder, LossWeights.DEFAULT);
        int b = 2, t = 5, n = b * t, v = decoder.config().vocabSize();
        Map<String, INDArray> feed = decoder.feed(decoder.newCache(b), TinyModels.tokens(b, t, v, 11), Decoder.Rows.ALL);
        feed.putAll(loss.feed(TinyModels.labels(n, v, 12), TinyModels.masks(n, 13)));
        Result r = check(decoder.graph(), loss, feed, set.trainableNames(), 250, 5);
        System.out.printf("gradient check %-20s on %-6s %-12s: %d entries, max relative error %.3g, max absolute %.3g%n",
                label, family.modelType(), kind.id(), r.checked, r.maxRelative, r.maxAbsolute);
        assertTrue(r.checked >= 250);
        assertTrue(r.maxRelative < 1e-4, "max relative error " + r.maxRelative);
    }

    record Result(int checked, double maxRelative, double maxAbsolute) {
    }

    /**
     * Compares analytic gradients with central differences on up to {@code perTensor} entries of every tensor, then
     * random entries until {@code atLeast}. Relative error |a-n| / max(|a|, |n|), where both are below 1e-7 the
     * absolute error must be below 1e-9 instead.
     */
    static Result check(SameDiff sd, HierarchicalLoss loss, Map<String, INDArray> feed, List<String> names,
                        int atLeast, int perTensor) {
        Map<String, INDArray> grads = loss.gradients(feed, names);
        assertEquals(new java.util.HashSet<>(names), grads.keySet());
        SplittableRandom r = new SplittableRandom(99);
        List<long[]> picks = new ArrayList<>(); // {tensor index, element}
        for (int k = 0; k < names.size(); k++) {
            long len = sd.getVariable(names.get(k)).getArr().length();
            for (int j = 0; j < Math.min(perTensor, len); j++) picks.add(new long[]{k, r.nextLong(len)});
        }
        while (picks.size() < atLeast) {
            int k = r.nextInt(names.size());
            picks.add(new long[]{k, r.nextLong(sd.getVariable(names.get(k)).getArr().length())});
        }
        double maxRel = 0, maxAbs = 0;
        for (long[] p : picks) {
            String name = names.get((int) p[0]);
            INDArray w = sd.getVariable(name).getArr();
            double orig = w.getDouble(p[1]);
            w.putScalar(p[1], orig + EPS);
            double plus = loss.evaluate(feed).get(HierarchicalLoss.LOSS);
            w.putScalar(p[1], orig - EPS);
            double minus = loss.evaluate(feed).get(HierarchicalLoss.LOSS);
            w.putScalar(p[1], orig);
            double numeric = (plus - minus) / (2 * EPS), analytic = grads.get(name).getDouble(p[1]);
            double abs = Math.abs(numeric - analytic), scale = Math.max(Math.abs(numeric), Math.abs(analytic));
            maxAbs = Math.max(maxAbs, abs);
            if (scale > 1e-7) {
                maxRel = Math.max(maxRel, abs / scale);
            } else {
                assertTrue(abs < 1e-9, name + "[" + p[1] + "]: analytic " + analytic + ", numeric " + numeric);
            }
        }
        return new Result(picks.size(), maxRel, maxAbs);
    }
}
