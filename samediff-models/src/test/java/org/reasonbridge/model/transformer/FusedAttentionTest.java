package org.reasonbridge.model.transformer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reasonbridge.model.loss.Gradients;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FusedAttention} against the unfused composition it replaces (scores, additive mask, softmax, P·V), in
 * float64: the same context and the same gradients for q, keys and values, through SameDiff's gradient function
 * (so the op table mapping and the serialised copy are exercised too).
 */
class FusedAttentionTest {
    /** batch, kv heads, group size, new tokens, cached tokens, head dim, chunk rows, left padding of the last row. */
    record Case(String name, int b, int hkv, int g, int t, int past, int d, int chunk, int pad) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("one chunk", 1, 1, 1, 5, 0, 4, 256, 0),
                new Case("rows not a multiple of the chunk", 1, 1, 1, 7, 0, 4, 3, 0),
                new Case("chunk of one row", 1, 1, 1, 4, 0, 4, 1, 0),
                new Case("GQA groups of 3, chunks across heads", 1, 2, 3, 5, 0, 4, 4, 0),
                new Case("batch of 2, second row left-padded", 2, 2, 2, 6, 0, 4, 5, 2),
                new Case("cached keys (decode-like)", 2, 1, 2, 3, 4, 4, 2, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void contextAndGradientsAsTheComposition(Case c) {
        Nd4j.getRandom().setSeed(7);
        int rows = c.g() * c.t(), s = c.past() + c.t();
        INDArray q = Nd4j.randn(DataType.DOUBLE, c.b(), c.hkv(), rows, c.d());
        INDArray k = Nd4j.randn(DataType.DOUBLE, c.b(), c.hkv(), s, c.d());
        INDArray v = Nd4j.randn(DataType.DOUBLE, c.b(), c.hkv(), s, c.d());
        INDArray w = Nd4j.randn(DataType.DOUBLE, c.b(), c.hkv(), rows, c.d());
        INDArray mask = mask(c).castTo(DataType.DOUBLE);

        Map<String, INDArray> fused = run(q, k, v, w, mask, c, true);
        Map<String, INDArray> plain = run(q, k, v, w, mask, c, false);
        for (String name : List.of("context", "q", "k", "v")) {
            INDArray e = plain.get(name), a = fused.get(name);
            double scale = Math.max(1e-12, e.amaxNumber().doubleValue());
            double diff = e.sub(a).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-12 * scale, c + ": " + name + " differs by " + diff + " of " + scale);
        }
    }

    /** Keys at positions 0..S-1 (the last row's first {@code pad} positions are padding); queries the last T. */
    private static INDArray mask(Case c) {
        int s = c.past() + c.t();
        int[][] keys = new int[c.b()][s], queries = new int[c.b()][c.t()];
        for (int r = 0; r < c.b(); r++) {
            int pad = r == c.b() - 1 ? c.pad() : 0;
            for (int j = 0; j < s; j++) keys[r][j] = j < pad ? -1 : j - pad;
            for (int i = 0; i < c.t(); i++) queries[r][i] = keys[r][c.past() + i];
        }
        return AttentionMask.build(keys, queries, c.g(), 0);
    }

    /** The context and the gradients of sum(context * w) for q, k, v. */
    private static Map<String, INDArray> run(INDArray q, INDArray k, INDArray v, INDArray w, INDArray mask, Case c,
                                             boolean fused) {
        SameDiff sd = SameDiff.create();
        SDVariable qv = sd.var("q", q.dup()), kv = sd.var("k", k.dup()), vv = sd.var("v", v.dup());
        SDVariable m = sd.constant("mask", mask), weights = sd.constant("w", w);
        double scale = 1.0 / Math.sqrt(c.d());
        SDVariable ctx;
        if (fused) {
            ctx = FusedAttention.attend(sd, qv, kv, vv, m, scale, c.chunk())[0];
        } else {
            SDVariable scores = sd.mmul(qv.mul(scale), kv, false, true, false).add(m);
            ctx = sd.mmul(sd.nn.softmax(scores, 3), vv, false, false, false);
        }
        ctx = sd.updateVariableNameAndReference(ctx, "context");
        SDVariable loss = ctx.mul(weights).sum("loss");
        sd.setLossVariables(loss);
        Map<String, INDArray> out = new java.util.HashMap<>(Gradients.of(sd, Map.of(), List.of("q", "k", "v")));
        out.put("context", sd.output(Map.of(), "context").get("context"));
        if (fused) { // what the memory saving rests on: no softmax, hence no [rows, S] tensor, in the gradient function
            sd.getFunction("grad").getOps().values().forEach(o -> assertTrue(!o.getOp().opName().startsWith("softmax"),
                    "gradient function runs " + o.getOp().opName()));
        }
        return out;
    }
}
