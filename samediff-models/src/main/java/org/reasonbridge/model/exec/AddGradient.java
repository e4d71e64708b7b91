package org.reasonbridge.model.exec;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.bp.AddBpOp;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code add_bp} (the backward of {@code z = x + y}) as what it is when the gradients read have dz's shape: copies of
 * dz. libnd4j's kernel computes both gradients, and for a broadcast operand (a frozen projection's bias [O] of rows
 * [N, O]) reduces dz over the rows, a gradient nothing reads. Here a gradient nothing reads is not computed and a
 * read one of dz's shape and type is a copy of dz, the same floats; a read gradient of a broadcast operand, or of
 * another type, runs the graph's op.
 */
final class AddGradient extends Rewrite {
    private final int[] in;          // x, y, dz
    private final int[] out;         // dx, dy
    private final boolean[] read;    // by output

    private AddGradient(PlanStep graphOp, int[] in, int[] out, boolean[] read) {
        super(graphOp);
        this.in = in;
        this.out = out;
        this.read = read;
    }

    /** The step for {@code o} when it is an {@code add_bp}, else null. */
    static Step of(SameDiffOp o, int[] in, int[] out, Set<String> read, PlanStep graphOp) {
        if (!(o.getOp() instanceof AddBpOp) || in.length != 3 || out.length != 2) return null;
        List<String> outs = o.getOutputsOfOp();
        return new AddGradient(graphOp, in, out, new boolean[]{read.contains(outs.get(0)), read.contains(outs.get(1))});
    }

    @Override
    public void execute(INDArray[] values, boolean[] escapes, ArrayPool.Key[] pooled, ArrayPool pool) {
        INDArray dz = values[in[2]];
        for (int k = 0; k < 2; k++) {
            INDArray a = values[in[k]];
            if (a == null || dz == null) throw new IllegalStateException(graphOp + ": input is not computed");
            if (read[k] && (a.dataType() != dz.dataType() || !Arrays.equals(a.shape(), dz.shape()))) {
                graphOp.execute(values, escapes, pooled, pool);
                return;
            }
        }
        for (int k = 0; k < 2; k++) {
            if (read[k]) copy(dz, output(out[k], dz.dataType(), dz.shape(), values, escapes, pooled, pool));
        }
    }

    /** {@code to} = {@code from}, a C-order array of its shape: one bulk copy when {@code from} is dense FP32. */
    private static void copy(INDArray from, INDArray to) {
        if (from.dataType() == DataType.FLOAT && !from.isEmpty() && NativeAddress.dense(from)) {
            FloatPointer src = NativeAddress.floats(from, 0);
            NativeAddress.floats(to, 0).put(src.limit(src.position() + from.length()));
        } else {
            to.assign(from);
        }
    }

    @Override
    public String toString() {
        return graphOp + " as copies";
    }
}
