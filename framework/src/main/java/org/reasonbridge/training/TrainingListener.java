package org.reasonbridge.training;

/** Sees each optimizer step as it finishes: the CLI draws a progress bar, a notebook a live plot. */
@FunctionalInterface
public interface TrainingListener {
    TrainingListener NONE = (m, total) -> { };

    void onStep(StepMetrics metrics, int totalSteps);
}
