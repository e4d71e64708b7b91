package org.reasonbridge.model.exec;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.loss.SparseSoftmaxCrossEntropyLossWithLogits;
import org.nd4j.linalg.api.ops.impl.loss.bp.SparseSoftmaxCrossEntropyLossWithLogitsBp;

import java.util.List;

/**
 * libnd4j's {@code sparse_softmax_cross_entropy_loss_with_logits} ({@code ce[n] = logsumexp(x[n]) − x[n, label[n]]})
 * and its {@code _grad} ({@code softmax(x[n]) − onehot(label[n])}) on FP32 logits [N, V], a block of rows at a time:
 * the row maximum, the shift and the sums in Java loops, {@code exp} through an {@link ExpBlock}. The kernels take
 * 15–20 ms and 5.6–6.4 ms on [128, 8192] (one thread), mostly a scalar {@code exp} and, in the forward, a {@code log}
 * of every probability; here the forward takes one {@code exp} per logit and one {@code log} per row, 3.4 and 3.8 ms
 * (docs/performance.md, "The loss kernel, SiLU's derivative and attention over unblocked keys"). Sums accumulate in
 * double, so the values agree with the kernel's to FP32 rounding. Other dtypes, layouts or labels outside [0, V) run
 * the graph's op.
 *
 * <p>When a plan holds both kernels over the same logits (a training step; {@code TokenCrossEntropy} gives them
 * different labels), the loss step also writes the gradient ({@link #pair}): the shift, the {@code exp} and the row
 * sums are then computed once instead of twice, with the same operations, so both outputs are the same floats as
 * computed apart; the gradient step finds its output there and does nothing.
 */
final class SoftmaxCrossEntropyRows extends Rewrite {
    /** Logits a block holds: 256 KB of scratch, and at least one row. */
    private static final int BLOCK = 1 << 16;
    private final boolean gradient; // the _grad kernel, else the loss
    private final int labelsIn, logitsIn, out;

    private SoftmaxCrossEntropyRows(PlanStep graphOp, boolean gradient, int[] in, int out) {
        super(graphOp);
        this.gradient = gradient;
        this.labelsIn = in[0]; // both ops' arguments are (labels, logits), whatever their constructors' order
        this.logitsIn = in[1];
        this.out = out;
    }

    /** The step for {@code o} when it is either kernel, else null. */
    static Step of(SameDiffOp o, int[] in, int[] out, PlanStep graphOp) {
        boolean loss = o.getOp() instanceof SparseSoftmaxCrossEntropyLossWithLogits;
        boolean grad = o.getOp() instanceof SparseSoftmaxCrossEntropyLossWithLogitsBp;
        if (!(loss || grad) || in.length < 2 || out.length != 1) return null;
        return new SoftmaxCrossEntropyRows(graphOp, grad, in, out[0]);
    }

    /**
     * Has each loss among {@code steps} compute the gradient of a gradient step that reads the same logits, in the
     * same pass ({@link #lossAndGradient}).
     */
    static void pair(List<Step> steps) {
        for (Step s : steps) {
            if (!(s instanceof SoftmaxCrossEntropyRows loss) || loss.gradient) continue;
            for (Step t : steps) {
                if (t instanceof SoftmaxCrossEntropyRows grad && grad.gradient && !grad.writtenAhead()
                        && grad.logitsIn == loss.logitsIn) {
                    loss.writeAheadOf(grad);
                    break;
                }
            }
        }
    }

    @Override
    public void execute(INDArray[] values, boolean[] escapes, ArrayPool.Key[] pooled, ArrayPool pool) {
        if (writtenAhead() && values[out] != null) return; // the loss step computed it
        INDArray labels = values[labelsIn], logits = values[logitsIn];
        if (labels == null || logits == null) throw new IllegalStateException(graphOp + ": input is not computed");
        long[] ids = fits(labels, logits) ? ids(labels, logits.size(1)) : null;
        if (ids == null) {
            graphOp.execute(values, escapes, pooled, pool);
            return;
        }
        long[] shape = gradient ? logits.shape() : new long[]{logits.size(0)};
        INDArray y = output(out, DataType.FLOAT, shape, values, escapes, pooled, pool);
        if (gradient) softmaxMinusOneHot(logits, ids, y);
        else {
            long[] gradientIds = gradientIds(values, logits);
            if (gradientIds == null) logSumExpMinusLabel(logits, ids, y);
            else lossAndGradient(logits, ids, gradientIds, y, output(pairedGradient().out, DataType.FLOAT,
                    logits.shape(), values, escapes, pooled, pool));
        }
    }

    /** The paired gradient's labels when this loss step is to compute it now, else null (its step then does). */
    private long[] gradientIds(INDArray[] values, INDArray logits) {
        SoftmaxCrossEntropyRows grad = pairedGradient();
        if (grad == null || values[grad.out] != null) return null;
        INDArray labels = values[grad.labelsIn]; // null when computed later in the schedule
        return labels != null && fits(labels, logits) ? ids(labels, logits.size(1)) : null;
    }

    /** ce[n] = log Σ exp(x[n] − max) + max − x[n, label]. */
    static void logSumExpMinusLabel(INDArray logits, long[] ids, INDArray ce) {
        lossAndGradient(logits, ids, null, ce, null);
    }

    /** grad[n] = exp(x[n] − max) / Σ exp(x[n] − max) − onehot(label[n]). */
    static void softmaxMinusOneHot(INDArray logits, long[] ids, INDArray grad) {
        lossAndGradient(logits, null, ids, null, grad);
    }

    /**
     * The loss into {@code ce} against {@code ids} and the gradient into {@code grad} against {@code gradientIds}, in
     * one pass over row blocks; either output may be null (its labels too). Each row is shifted by its maximum, its
     * {@code exp} taken and summed once for both.
     */
    static void lossAndGradient(INDArray logits, long[] ids, long[] gradientIds, INDArray ce, INDArray grad) {
        int n = (int) logits.size(0), v = (int) logits.size(1), rows = Math.max(1, BLOCK / v);
        float[] x = new float[rows * v], result = ce == null ? null : new float[n];
        FloatPointer from = NativeAddress.floats(logits, 0), to = grad == null ? null : NativeAddress.floats(grad, 0);
        long start = from.position(), toStart = to == null ? 0 : to.position(); // a view's pointer is already inside
        try (ExpBlock scratch = new ExpBlock(rows * v)) {
            for (int r0 = 0; r0 < n; r0 += rows) {
                int m = Math.min(rows, n - r0);
                from.position(start + (long) r0 * v).get(x, 0, m * v);
                for (int r = 0; r < m; r++) {
                    shiftByMax(x, r * v, v);
                    if (result != null) result[r0 + r] = -x[r * v + (int) ids[r0 + r]];     // max − x[label]
                }
                scratch.exp(x, m * v);
                for (int r = 0; r < m; r++) {
                    int first = r * v;
                    double sum = FloatRows.sum(x, first, v);
                    if (result != null) result[r0 + r] += (float) Math.log(sum);
                    if (to == null) continue;
                    float inv = (float) (1.0 / sum);
                    for (int j = first; j < first + v; j++) x[j] *= inv;
                    x[first + (int) gradientIds[r0 + r]] -= 1f;
                }
                if (to != null) to.position(toStart + (long) r0 * v).put(x, 0, m * v);
            }
        }
        if (result != null) NativeAddress.floats(ce, 0).put(result, 0, n);
    }

    /** x[first..first+v) −= its maximum. */
    private static void shiftByMax(float[] x, int first, int v) {
        float max = FloatRows.max(x, first, v);
        for (int j = first; j < first + v; j++) x[j] -= max;
    }

    /** FP32 rank-2 logits whose rows lie one after another, and a label per row. */
    private static boolean fits(INDArray labels, INDArray logits) {
        return logits.dataType() == DataType.FLOAT && logits.rank() == 2 && !logits.isEmpty()
                && logits.stride(1) == 1 && logits.stride(0) == logits.size(1)
                && labels.dataType().isIntType() && labels.rank() <= 1 && labels.length() == logits.size(0);
    }

    /** The labels, or null when one is outside [0, v) (the kernel's own handling then applies). */
    private static long[] ids(INDArray labels, long v) {
        long[] ids = labels.rank() == 0 ? new long[]{labels.getLong(0)} : labels.toLongVector();
        for (long id : ids) if (id < 0 || id >= v) return null;
        return ids;
    }

    /** A loss step's gradient step, whose output it computes, or null. */
    private SoftmaxCrossEntropyRows pairedGradient() {
        return (SoftmaxCrossEntropyRows) reader();
    }

    @Override
    public String toString() {
        return graphOp + (writtenAhead() ? " computed by the loss step"
                : reader() != null ? " in row blocks, with its gradient" : " in row blocks");
    }
}
