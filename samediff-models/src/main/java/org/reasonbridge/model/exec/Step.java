package org.reasonbridge.model.exec;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One step of an {@link ExecutionPlan}: reads some slots, writes others. */
interface Step extends AutoCloseable {
    /** The slots read. */
    int[] inputs();

    /** The slots written (an output may be left null when nothing reads it). */
    int[] outputs();

    /** Outputs of a later step that this one may write ahead of it, which that step then leaves as they are. */
    default int[] earlyOutputs() {
        return new int[0];
    }

    /**
     * Runs the step on {@code values} (by slot), putting its outputs there: fresh arrays for the slots that
     * {@code escapes}, pooled ones (recorded in {@code pooled}) for the rest.
     */
    void execute(INDArray[] values, boolean[] escapes, ArrayPool.Key[] pooled, ArrayPool pool);

    @Override
    void close();
}
