package org.reasonbridge.model.exec;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.SwishDerivative;

/**
 * {@code _swishderivative} (the backward of SiLU, {@code x·σ(x)}, the MLP's activation) as
 * {@code σ(x)·(1 + x·(1 − σ(x)))} on FP32 in blocks: {@code exp(−x)} through an {@link ExpBlock}, the rest in a Java
 * loop. libnd4j computes {@code eˣ(x + eˣ + 1)/(eˣ + 1)²} with {@code eˣ} as {@code pow(e, x)}, 5.5 ns a value against
 * 3.3 here, and NaN from x ≈ 88.7, where {@code eˣ} overflows; this gives the limit there, 1. In a training plan's
 * straight runs the forward {@code swish} computes this output in its own pass ({@link SwishWithGradient}) and this
 * step finds it there. Other dtypes and arrays whose elements do not lie one after another run the graph's op.
 */
final class SwishGradient extends Rewrite {
    static final int BLOCK = 1 << 14;
    final int in;
    final int out;

    private SwishGradient(PlanStep graphOp, int in, int out) {
        super(graphOp);
        this.in = in;
        this.out = out;
    }

    /** The step for {@code o} when it is {@code _swishderivative}, else null. */
    static Step of(SameDiffOp o, int[] in, int[] out, PlanStep graphOp) {
        if (!(o.getOp() instanceof SwishDerivative) || in.length != 1 || out.length != 1) return null;
        return new SwishGradient(graphOp, in[0], out[0]);
    }

    @Override
    public void execute(INDArray[] values, boolean[] escapes, ArrayPool.Key[] pooled, ArrayPool pool) {
        if (writtenAhead() && values[out] != null) return; // the forward step computed it (SwishWithGradient)
        INDArray x = values[in];
        if (x == null) throw new IllegalStateException(graphOp + ": input is not computed");
        if (x.dataType() != DataType.FLOAT || x.isEmpty() || !NativeAddress.dense(x)) {
            graphOp.execute(values, escapes, pooled, pool);
            return;
        }
        derivative(x, output(out, DataType.FLOAT, x.shape(), values, escapes, pooled, pool));
    }

    /** y = swish'(x) elementwise; both dense FP32 of one length. */
    static void derivative(INDArray x, INDArray y) {
        long n = x.length();
        int block = (int) Math.min(BLOCK, n);
        float[] xs = new float[block], e = new float[block];
        FloatPointer from = NativeAddress.floats(x, 0), to = NativeAddress.floats(y, 0);
        long fromStart = from.position(), toStart = to.position();
        try (ExpBlock exp = new ExpBlock(block)) {
            for (long i0 = 0; i0 < n; i0 += block) {
                int m = (int) Math.min(block, n - i0);
                from.position(fromStart + i0).get(xs, 0, m);
                for (int i = 0; i < m; i++) e[i] = -xs[i];
                exp.exp(e, m);                                                  // e = exp(−x)
                fromExp(xs, e, e, m);
                to.position(toStart + i0).put(e, 0, m);
            }
        }
    }

    /** d[0..m) = swish'(x) from e = exp(−x) ({@code d} may be {@code e}). */
    static void fromExp(float[] xs, float[] e, float[] d, int m) {
        for (int i = 0; i < m; i++) {
            float s = 1f / (1f + e[i]);                                         // σ(x)
            d[i] = s * (1f + xs[i] * (1f - s));
        }
    }

    @Override
    public String toString() {
        if (writtenAhead()) return graphOp + " computed by the forward step";
        return graphOp + " as σ(x)·(1 + x·(1 − σ(x)))";
    }
}
