package org.reasonbridge.eval;

/** Hears an evaluation advance, sample by sample (from the run's threads): the CLI prints a line, a notebook a bar. */
@FunctionalInterface
public interface EvaluationListener {
    EvaluationListener NONE = (done, total, correct, failed) -> { };

    /**
     * {@code done} of {@code total} samples are logged (those a resumed run found count at once), {@code correct}
     * of them right and {@code failed} of them failed (an endpoint error, not a wrong answer).
     */
    void progress(int done, int total, int correct, int failed);
}
