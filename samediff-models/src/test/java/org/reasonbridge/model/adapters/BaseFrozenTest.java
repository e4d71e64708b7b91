package org.reasonbridge.model.adapters;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.adapters.lora.LoraConfig;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.loss.HierarchicalLoss;
import org.reasonbridge.model.loss.LossWeights;
import org.reasonbridge.model.transformer.Decoder;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One SGD step on the adapters (FP32, gradients from calculateGradients on the adapter names) changes the adapters,
 * lowers the loss, and leaves every base weight bit-identical. The base is frozen as constants first
 * ({@code AdapterSet.freezeBase}): without it SameDiff M2.1 cannot build the gradient function (see HierarchicalLoss).
 */
class BaseFrozenTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"paper", "houlsby", "pfeiffer", "lora"})
    void sgdStepOnAdaptersLeavesBaseBitIdentical(String method) {
        AdapterConfig config = method.equals("lora") ? LoraConfig.defaults()
                : FreshAdapterNoOpTest.CONFIGS.get(method);
        AdapterSet set = TinyModels.nonZero(AdapterSet.init(TinyModels.config(ModelFamily.QWEN2), config, 1), 2, 0.05);
        Decoder decoder = TinyModels.decoder(ModelFamily.QWEN2, set.hooks(), DataType.FLOAT);
        SameDiff sd = decoder.graph();
        Map<String, INDArray> before = TinyModels.snapshot(sd);
        var frozen = AdapterSet.freezeBase(sd, set.trainableNames());
        assertEquals(before.size() - set.trainableNames().size(), frozen.size());
        for (String n : set.trainableNames()) assertEquals(VariableType.VARIABLE, sd.getVariable(n).getVariableType());
        for (String n : frozen) assertEquals(VariableType.CONSTANT, sd.getVariable(n).getVariableType());

        HierarchicalLoss loss = HierarchicalLoss.attach(decoder, LossWeights.DEFAULT);
        int b = 2, t = 8, n = b * t, v = decoder.config().vocabSize();
        Map<String, INDArray> feed = decoder.feed(decoder.newCache(b), TinyModels.tokens(b, t, v, 3), Decoder.Rows.ALL);
        feed.putAll(loss.feed(TinyModels.labels(n, v, 4), TinyModels.masks(n, 5)));
        double start = loss.evaluate(feed).get(HierarchicalLoss.LOSS);
        Map<String, INDArray> grads = loss.gradients(feed, set.trainableNames());
        assertEquals(new HashSet<>(set.trainableNames()), grads.keySet());
        for (String name : set.trainableNames()) sd.getVariable(name).getArr().subi(grads.get(name).mul(0.1));
        double after = loss.evaluate(feed).get(HierarchicalLoss.LOSS);
        assertTrue(after < start, "loss " + start + " -> " + after);

        int changed = 0;
        for (Map.Entry<String, INDArray> e : before.entrySet()) {
            float[] now = sd.getVariable(e.getKey()).getArr().dup().data().asFloat();
            boolean same = Arrays.equals(e.getValue().data().asFloat(), now);
            if (set.trainableNames().contains(e.getKey())) {
                if (!same) changed++;
            } else {
                assertTrue(same, "base weight changed: " + e.getKey());
            }
        }
        assertEquals(set.trainableNames().size(), changed, "every adapter tensor should move");
        assertFalse(frozen.isEmpty());
    }
}
