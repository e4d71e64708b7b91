package org.reasonbridge.curation;

import java.util.Arrays;
import java.util.Locale;

/**
 * The pipeline's stages in order. Each writes its file into the output folder, and a run can start at any stage
 * ({@code curate --from quality}): the stages before it are read back from their files, so a rerun of quality
 * needs no teacher, and a rerun of selection (another size or seed) needs neither teacher nor solvers.
 */
public enum CurationStage {
    /** Read the pool manifests, de-duplicate, decontaminate: {@code pool.jsonl} + {@code pool-audit.jsonl}. */
    POOL("pool.jsonl"),
    /** Teacher traces, journaled: {@code traces.jsonl} (+ {@code teacher-journal.jsonl}). */
    TEACHER("traces.jsonl"),
    /** The quality rules: {@code quality.jsonl}. */
    QUALITY("quality.jsonl"),
    /** Solver attempts, journaled per problem: {@code difficulty.jsonl}. */
    DIFFICULTY("difficulty.jsonl"),
    /** Domains, the diversity sampler, the audit, the summary and the ablations. */
    SELECTION("reason1k.jsonl");

    /** The file this stage leaves for the next (in the output folder). */
    public final String file;

    CurationStage(String file) {
        this.file = file;
    }

    /** The name on the command line and in messages. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The stage named {@code id} ({@code pool}, {@code teacher}, {@code quality}, {@code difficulty}, {@code selection}). */
    public static CurationStage of(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no curation stage '" + id + "'; stages: pool, teacher, quality, difficulty, selection"));
    }

    /** Whether this stage runs when a run starts {@code from} a stage. */
    public boolean runsFrom(CurationStage from) {
        return compareTo(from) >= 0;
    }
}
