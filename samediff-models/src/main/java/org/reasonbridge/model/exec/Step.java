package org.reasonbridge.model.exec;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One step of an {@link ExecutionPlan}: reads some slots, writes others. */
interface Step extends AutoCloseable {
    /** The slots read. */
    int[] inputs();

    /** The slots written (an output may be left null when nothing reads it). */
    int[] outputs();

    /** No slots. */
    int[] NONE = new int[0];

    /**
     * Outputs of a later step that this one may write ahead of it, which that step then leaves as they are (it checks
     * whether its output is already there). The plan checks that each schedule runs such a writer before that step.
     */
    default int[] earlyOutputs() {
        return NONE;
    }

    /** Stops writing {@link #earlyOutputs} (a schedule that does not run this step first); the later step computes them. */
    default void dropEarlyOutputs() {
    }

    /**
     * Runs the step on {@code values} (by slot), putting its outputs there: fresh arrays for the slots that
     * {@code escapes}, pooled ones (recorded in {@code pooled}) for the rest.
     */
    void execute(INDArray[] values, boolean[] escapes, ArrayPool.Key[] pooled, ArrayPool pool);

    @Override
    void close();
}
