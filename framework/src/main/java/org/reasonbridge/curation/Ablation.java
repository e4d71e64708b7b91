package org.reasonbridge.curation;

import java.util.Arrays;
import java.util.Locale;

/**
 * The comparison sets written beside the selection, each the size of the selection unless it says otherwise. They
 * answer "what did each filter buy?": train on one and compare with the curated set.
 */
public enum Ablation {
    /** N drawn uniformly from every problem the teacher traced (no filter at all). */
    RANDOM,
    /** The whole filtered pool (every problem that passed quality and difficulty), not sampled down. */
    FILTERED,
    /**
     * The selection without the quality filter: difficulty and diversity over every traced problem. Costs solver
     * calls on the problems quality dropped (journaled in {@code difficulty.jsonl}; the audit is unchanged).
     */
    NO_QUALITY,
    /** The selection without the difficulty filter: diversity over every problem that passed quality. */
    NO_DIFFICULTY,
    /** The selection without diversity sampling: N uniformly from the filtered pool. */
    NO_DIVERSITY;

    /** {@code random}, {@code no-quality}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code ablation-no-quality.jsonl}, ... */
    public String file() {
        return "ablation-" + id() + ".jsonl";
    }

    public static Ablation of(String id) {
        return Arrays.stream(values()).filter(a -> a.id().equals(id)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no ablation '" + id + "'; ablations: random, filtered, no-quality, no-difficulty, no-diversity"));
    }
}
