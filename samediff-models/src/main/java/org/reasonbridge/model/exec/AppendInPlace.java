package org.reasonbridge.model.exec;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.linalg.api.buffer.DataType;
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
        if (s > p && !copyRows(fresh, target, ax, p)) slice(target, ax, p, s).assign(fresh);
        return slice(target, ax, 0, s);
    }

    /**
     * Copies {@code fresh} into {@code target} behind its first {@code p} positions along {@code ax}, one row of the
     * last dimension at a time, when both are FP32 with contiguous rows and the axis is not the last; false, touching
     * nothing, otherwise. A fresh key or value is a permuted view ([B, T, H, d] read as [B, H, T, d]), which ND4J's
     * {@code assign} copies with its generic strided kernel: 25–40 µs for one layer's decode step, where these
     * copies of d floats take a microsecond or two.
     */
    private static boolean copyRows(INDArray fresh, INDArray target, int ax, long p) {
        int rank = fresh.rank(), last = rank - 1;
        if (fresh.dataType() != DataType.FLOAT || rank < 2 || ax == last || fresh.isEmpty()
                || (fresh.size(last) > 1 && fresh.stride(last) != 1) || target.stride(last) != 1) {
            return false;
        }
        long row = fresh.size(last), rows = fresh.length() / row;
        FloatPointer from = NativeAddress.floats(fresh, 0), to = NativeAddress.floats(target, 0);
        long f0 = from.position(), t0 = to.position();
        long[] at = new long[last];
        for (long r = 0; r < rows; r++) {
            long f = f0, t = t0;
            for (int d = 0; d < last; d++) {
                f += at[d] * fresh.stride(d);
                t += (d == ax ? at[d] + p : at[d]) * target.stride(d);
            }
            to.position(t).put(from.position(f).limit(f + row));
            for (int d = last - 1; d >= 0 && ++at[d] == fresh.size(d); d--) at[d] = 0;
        }
        return true;
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
