package org.reasonbridge.curation;

/**
 * Hears how a curation run goes, for the stages that take hours (teacher calls, solver attempts): the CLI prints a
 * progress line, a notebook can update a bar. Called from the run's worker threads.
 */
@FunctionalInterface
public interface CurationListener {
    CurationListener NONE = (stage, done, total) -> { };

    /** {@code done} of the {@code total} problems of {@code stage} have ended (journaled ones count at once). */
    void progress(CurationStage stage, int done, int total);
}
