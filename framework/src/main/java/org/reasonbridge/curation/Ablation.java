package org.reasonbridge.curation;

import java.util.Arrays;
import java.util.Locale;

/**
 * The comparison sets written beside the selection, each the size of the selection unless it says otherwise. They
 * answer "what did each filter buy?": train on one and compare with the curated set. Every set holds only valid
 * training examples (thinking, and a final answer in the solution: the quality filter's form rules), whatever else
 * it leaves unfiltered, so each is a valid input to {@code train}, {@code sweep} and {@code eval --benchmark jsonl}.
 */
public enum Ablation {
    /** N drawn uniformly from every problem the teacher traced (no quality, difficulty or diversity filter). */
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
    NO_DIVERSITY,
    /** Every problem the teacher traced, not sampled down: s1's "w/ Full Dataset" (Table 2), in the training format. */
    FULL;

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
                new IllegalArgumentException("no ablation '" + id + "'; ablations: random, filtered, no-quality, no-difficulty, no-diversity, full"));
    }
}
