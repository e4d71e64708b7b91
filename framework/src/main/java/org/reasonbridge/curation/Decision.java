package org.reasonbridge.curation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the curation audit: what a stage decided about one problem, and why. Every stage of the pipeline
 * (pool, quality, difficulty, domains, selection) reports in this one type, so {@code audit.jsonl} has one shape.
 *
 * @param problemId the problem's id
 * @param stage     the stage that decided ({@code quality}, {@code difficulty}, ...)
 * @param kept      whether the problem goes on to the next stage
 * @param reason    why it was dropped (a rule name such as {@code broken-latex}); {@code "kept"} when kept
 * @param details   what a reader needs to check the decision (rule findings, solver answers); JSON-friendly values
 */
public record Decision(String problemId, String stage, boolean kept, String reason, Map<String, Object> details) {
    public static final String KEPT = "kept";

    public Decision {
        Objects.requireNonNull(problemId, "problemId");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reason, "reason");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details == null ? Map.of() : details));
    }

    /** The problem goes on. */
    public static Decision keep(String problemId, String stage, Map<String, Object> details) {
        return new Decision(problemId, stage, true, KEPT, details);
    }

    /** The problem stops here, for {@code reason}. */
    public static Decision drop(String problemId, String stage, String reason, Map<String, Object> details) {
        if (KEPT.equals(reason)) throw new IllegalArgumentException("a drop needs a reason other than '" + KEPT + "'");
        return new Decision(problemId, stage, false, reason, details);
    }
}
