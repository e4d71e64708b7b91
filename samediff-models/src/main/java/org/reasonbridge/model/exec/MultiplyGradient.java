package org.reasonbridge.model.exec;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.bp.MulBpOp;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code multiply_bp} (the backward of {@code z = x * y}) as the products it is made of. libnd4j's kernel computes
 * both gradients, and for an operand that was broadcast (RMSNorm's weight [H] or its per-row scale [N, 1], RoPE's
 * cos and sin tables) it reduces {@code dz * other} over the broadcast dimensions with a generic index loop that costs
 * 25–35 times a plain multiply of the same size (docs/performance.md, "Training through the gradient plan"). Here only the gradients
 * something reads are computed (a constant's or placeholder's gradient is computed by SameDiff and never used):
 * {@code dx = dz * y} as one broadcast {@code multiply} when x has dz's shape, and otherwise the sum of
 * {@code dz * y} over the dimensions x was broadcast over (numpy's rule: missing leading dimensions count as 1). That
 * sum runs as a Java loop of column sums, in double and without the [N, H] product, when x was broadcast over leading
 * dimensions only and every array is dense FP32 (a weight [H] of rows [N, H], trained in full fine-tuning); else as
 * {@code multiply} then {@code sum}. Operands of another type than dz, or that do not broadcast to it, run the
 * graph's op.
 */
final class MultiplyGradient extends Rewrite {
    private final int[] in;          // x, y, dz
    private final int[] out;         // dx, dy
    private final boolean[] read;    // by output
    private final PlanStep[] plain;  // by output: dz * other straight into the output slot, with a context of its own
    private final INDArray[] args = new INDArray[2];
    private final float[][] scratch = {new float[0], new float[0]}; // dz's and the other operand's values, by block
    private static final int BLOCK = 1 << 14;                        // floats per block

    private MultiplyGradient(PlanStep graphOp, int[] in, int[] out, boolean[] read, PlanStep[] plain) {
        super(graphOp);
        this.in = in;
        this.out = out;
        this.read = read;
        this.plain = plain;
    }

    /** The step for {@code o} when it is a {@code multiply_bp}, else null. */
    static Step of(SameDiff sd, SameDiffOp o, int[] in, int[] out, Set<String> read, PlanStep graphOp) {
        if (!(o.getOp() instanceof MulBpOp) || in.length != 3 || out.length != 2) return null;
        List<String> outs = o.getOutputsOfOp();
        boolean[] readOut = {read.contains(outs.get(0)), read.contains(outs.get(1))};
        PlanStep[] plain = new PlanStep[2];
        for (int k = 0; k < 2; k++) {
            if (readOut[k]) {
                plain[k] = PlanStep.of(sd, new MulOp(), new int[]{in[2], in[1 - k]}, new int[]{out[k]},
                        List.of(outs.get(k)));
            }
        }
        return new MultiplyGradient(graphOp, in, out, readOut, plain);
    }

    @Override
    public void execute(INDArray[] values, boolean[] escapes, ArrayPool.Key[] pooled, ArrayPool pool) {
        INDArray dz = values[in[2]];
        int[][] dims = new int[2][];
        for (int k = 0; k < 2; k++) {
            INDArray a = values[in[k]];
            if (a == null || dz == null) throw new IllegalStateException(graphOp + ": input is not computed");
            dims[k] = broadcastDims(a, dz);
            // a lower-rank operand not broadcast over anything ([H] against [1, H]) would get dz's shape: the graph's op
            boolean plain = a.dataType() == dz.dataType() && values[in[1 - k]].dataType() == dz.dataType()
                    && dims[k] != null && (a.rank() == dz.rank() || dims[k].length > 0);
            if (read[k] && !plain) {
                graphOp.execute(values, escapes, pooled, pool);
                return;
            }
        }
        for (int k = 0; k < 2; k++) {
            if (!read[k]) continue;
            INDArray a = values[in[k]], other = values[in[1 - k]];
            if (dims[k].length == 0) {
                plain[k].execute(values, escapes, pooled, pool);
                continue;
            }
            long[] shape = aligned(a, dz);
            INDArray grad = output(out[k], dz.dataType(), a.shape(), values, escapes, pooled, pool);
            if (sumInJava(dz, other, grad, shape)) continue;
            ArrayPool.Key full = new ArrayPool.Key(dz.dataType(), 'c', dz.shape(), false);
            INDArray product = pool.take(full);
            INDArray into = grad.rank() == dz.rank() ? grad : grad.reshape('c', shape);
            try {
                multiply(dz, other, product);
                Nd4j.exec(new Sum(product, into, true, dims[k]));
            } finally {
                pool.give(full, product);
            }
        }
    }

    private void multiply(INDArray dz, INDArray other, INDArray into) {
        args[0] = dz;
        args[1] = other;
        try {
            Nd4j.exec(new MulOp(args, new INDArray[]{into}));
        } finally {
            Arrays.fill(args, null);
        }
    }

    /**
     * grad = the sum of dz * other over the leading dimensions of dz that {@code shape} (grad's shape at dz's rank)
     * has as 1, when all are dense FP32 and other has dz's length; false, touching nothing, otherwise. (Sums over
     * trailing dimensions are left to libnd4j, whose reduction along contiguous rows is as fast as this loop with its
     * copies out of native memory; along columns it is several times slower.)
     */
    private boolean sumInJava(INDArray dz, INDArray other, INDArray grad, long[] shape) {
        if (dz.isEmpty() || grad.isEmpty() || dz.dataType() != DataType.FLOAT || other.dataType() != DataType.FLOAT || other.length() != dz.length()
                || !NativeAddress.dense(dz) || !NativeAddress.dense(other) || !NativeAddress.dense(grad) || dz.length() > Integer.MAX_VALUE) {
            return false;
        }
        int rank = shape.length, lead = 0;
        while (lead < rank && shape[lead] == 1) lead++;
        for (int d = lead; d < rank; d++) if (shape[d] != dz.size(d)) return false;
        columnSums(dz, other, grad, (int) (dz.length() / grad.length()), (int) grad.length());
        return true;
    }

    /** grad[j] = Σ_i dz[i, j] · other[i, j] over [rows, cols] read a block of rows at a time. */
    private void columnSums(INDArray dz, INDArray other, INDArray grad, int rows, int cols) {
        int block = Math.max(1, Math.min(rows, BLOCK / cols));
        double[] acc = new double[cols];
        float[] x = scratch(0, block * cols), y = scratch(1, block * cols);
        FloatPointer px = NativeAddress.floats(dz, 0), py = NativeAddress.floats(other, 0);
        long x0 = px.position(), y0 = py.position();
        for (int r0 = 0; r0 < rows; r0 += block) {
            int m = Math.min(block, rows - r0) * cols;
            px.position(x0 + (long) r0 * cols).get(x, 0, m);
            py.position(y0 + (long) r0 * cols).get(y, 0, m);
            for (int i = 0; i < m; i += cols) {
                for (int j = 0; j < cols; j++) acc[j] += x[i + j] * y[i + j];
            }
        }
        float[] out = scratch(0, cols);
        for (int j = 0; j < cols; j++) out[j] = (float) acc[j];
        NativeAddress.floats(grad, 0).put(out, 0, cols);
    }

    private float[] scratch(int which, int size) {
        if (scratch[which].length < size) scratch[which] = new float[size];
        return scratch[which];
    }

    /** {@code a}'s shape at {@code dz}'s rank: missing leading dimensions are 1. */
    private static long[] aligned(INDArray a, INDArray dz) {
        long[] shape = new long[dz.rank()];
        int lead = dz.rank() - a.rank();
        for (int d = 0; d < shape.length; d++) shape[d] = d < lead ? 1 : a.size(d - lead);
        return shape;
    }

    /**
     * The dimensions of {@code dz} where {@code a} (aligned to dz's rank) is 1 and {@code dz} is not: those {@code a}
     * was broadcast over; null when {@code a} does not broadcast to {@code dz}.
     */
    private static int[] broadcastDims(INDArray a, INDArray dz) {
        if (a.rank() > dz.rank()) return null;
        long[] shape = aligned(a, dz);
        int n = 0;
        int[] dims = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == dz.size(d)) continue;
            if (shape[d] != 1) return null;
            dims[n++] = d;
        }
        return Arrays.copyOf(dims, n);
    }

    @Override
    public void close() {
        super.close();
        for (PlanStep p : plain) if (p != null) p.close();
    }

    @Override
    public String toString() {
        return graphOp + " as products";
    }
}
