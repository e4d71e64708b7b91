package org.reasonbridge.model.exec;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Swish;

import java.util.List;

/**
 * {@code swish} (SiLU, {@code x·σ(x)}, the MLP's activation) in a training step, writing in the same pass the
 * derivative that the paired {@link SwishGradient} step would compute in the backward pass: {@code exp(−x)}, the one
 * costly part of both (a scalar {@code expf} a value), is then computed once instead of twice. Both outputs are the
 * same floats as before: {@code y = x · (1 / (1 + e))} with {@code e} the Exp kernel's {@code exp(−x)} is libnd4j's
 * swish kernel to the bit ({@code SwishWithGradientTest}, over any float), and the derivative is {@link
 * SwishGradient}'s, in its blocks, with {@code Math.exp} where it uses that.
 *
 * <p>Only in straight runs ({@link #eager}, set by the plan): a recomputing run keeps no activation from the forward
 * pass to the backward one, and neither should it keep a derivative; in straight ones the derivative is held from the
 * forward pass to its use, one more [N, I] array a layer. There, without a paired gradient step (inference), for other
 * dtypes or arrays whose elements do not lie one after another, the graph's kernel runs: swish alone this way is
 * faster than the kernel in a loop of its own (2.2 against 2.8 ns a value on [32, 1408]) but slowed a prefill of
 * {@code small} in place (median 31–33 → 33–38 ms, three alternating pairs), its two block arrays a call evicting
 * what the next ops read.
 */
final class SwishWithGradient extends Rewrite {
    private final int in;
    private final int out;
    private boolean eager;

    private SwishWithGradient(PlanStep graphOp, int in, int out) {
        super(graphOp);
        this.in = in;
        this.out = out;
    }

    /** The step for {@code o} when it is {@code swish}, else null. */
    static Step of(SameDiffOp o, int[] in, int[] out, PlanStep graphOp) {
        if (!(o.getOp() instanceof Swish) || in.length != 1 || out.length != 1) return null;
        return new SwishWithGradient(graphOp, in[0], out[0]);
    }

    /** Pairs each swish among {@code steps} with a derivative step of the same input. */
    static void pair(List<Step> steps) {
        for (Step s : steps) {
            if (!(s instanceof SwishWithGradient f)) continue;
            for (Step t : steps) {
                if (t instanceof SwishGradient g && !g.writtenAhead() && g.in == f.in) {
                    f.writeAheadOf(g);
                    break;
                }
            }
        }
    }

    /** Whether the coming run writes the derivative from here: the plan's straight schedule. */
    void eager(boolean straight) {
        this.eager = straight;
    }

    @Override
    public void execute(INDArray[] values, boolean[] escapes, ArrayPool.Key[] pooled, ArrayPool pool) {
        INDArray x = values[in];
        SwishGradient paired = (SwishGradient) reader();
        if (!eager || paired == null || x == null || values[paired.out] != null || x.dataType() != DataType.FLOAT
                || x.isEmpty() || !NativeAddress.dense(x)) {
            graphOp.execute(values, escapes, pooled, pool);
            return;
        }
        INDArray y = output(out, DataType.FLOAT, x.shape(), values, escapes, pooled, pool);
        both(x, y, output(paired.out, DataType.FLOAT, x.shape(), values, escapes, pooled, pool));
    }

    /** ys[0..m) = x·σ(x), as libnd4j's swish, leaving exp(−x) in {@code e}. */
    private static void swish(float[] xs, float[] e, float[] ys, int m, ExpBlock exp) {
        for (int i = 0; i < m; i++) e[i] = -xs[i];
        exp.expKernel(e, m);                                                    // e = exp(−x), the kernel's
        for (int i = 0; i < m; i++) ys[i] = xs[i] * (1f / (1f + e[i]));         // x·σ(x)
    }

    /** y = swish(x) and d = swish'(x) elementwise, in {@link SwishGradient}'s blocks; all dense FP32 of one length. */
    static void both(INDArray x, INDArray y, INDArray d) {
        long n = x.length();
        int block = (int) Math.min(SwishGradient.BLOCK, n);
        float[] xs = new float[block], e = new float[block], ys = new float[block], ds = new float[block];
        FloatPointer from = NativeAddress.floats(x, 0), toY = NativeAddress.floats(y, 0), toD = NativeAddress.floats(d, 0);
        long fromStart = from.position(), yStart = toY.position(), dStart = toD.position();
        try (ExpBlock exp = new ExpBlock(block)) {
            for (long i0 = 0; i0 < n; i0 += block) {
                int m = (int) Math.min(block, n - i0);
                from.position(fromStart + i0).get(xs, 0, m);
                if (m < ExpBlock.NATIVE_EXP) { // SwishGradient's own exp here is Math.exp's
                    for (int i = 0; i < m; i++) ds[i] = -xs[i];
                    exp.exp(ds, m);
                    SwishGradient.fromExp(xs, ds, ds, m);
                }
                swish(xs, e, ys, m, exp);
                if (m >= ExpBlock.NATIVE_EXP) SwishGradient.fromExp(xs, e, ds, m);
                toY.position(yStart + i0).put(ys, 0, m);
                toD.position(dStart + i0).put(ds, 0, m);
            }
        }
    }

    @Override
    public String toString() {
        return graphOp + (reader() != null ? " with its derivative in straight runs" : "");
    }
}
