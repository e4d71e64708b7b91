package org.reasonbridge.model.exec;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;

import java.util.List;
import java.util.Map;

/**
 * RMSNorm's six ops ({@code square}, {@code reduce_mean} over the last axis, {@code add_scalar} eps, {@code rsqrt},
 * {@code multiply} by x, {@code multiply} by the weight: {@code DecoderGraph.rmsNorm}) as one pass over each row
 * ({@link FusedChain}: only where nothing else reads their intermediates, i.e. not in a gradient function). They took
 * 74 µs of dispatch per norm for 512 floats, 17 norms ≈ 1.2 ms of a ≈ 9 ms decode step of the {@code small} preset
 * (docs/performance.md, "Inference ops fused"). The sum of squares, eps and the reciprocal square root are taken in
 * double; the scale is rounded to float and applied as the two multiplies apply it, so the result differs from the
 * ops' by their float rounding of the mean, eps and rsqrt (an ulp of the scale or so). Other dtypes, arrays whose
 * elements do not lie one after another and weights not along the last axis run the six ops.
 */
final class RmsNormChain extends FusedChain {
    private static final int BLOCK = 1 << 14; // floats of rows read at a time
    private static final String[] KINDS = {"square", "reduce_mean", "add_scalar", "rsqrt", "multiply", "multiply"};
    private final int axis;                   // the reduction's axis as the graph gives it (-1: last)
    private final double eps;
    private float[] rows = new float[0];
    private float[] w = new float[0];

    private RmsNormChain(Step[] chain, int x, int weight, int out, int axis, double eps) {
        super(chain, new int[]{x, weight}, out);
        this.axis = axis;
        this.eps = eps;
    }

    /**
     * The op indices of the chain starting at {@code ops.get(first)}, the weight multiply last, when it is RMSNorm's
     * six ops and each intermediate has the next op as its only reader ({@code readers}); else null.
     */
    static int[] match(List<SameDiffOp> ops, int first, Map<String, Integer> readers) {
        SameDiffOp o = ops.get(first);
        if (!KINDS[0].equals(o.getOp().opName()) || o.getInputsToOp() == null || o.getInputsToOp().size() != 1) return null;
        int[] at = new int[KINDS.length];
        at[0] = first;
        for (int k = 1; k < KINDS.length; k++) {
            List<String> made = ops.get(at[k - 1]).getOutputsOfOp();
            if (made.size() != 1 || !readOnce(readers, made.get(0))) return null;
            at[k] = reader(ops, made.get(0), at[k - 1]);
            if (at[k] < 0 || !KINDS[k].equals(ops.get(at[k]).getOp().opName())) return null;
        }
        String x = o.getInputsToOp().get(0);
        List<String> scale = ops.get(at[4]).getInputsToOp(), weighted = ops.get(at[5]).getInputsToOp();
        String inv = ops.get(at[3]).getOutputsOfOp().get(0), normalized = ops.get(at[4]).getOutputsOfOp().get(0);
        boolean shapes = ops.get(at[1]).getInputsToOp().size() == 1 && ops.get(at[2]).getInputsToOp().size() == 1
                && ops.get(at[1]).getOp() instanceof BaseReduceOp r && r.isKeepDims() && r.getDimensions() != null
                && r.getDimensions().length == 1 && ops.get(at[2]).getOp() instanceof ScalarAdd
                && scale.size() == 2 && scale.get(0).equals(x) && scale.get(1).equals(inv)
                && weighted.size() == 2 && weighted.get(0).equals(normalized) && !weighted.get(1).equals(normalized);
        return shapes ? at : null;
    }

    /** The fused step for the matched ops {@code at} and their steps (same order). */
    static RmsNormChain of(List<SameDiffOp> ops, int[] at, Step[] chain, Map<String, Integer> slots) {
        SameDiffOp last = ops.get(at[5]);
        int axis = ops.get(at[1]).getOp().getDimensions()[0];
        double eps = ((ScalarAdd) ops.get(at[2]).getOp()).scalar().getDouble(0);
        return new RmsNormChain(chain, slots.get(ops.get(at[0]).getInputsToOp().get(0)),
                slots.get(last.getInputsToOp().get(1)), slots.get(last.getOutputsOfOp().get(0)), axis, eps);
    }

    @Override
    boolean fused(INDArray[] values, boolean[] escapes, ArrayPool.Key[] pooled, ArrayPool pool) {
        INDArray in = values[inputs()[0]], g = values[inputs()[1]];
        int rank = in.rank();
        boolean direct = in.dataType() == DataType.FLOAT && g.dataType() == DataType.FLOAT && rank >= 1
                && (axis == -1 || axis == rank - 1) && alongLastAxis(g, in) && in.size(rank - 1) > 0
                && NativeAddress.dense(in) && NativeAddress.dense(g) && in.length() <= Integer.MAX_VALUE;
        if (!direct) return false;
        normalize(in, g, Rewrite.output(outputs()[0], DataType.FLOAT, in.shape(), values, escapes, pooled, pool));
        return true;
    }

    /** Whether the weight {@code g} has x's last dimension and is 1 along every other (of no higher rank than x). */
    private static boolean alongLastAxis(INDArray g, INDArray x) {
        if (g.rank() < 1 || g.rank() > x.rank() || g.size(g.rank() - 1) != x.size(x.rank() - 1)) return false;
        for (int d = 0; d < g.rank() - 1; d++) if (g.size(d) != 1) return false;
        return true;
    }

    /** y = x · rsqrt(mean(x²) + eps) · g over each row of x's last axis; all dense FP32. */
    private void normalize(INDArray in, INDArray g, INDArray y) {
        int h = (int) g.length(), n = (int) (in.length() / h);
        if (w.length < h) w = new float[h];
        NativeAddress.floats(g, 0).get(w, 0, h);
        int block = Math.max(1, Math.min(n, BLOCK / h));
        if (rows.length < block * h) rows = new float[block * h];
        FloatPointer from = NativeAddress.floats(in, 0), to = NativeAddress.floats(y, 0);
        long fromStart = from.position(), toStart = to.position();
        for (int r0 = 0; r0 < n; r0 += block) {
            int m = Math.min(block, n - r0);
            from.position(fromStart + (long) r0 * h).get(rows, 0, m * h);
            for (int r = 0; r < m; r++) {
                int o = r * h;
                double a = 0, b = 0, c = 0, d = 0;
                int j = 0;
                for (; j + 3 < h; j += 4) {
                    a += (double) rows[o + j] * rows[o + j];
                    b += (double) rows[o + j + 1] * rows[o + j + 1];
                    c += (double) rows[o + j + 2] * rows[o + j + 2];
                    d += (double) rows[o + j + 3] * rows[o + j + 3];
                }
                for (; j < h; j++) a += (double) rows[o + j] * rows[o + j];
                float inv = (float) (1 / Math.sqrt((float) ((a + b + c + d) / h) + eps));
                for (j = 0; j < h; j++) rows[o + j] = rows[o + j] * inv * w[j];
            }
            to.position(toStart + (long) r0 * h).put(rows, 0, m * h);
        }
    }

    @Override
    public String toString() {
        return last() + " as RMSNorm in one pass";
    }
}
