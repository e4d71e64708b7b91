package org.reasonbridge.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** AdamW, clipping and the schedule against numbers from PyTorch (torch.optim.AdamW, clip_grad_norm_). */
class OptimizerTest {
    private static INDArray m(double[][] v) {
        return Nd4j.createFromArray(v);
    }

    @Test
    void adamWMatchesPyTorch() {
        INDArray p = m(new double[][]{{0.5, -1.0}, {2.0, 0.1}});
        AdamW opt = new AdamW(0.9, 0.95, 1e-8, 0.01);
        double[][][] grads = {{{0.1, -0.2}, {0.3, 0.0}}, {{-0.5, 0.25}, {1.0, -2.0}}, {{0.05, 0.05}, {-0.1, 0.7}}};
        for (double[][] g : grads) opt.update(Map.of("p", p), Map.of("p", m(g)), 0.1);
        // torch 1.13 AdamW(lr=0.1, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.01), float64, three steps
        double[][] torch = {{0.4976349358535693, -0.9359142444353498}, {1.7410045770753775, 0.20622124713554216}};
        for (int i = 0; i < 2; i++) assertArrayEquals(torch[i], p.toDoubleMatrix()[i], 1e-12);
        assertEquals(3, opt.step());
    }

    @ParameterizedTest(name = "weight decay {0}, [{1}, {2}]")
    @CsvSource({
        "0.0,  7, 5",
        "0.01, 7, 5",
        "0.01, 3, 11000", // 33,000 elements: two whole blocks of the fused loop and a partial one
    })
    void fusedFloatUpdateEqualsTheOpByOpUpdateBitForBit(double weightDecay, int rows, int cols) {
        // c-ordered float arrays take the fused loop; the same values f-ordered take the ND4J ops
        Nd4j.getRandom().setSeed(11);
        INDArray fused = Nd4j.randn(DataType.FLOAT, rows, cols), ops = fused.dup('f');
        AdamW a = new AdamW(0.9, 0.999, 1e-8, weightDecay), b = new AdamW(0.9, 0.999, 1e-8, weightDecay);
        for (int step = 0; step < 4; step++) {
            INDArray g = Nd4j.randn(DataType.FLOAT, rows, cols).muli(step == 2 ? 1e-6 : 3);
            a.update(Map.of("w", fused), Map.of("w", g), 0.01 * (step + 1));
            b.update(Map.of("w", ops), Map.of("w", g.dup('f')), 0.01 * (step + 1));
        }
        // raw bits: INDArray.equals allows 1e-5
        assertArrayEquals(ops.dup('c').data().asFloat(), fused.data().asFloat(), 0f);
        for (String moment : new String[]{"m.w", "v.w"}) {
            assertArrayEquals(b.state().get(moment).dup('c').data().asFloat(), a.state().get(moment).data().asFloat(), 0f,
                    moment);
        }
    }

    @Test
    void stateRoundTripContinuesIdentically() {
        INDArray a = m(new double[][]{{1, 2}}), b = a.dup();
        AdamW first = new AdamW(0.9, 0.999, 1e-8, 0.1);
        Map<String, INDArray> g = Map.of("w", m(new double[][]{{0.3, -0.7}}));
        first.update(Map.of("w", a), g, 0.01);
        AdamW resumed = new AdamW(0.9, 0.999, 1e-8, 0.1);
        resumed.restore(first.state(), first.step());
        INDArray copy = a.dup();
        first.update(Map.of("w", a), g, 0.01);
        resumed.update(Map.of("w", copy), g, 0.01);
        assertEquals(a, copy);
        assertThrows(IllegalArgumentException.class, () -> resumed.restore(Map.of("x.w", a), 1));
        assertThrows(IllegalStateException.class, () -> resumed.update(Map.of("w", b), Map.of(), 0.01));
    }

    @Test
    void clippingMatchesPyTorch() {
        Map<String, INDArray> grads = new LinkedHashMap<>();
        grads.put("a", Nd4j.createFromArray(new float[][]{{3, 4}, {0, 0}}));
        grads.put("b", Nd4j.createFromArray(12f));
        assertEquals(13.0, AdamW.clipByGlobalNorm(grads, 1.0), 1e-6);
        // torch.nn.utils.clip_grad_norm_: coefficient 1 / (13 + 1e-6)
        assertEquals(0.23076921701431274, grads.get("a").getDouble(0, 0), 1e-7);
        assertEquals(0.923076868057251, grads.get("b").getDouble(0), 1e-7);
        Map<String, INDArray> small = Map.of("c", Nd4j.createFromArray(0.5f));
        assertEquals(0.5, AdamW.clipByGlobalNorm(small, 1.0), 1e-7);
        assertEquals(0.5, small.get("c").getDouble(0), 0, "below the limit nothing changes");
    }

    @ParameterizedTest(name = "step {0} -> {1}")
    @CsvSource({
            // peak 1, 4 warm-up steps of 10, floor 0.1
            "0, 0.2", "3, 0.8", "4, 1.0", "7, 0.55", "10, 0.1", "20, 0.1",
    })
    void warmupThenCosine(int step, double expected) {
        LearningRateSchedule s = new LearningRateSchedule(1.0, 4, 10, 0.1);
        assertEquals(expected, s.at(step), 1e-12);
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(0, 0, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1, 11, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new AdamW(1.0, 0.9, 1e-8, 0));
        assertEquals(DataType.DOUBLE, m(new double[][]{{1}}).dataType());
    }
}
