package org.reasonbridge.model.exec;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Where an array's first element lives in native memory, for the calls that bypass ND4J's ops. */
public final class NativeAddress {
    private NativeAddress() {
    }

    /**
     * The address of element 0 of {@code a}. A view's buffer is itself a view whose pointer already includes its
     * offset (ND4J 1.0.0-M2.1), so only the part of the array's offset beyond its buffer's is added.
     */
    static long of(INDArray a) {
        return a.data().addressPointer().address() + skip(a) * a.dataType().width();
    }

    /** Elements from the start of {@code a}'s buffer pointer to its element 0 (the array's offset beyond its buffer's). */
    static long skip(INDArray a) {
        return a.offset() - a.data().offset();
    }

    /** A pointer to element {@code offset} (counted in elements from element 0) of the FP32 array {@code a}. */
    public static FloatPointer floats(INDArray a, long offset) {
        FloatPointer p = new FloatPointer(a.data().addressPointer());
        long skip = skip(a) + offset;
        return skip == 0 ? p : p.position(p.position() + skip);
    }

    /** C order with unit strides throughout: the elements lie one after another from element 0. */
    static boolean dense(INDArray a) {
        long expected = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            if (a.size(d) != 1 && a.stride(d) != expected) return false;
            expected *= a.size(d);
        }
        return true;
    }
}
