package org.reasonbridge.model.exec;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Where an array's first element lives in native memory, for the plan's calls that bypass ND4J's ops. */
final class NativeAddress {
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
}
