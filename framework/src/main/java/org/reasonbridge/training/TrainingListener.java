package org.reasonbridge.training;

import java.nio.file.Path;

/** Sees each optimizer step as it finishes: the CLI draws a progress bar, a notebook a live plot. */
@FunctionalInterface
public interface TrainingListener {
    TrainingListener NONE = (m, total) -> { };

    void onStep(StepMetrics metrics, int totalSteps);

    /**
     * Before the first step: where the run starts. {@code doneSteps} is 0 for a fresh run, the checkpoint's step when
     * it resumes from {@code outDir}'s checkpoint, and {@code totalSteps} when that run had already finished (nothing
     * is trained then).
     */
    default void onStart(int doneSteps, int totalSteps, Path outDir) {
    }

    /** Something the user should know about the run's setup (a level without adapters on a shallow model). */
    default void onNotice(String message) {
    }
}
