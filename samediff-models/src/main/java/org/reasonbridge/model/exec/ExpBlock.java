package org.reasonbridge.model.exec;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

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
    // one native array per thread, reused: an allocation cost more than a decode step's attention arithmetic
    private static final ThreadLocal<INDArray> SPARE = new ThreadLocal<>();
    private final INDArray array; // [size] or more, the scratch's owner
    private final FloatPointer pointer;
    private boolean closed;

    /** A block of at least {@code size} floats (the thread's kept block when it is large enough). */
    public ExpBlock(int size) {
        INDArray spare = SPARE.get();
        if (spare != null && spare.length() >= size) {
            SPARE.set(null);
            this.array = spare;
        } else {
            this.array = Nd4j.createUninitialized(DataType.FLOAT, Math.max(1, size));
        }
        this.pointer = NativeAddress.floats(array, 0);
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
        pointer().put(values, 0, count);
        INDArray part = count == array.length() ? array : array.get(interval(0, count));
        Transforms.exp(part, false);
        if (part != array) part.close();
        pointer().get(values, 0, count);
    }

    /** Keeps the block for the thread's next one when it is small enough (closing any smaller one kept), else frees it. */
    @Override
    public void close() {
        if (closed) return; // a second close must not hand the array out again
        closed = true;
        INDArray kept = SPARE.get();
        if (array.length() <= KEEP && (kept == null || kept.length() < array.length())) {
            SPARE.set(array);
            if (kept != null) kept.close();
        } else {
            array.close();
        }
    }
}
