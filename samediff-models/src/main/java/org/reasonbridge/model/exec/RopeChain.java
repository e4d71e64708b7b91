package org.reasonbridge.model.exec;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Rotate-half RoPE's six ops ({@code split} of x's last axis in halves, {@code neg} of the second, {@code concat}
 * (−x2, x1), {@code multiply} x by cos, {@code multiply} the rotated x by sin, {@code add}: {@code DecoderGraph.rope})
 * as one pass ({@link FusedChain}: only where nothing else reads their intermediates, i.e. not in a gradient
 * function). x is [B, T, heads, d], cos and sin [B, T, 1, d]. Every product and the sum are rounded to float as the
 * ops round them, so the result is the ops' to the bit. Other dtypes and shapes, and arrays whose elements do not lie
 * one after another, run the six ops.
 */
final class RopeChain extends FusedChain {
    private static final int BLOCK = 1 << 14; // floats of x read at a time
    private float[] x = new float[0];
    private float[] cos = new float[0];
    private float[] sin = new float[0];

    private RopeChain(Step[] chain, int[] inputs, int out) {
        super(chain, inputs, out);
    }

    /**
     * The op indices of the chain whose {@code split} is {@code ops.get(first)}, in plan order (the {@code add}
     * last), when it is rotate-half RoPE's six ops and each intermediate has one reader ({@code readers}); else null.
     */
    static int[] match(List<SameDiffOp> ops, int first, Map<String, Integer> readers) {
        SameDiffOp split = ops.get(first);
        List<String> in = split.getInputsToOp(), halves = split.getOutputsOfOp();
        if (!"split".equals(split.getOp().opName()) || in == null || in.size() != 1 || halves.size() != 2
                || !(split.getOp() instanceof DynamicCustomOp c) || !Arrays.equals(c.iArgs(), new long[]{2, 3})
                || !readOnce(readers, halves.get(0)) || !readOnce(readers, halves.get(1))) {
            return null;
        }
        String x = in.get(0);
        int neg = one(ops, readers, halves.get(1), first, "neg", List.of(halves.get(1)));
        if (neg < 0) return null;
        String negated = ops.get(neg).getOutputsOfOp().get(0);
        int cat = one(ops, readers, negated, neg, "concat", List.of(negated, halves.get(0)));
        if (cat < 0 || !(ops.get(cat).getOp() instanceof DynamicCustomOp cc) || !Arrays.equals(cc.iArgs(), new long[]{3})) {
            return null;
        }
        String rotated = ops.get(cat).getOutputsOfOp().get(0);
        int mulSin = reader(ops, rotated, cat);
        if (mulSin < 0 || !"multiply".equals(ops.get(mulSin).getOp().opName())
                || ops.get(mulSin).getInputsToOp().size() != 2 || !ops.get(mulSin).getInputsToOp().get(0).equals(rotated)) {
            return null;
        }
        String rotatedSin = ops.get(mulSin).getOutputsOfOp().get(0);
        if (!readOnce(readers, rotated) || !readOnce(readers, rotatedSin)) return null;
        int add = reader(ops, rotatedSin, mulSin);
        if (add < 0 || !"add".equals(ops.get(add).getOp().opName()) || ops.get(add).getInputsToOp().size() != 2
                || !ops.get(add).getInputsToOp().get(1).equals(rotatedSin)) {
            return null;
        }
        String xCos = ops.get(add).getInputsToOp().get(0);
        int mulCos = -1;
        for (int i = 0; i < add; i++) if (ops.get(i).getOutputsOfOp().contains(xCos)) mulCos = i;
        if (mulCos < 0 || !"multiply".equals(ops.get(mulCos).getOp().opName()) || !readOnce(readers, xCos)
                || ops.get(mulCos).getInputsToOp().size() != 2 || !ops.get(mulCos).getInputsToOp().get(0).equals(x)) {
            return null;
        }
        int[] at = {first, neg, cat, mulCos, mulSin, add};
        Arrays.sort(at); // the add reads every other op's result: it stays last
        return at;
    }

    /** The op after {@code after} reading {@code variable}, when it is a {@code kind} of exactly {@code inputs}, else -1. */
    private static int one(List<SameDiffOp> ops, Map<String, Integer> readers, String variable, int after, String kind,
                           List<String> inputs) {
        int i = reader(ops, variable, after);
        if (i < 0 || !kind.equals(ops.get(i).getOp().opName()) || !inputs.equals(ops.get(i).getInputsToOp())
                || ops.get(i).getOutputsOfOp().size() != 1 || !readOnce(readers, ops.get(i).getOutputsOfOp().get(0))) {
            return -1;
        }
        return i;
    }

    /** The fused step for the matched ops {@code at} and their steps (same order). */
    static RopeChain of(List<SameDiffOp> ops, int[] at, Step[] chain, Map<String, Integer> slots) {
        String x = null, cos = null, sin = null;
        for (int i : at) {
            SameDiffOp o = ops.get(i);
            if ("split".equals(o.getOp().opName())) x = o.getInputsToOp().get(0);
        }
        for (int i : at) {
            SameDiffOp o = ops.get(i);
            if (!"multiply".equals(o.getOp().opName())) continue;
            if (o.getInputsToOp().get(0).equals(x)) cos = o.getInputsToOp().get(1);
            else sin = o.getInputsToOp().get(1);
        }
        String out = ops.get(at[at.length - 1]).getOutputsOfOp().get(0);
        return new RopeChain(chain, new int[]{slots.get(x), slots.get(cos), slots.get(sin)}, slots.get(out));
    }

    @Override
    boolean fused(INDArray[] values, boolean[] escapes, ArrayPool.Key[] pooled, ArrayPool pool) {
        INDArray in = values[inputs()[0]], c = values[inputs()[1]], s = values[inputs()[2]];
        if (in.dataType() != DataType.FLOAT || c.dataType() != DataType.FLOAT || s.dataType() != DataType.FLOAT
                || in.rank() != 4 || !table(c, in) || !table(s, in) || in.size(3) % 2 != 0 || !NativeAddress.dense(in)
                || !NativeAddress.dense(c) || !NativeAddress.dense(s) || in.length() > Integer.MAX_VALUE || in.length() == 0) {
            return false;
        }
        rotate(in, c, s, Rewrite.output(outputs()[0], DataType.FLOAT, in.shape(), values, escapes, pooled, pool));
        return true;
    }

    /** Whether {@code t} is a [B, T, 1, d] table of x's B, T and d. */
    private static boolean table(INDArray t, INDArray x) {
        return t.rank() == 4 && t.size(0) == x.size(0) && t.size(1) == x.size(1) && t.size(2) == 1 && t.size(3) == x.size(3);
    }

    /** y = x·cos + rotate_half(x)·sin, per position (b, t) over its heads. */
    private void rotate(INDArray in, INDArray c, INDArray s, INDArray y) {
        int positions = (int) (in.size(0) * in.size(1)), heads = (int) in.size(2), d = (int) in.size(3), half = d / 2;
        int row = heads * d, block = Math.max(1, Math.min(positions, BLOCK / row));
        if (x.length < block * row) x = new float[block * row];
        if (cos.length < block * d) {
            cos = new float[block * d];
            sin = new float[block * d];
        }
        FloatPointer px = NativeAddress.floats(in, 0), pc = NativeAddress.floats(c, 0), ps = NativeAddress.floats(s, 0);
        FloatPointer py = NativeAddress.floats(y, 0);
        long x0 = px.position(), c0 = pc.position(), s0 = ps.position(), y0 = py.position();
        for (int p0 = 0; p0 < positions; p0 += block) {
            int m = Math.min(block, positions - p0);
            px.position(x0 + (long) p0 * row).get(x, 0, m * row);
            pc.position(c0 + (long) p0 * d).get(cos, 0, m * d);
            ps.position(s0 + (long) p0 * d).get(sin, 0, m * d);
            for (int p = 0; p < m; p++) {
                for (int h = 0; h < heads; h++) {
                    int o = p * row + h * d, t = p * d;
                    for (int j = 0; j < half; j++) { // both halves at once: x1' = x1·c − x2·s, x2' = x2·c + x1·s
                        float a = x[o + j], b = x[o + half + j];
                        x[o + j] = a * cos[t + j] + (-b) * sin[t + j];
                        x[o + half + j] = b * cos[t + half + j] + a * sin[t + half + j];
                    }
                }
            }
            py.position(y0 + (long) p0 * row).put(x, 0, m * row);
        }
    }

    @Override
    public String toString() {
        return last() + " as RoPE in one pass";
    }
}
