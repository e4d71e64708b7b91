package org.reasonbridge.model.exec;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
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
 * {@code dx = dz * y} as one broadcast {@code multiply} when x has dz's shape, and otherwise {@code multiply} then
 * {@code sum} over the dimensions where x is 1. Operands of another rank or type than dz, or that do not broadcast
 * to it, run the graph's op.
 */
final class MultiplyGradient extends Rewrite {
    private final int[] in;          // x, y, dz
    private final int[] out;         // dx, dy
    private final boolean[] read;    // by output
    private final PlanStep[] plain;  // by output: dz * other straight into the output slot, with a context of its own
    private final INDArray[] args = new INDArray[2];

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
        for (int k = 0; k < 2; k++) {
            INDArray a = values[in[k]];
            if (a == null || dz == null) throw new IllegalStateException(graphOp + ": input is not computed");
            boolean plain = a.rank() == dz.rank() && a.dataType() == dz.dataType()
                    && values[in[1 - k]].dataType() == dz.dataType() && broadcastDims(a, dz) != null;
            if (read[k] && !plain) {
                graphOp.execute(values, escapes, pooled, pool);
                return;
            }
        }
        for (int k = 0; k < 2; k++) {
            if (!read[k]) continue;
            INDArray a = values[in[k]], other = values[in[1 - k]];
            int[] broadcast = broadcastDims(a, dz);
            if (broadcast.length == 0) {
                plain[k].execute(values, escapes, pooled, pool);
                continue;
            }
            INDArray grad = output(out[k], dz.dataType(), a.shape(), values, escapes, pooled, pool);
            ArrayPool.Key full = new ArrayPool.Key(dz.dataType(), 'c', dz.shape(), false);
            INDArray product = pool.take(full);
            try {
                multiply(dz, other, product);
                Nd4j.exec(new Sum(product, grad, true, broadcast));
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
     * The dimensions where {@code a} is 1 and {@code dz} is not: those {@code a} was broadcast over; null when
     * {@code a} does not broadcast to {@code dz} (same rank assumed).
     */
    private static int[] broadcastDims(INDArray a, INDArray dz) {
        int n = 0;
        int[] dims = new int[a.rank()];
        for (int d = 0; d < a.rank(); d++) {
            if (a.size(d) == dz.size(d)) continue;
            if (a.size(d) != 1) return null;
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
