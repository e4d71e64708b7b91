package org.reasonbridge.model.exec;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.HashMap;
import java.util.Map;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * A native FP32 scratch block, and {@code exp} over a Java array through it: ND4J's vectorised kernel on the block
 * for {@value #NATIVE_EXP} values or more (1.6–2.8 ns a value on this project's machines, against 5.5 ns for
 * {@code Math.exp}, whose loop Java does not vectorise), {@code Math.exp} below (one op's fixed cost would exceed the
 * work). The steps that do their elementwise arithmetic in Java loops (attention's softmax, the cross-entropy, SiLU)
 * share it.
 */
public final class ExpBlock implements AutoCloseable {
    static final int NATIVE_EXP = 4096;
    /** Blocks up to this many floats (4 MB) are kept for the thread's next block when closed. */
    static final int KEEP = 1 << 20;
    /**
     * The kernel runs over the block's first {@code count} values rounded up to this many: a view of each such
     * length is made once per block and kept, where a view of the exact length cost a native shape allocation (and
     * JavaCPP's memory check) on every call, ≈ 1.7 % of a training step; the few values past {@code count} are
     * scratch, and each value's {@code exp} does not depend on how many are computed with it.
     */
    static final int GRAIN = 1024;
    // one native array per thread, reused: an allocation cost more than a decode step's attention arithmetic
    private static final ThreadLocal<Scratch> SPARE = new ThreadLocal<>();
    private final Scratch scratch;
    private final FloatPointer pointer;
    private boolean closed;

    /** A block of at least {@code size} floats (the thread's kept block when it is large enough). */
    public ExpBlock(int size) {
        Scratch spare = SPARE.get();
        if (spare != null && spare.array.length() >= size) {
            SPARE.set(null);
            this.scratch = spare;
        } else {
            this.scratch = new Scratch(Nd4j.createUninitialized(DataType.FLOAT, Math.max(1, size)));
        }
        this.pointer = NativeAddress.floats(scratch.array, 0);
    }

    /** The block's first element (for BLAS calls that read or write the block). */
    public FloatPointer pointer() {
        return pointer.position(0);
    }

    /** values[0..count) = exp(values[0..count)); leaves the result in the block too when computed there. */
    public void exp(float[] values, int count) {
        if (count < NATIVE_EXP) {
            for (int i = 0; i < count; i++) values[i] = (float) Math.exp(values[i]);
            return;
        }
        expKernel(values, count);
    }

    /** As {@link #exp}, through the kernel whatever the count: the values libnd4j's own activation kernels use. */
    void expKernel(float[] values, int count) {
        pointer().put(values, 0, count);
        Transforms.exp(scratch.first(count), false);
        pointer().get(values, 0, count);
    }

    /** Keeps the block for the thread's next one when it is small enough (closing any smaller one kept), else frees it. */
    @Override
    public void close() {
        if (closed) return; // a second close must not hand the array out again
        closed = true;
        Scratch kept = SPARE.get();
        if (scratch.array.length() <= KEEP && (kept == null || kept.array.length() < scratch.array.length())) {
            SPARE.set(scratch);
            if (kept != null) kept.array.close();
        } else {
            scratch.array.close();
        }
    }

    /** A block's array and its views of the lengths {@link #exp} ran over. */
    private static final class Scratch {
        final INDArray array;
        final Map<Long, INDArray> views = new HashMap<>();

        Scratch(INDArray array) {
            this.array = array;
        }

        /** The array's first {@code count} values rounded up to {@link #GRAIN} (the whole array at most). */
        INDArray first(int count) {
            long length = Math.min(array.length(), (count + GRAIN - 1L) / GRAIN * GRAIN);
            return length == array.length() ? array : views.computeIfAbsent(length, n -> array.get(interval(0, n)));
        }
    }
}
