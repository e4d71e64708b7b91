package org.reasonbridge.model.exec;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A graph op whose arithmetic runs in Java over ND4J arrays rather than in one libnd4j kernel (e.g. a chunked
 * attention that never holds a [T, T] tensor). An {@link ExecutionPlan} calls {@link #compute} directly; how the op
 * runs under SameDiff's own session is the op's business.
 */
public interface HostOp {
    /** The op's outputs for {@code inputs}, freshly allocated; the inputs are not modified. */
    INDArray[] compute(INDArray[] inputs);

    /**
     * The shapes of the outputs for {@code inputs} when {@link #computeInto} may write them (of the first input's
     * type), or null to use {@link #compute}.
     */
    default long[][] outputShapes(INDArray[] inputs) {
        return null;
    }

    /**
     * Writes the outputs for {@code inputs} into {@code outputs} (C-order arrays of {@link #outputShapes}) and returns
     * true; or returns false, having written nothing that matters, and the caller uses {@link #compute}.
     */
    default boolean computeInto(INDArray[] inputs, INDArray[] outputs) {
        return false;
    }
}
