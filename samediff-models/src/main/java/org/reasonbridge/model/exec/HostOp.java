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
}
