package org.reasonbridge.model.adapters;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.MmulBp;
import org.reasonbridge.model.adapters.lora.LoraConfig;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.loss.HierarchicalLoss;
import org.reasonbridge.model.loss.LossWeights;
import org.reasonbridge.model.transformer.Decoder;
import org.reasonbridge.model.transformer.FrozenMatmul;
import org.reasonbridge.model.transformer.ModelNames;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FrozenMatmul}: with the base frozen as constants, the adapter gradients equal those of the same graph whose
 * base projections are still variables (differentiated by the stock {@code matmul_bp}, both GEMMs), in float64;
 * and the frozen graph's gradient function has no {@code matmul_bp} on a constant weight.
 */
class FrozenMatmulTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"paper", "lora"})
    void adapterGradientsAsWithTheStockBackward(String method) {
        AdapterConfig config = method.equals("lora") ? LoraConfig.defaults() : FreshAdapterNoOpTest.CONFIGS.get(method);
        AdapterSet set = TinyModels.nonZero(AdapterSet.init(TinyModels.config(ModelFamily.QWEN2), config, 1), 2, 0.05);

        Decoder stock = TinyModels.decoder(ModelFamily.QWEN2, set.hooks(), DataType.DOUBLE);
        // only the embedding is frozen: SameDiff M2.1 cannot differentiate its gathers while it is a variable
        stock.graph().convertToConstants(List.of(stock.graph().getVariable(ModelNames.weight(ModelNames.EMBED_TOKENS))));
        Map<String, INDArray> expected = gradients(stock, set);

        Decoder frozen = TinyModels.decoder(ModelFamily.QWEN2, set.hooks(), DataType.DOUBLE);
        AdapterSet.freezeBase(frozen.graph(), set.trainableNames());
        Map<String, INDArray> actual = gradients(frozen, set);

        for (String name : set.trainableNames()) {
            INDArray e = expected.get(name), a = actual.get(name);
            double scale = Math.max(1e-12, e.amaxNumber().doubleValue());
            double diff = e.sub(a).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-10 * scale, name + ": max difference " + diff + " of " + scale);
        }
        long stockBp = countMmulBp(stock.graph(), false), frozenBp = countMmulBp(frozen.graph(), false);
        assertEquals(0, countMmulBp(frozen.graph(), true), "matmul_bp on a constant weight");
        assertTrue(frozenBp < stockBp, "matmul_bp ops: frozen " + frozenBp + ", stock " + stockBp);
    }

    private static Map<String, INDArray> gradients(Decoder decoder, AdapterSet set) {
        HierarchicalLoss loss = HierarchicalLoss.attach(decoder, LossWeights.DEFAULT);
        int b = 2, t = 6, n = b * t, v = decoder.config().vocabSize();
        Map<String, INDArray> feed = decoder.feed(decoder.newCache(b), TinyModels.tokens(b, t, v, 3), Decoder.Rows.ALL);
        feed.putAll(loss.feed(TinyModels.labels(n, v, 4), TinyModels.masks(n, 5)));
        return loss.gradients(feed, set.trainableNames());
    }

    /** matmul_bp ops of the gradient function; with {@code onConstants}, only those whose weight input is a constant. */
    private static long countMmulBp(SameDiff sd, boolean onConstants) {
        SameDiff grad = sd.getFunction("grad");
        return grad.getOps().values().stream().map(op -> op.getOp()).filter(op -> op instanceof MmulBp)
                .filter(op -> !onConstants || isConstant(op.arg(1))).count();
    }

    private static boolean isConstant(SDVariable v) {
        return v.getVariableType() == VariableType.CONSTANT;
    }
}
