package org.reasonbridge.analysis;

import java.nio.file.Path;

/**
 * An evaluation run with what the paper's tables index it by.
 *
 * @param model     the model row, e.g. "base" or "ReasonBridge" (an ablation variant is a model of its own)
 * @param condition the test-time condition, e.g. "none", "guided", "budget forcing"; "" for none at all
 * @param benchmark the column, e.g. "arithmetic"
 * @param split     for the generalisation table: "in-domain", "held-out", "harder", ...
 * @param run       the samples
 */
public record LabelledRun(String model, String condition, String benchmark, String split, RunFolder run) {
    /** The split a run gets when none is given. */
    public static final String IN_DOMAIN = "in-domain";

    public LabelledRun {
        if (model == null || model.isBlank()) throw new IllegalArgumentException(run.dir() + ": a labelled run needs a model");
        if (condition == null) condition = "";
        if (benchmark == null || benchmark.isBlank()) benchmark = run.benchmark();
        if (split == null || split.isBlank()) split = IN_DOMAIN;
    }

    /** Reads {@code dir}; the benchmark is the run's own, the split {@value #IN_DOMAIN}. */
    public static LabelledRun load(String model, String condition, Path dir) {
        return new LabelledRun(model, condition, null, null, RunFolder.load(dir));
    }

    /** Reads {@code dir} into the generalisation table's {@code split}. */
    public static LabelledRun load(String model, String condition, String split, Path dir) {
        return new LabelledRun(model, condition, null, split, RunFolder.load(dir));
    }

    /** The model with its condition: {@code "ReasonBridge + guided"}, or the model alone without a condition. */
    public String system() {
        return condition.isEmpty() || condition.equals("none") ? model : model + " + " + condition;
    }
}
