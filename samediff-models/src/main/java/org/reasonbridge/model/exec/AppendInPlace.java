package org.reasonbridge.model.exec;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Concat;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * A two-input {@code concat(past, fresh)} along one axis computed into a caller-owned buffer that already holds
 * {@code past} at its start: only {@code fresh} is written, behind it, and the result is a view of the buffer's
 * filled part. This is how a KV cache grows by one step without copying itself into a new array every step (the
 * graph's concat, run as an op, copies all S positions of every layer; this writes the T new ones).
 */
final class AppendInPlace {
    private AppendInPlace() {
    }

    /** The concat axis of a two-input {@code concat} op with a fixed axis, else null. */
    static Integer axis(DifferentialFunction op, int inputs) {
        if (!(op instanceof Concat c) || inputs != 2 || c.iArgs().length < 1) return null;
        return (int) c.iArgs()[0];
    }

    /**
     * {@code concat(past, fresh)} along {@code axis}, written into {@code target} ([..., capacity, ...] along the
     * axis, the other dimensions as the inputs'); returns the view of its first {@code past + fresh} positions.
     * When {@code past} is not already the start of {@code target} (a view of it at offset 0 with its strides), it is
     * copied there first, so the result is right either way.
     */
    static INDArray run(INDArray past, INDArray fresh, INDArray target, int axis, String name) {
        int rank = fresh.rank(), ax = axis < 0 ? axis + rank : axis;
        if (past.rank() != rank || target.rank() != rank || past.dataType() != fresh.dataType()
                || target.dataType() != fresh.dataType()) {
            throw new IllegalArgumentException(name + ": cannot append " + fresh.dataType() + Arrays.toString(fresh.shape())
                    + " to " + past.dataType() + Arrays.toString(past.shape()) + " in " + target.dataType()
                    + Arrays.toString(target.shape()));
        }
        for (int d = 0; d < rank; d++) {
            if (d != ax && (past.size(d) != fresh.size(d) || target.size(d) != fresh.size(d))) {
                throw new IllegalArgumentException(name + ": dimension " + d + " differs: past " + Arrays.toString(past.shape())
                        + ", new " + Arrays.toString(fresh.shape()) + ", buffer " + Arrays.toString(target.shape()));
            }
        }
        if (target.offset() != 0 || target.isView()) {
            throw new IllegalArgumentException(name + ": the buffer must be a whole array, not a view");
        }
        long p = past.size(ax), s = p + fresh.size(ax);
        if (s > target.size(ax)) {
            throw new IllegalArgumentException(name + ": the buffer holds " + target.size(ax) + " positions along axis "
                    + ax + ", the concat needs " + s);
        }
        if (p > 0 && !startOf(past, target)) slice(target, ax, 0, p).assign(past);
        if (s > p) slice(target, ax, p, s).assign(fresh);
        return slice(target, ax, 0, s);
    }

    private static boolean startOf(INDArray a, INDArray target) {
        return NativeAddress.of(a) == NativeAddress.of(target) && Arrays.equals(a.stride(), target.stride());
    }

    /** Positions [from, to) of {@code target} along {@code axis}, as a view with the target's strides. */
    private static INDArray slice(INDArray target, int axis, long from, long to) {
        long[] shape = target.shape().clone(); // shape() may be the array's own
        shape[axis] = to - from;
        if (to == from) return Nd4j.create(target.dataType(), shape);
        return Nd4j.create(target.data(), shape, target.stride(), from * target.stride(axis), target.ordering());
    }
}
