package org.reasonbridge.training;

/**
 * A step whose loss or gradient is not finite: the run stops there, before the step changes any weight, so the
 * checkpoint on disk stays the last good one and no NaN adapters are written.
 */
public final class TrainingDivergedException extends IllegalStateException {
    private final int step;

    TrainingDivergedException(int step, String message) {
        super(message);
        this.step = step;
    }

    /** The 1-based optimizer step that diverged. */
    public int step() {
        return step;
    }
}
