package org.reasonbridge.training;

/**
 * An example as the model will read it, with character offsets (end exclusive) of its parts: the assistant turn
 * (where the loss starts), the thinking trace and the solution.
 */
public record RenderedExample(String id, String text, int assistantStart, int traceStart, int traceEnd,
                              int solutionStart, int solutionEnd) {
    public RenderedExample {
        if (!(0 <= assistantStart && assistantStart <= traceStart && traceStart <= traceEnd && traceEnd <= solutionStart
                && solutionStart <= solutionEnd && solutionEnd <= text.length())) {
            throw new IllegalArgumentException("example '" + id + "': inconsistent offsets");
        }
    }
}
