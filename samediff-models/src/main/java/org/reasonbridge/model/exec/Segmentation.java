package org.reasonbridge.model.exec;

import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * How an {@link ExecutionPlan} of a gradient function may recompute activations instead of keeping them
 * ({@link Recomputation}): which of its ops are the forward pass, and the segment (a decoder layer) each forward op
 * belongs to. Ops are named by their graph names; the plan stays model-agnostic, the model says what a layer is.
 *
 * @param forward whether an op of the gradient function is a forward op (an op of the original graph)
 * @param segment the segment of a forward op, or -1 for none (its outputs are then kept as without recomputation)
 */
public record Segmentation(Predicate<String> forward, ToIntFunction<String> segment) {
}
