package org.reasonbridge.curation.pool;

import java.util.Map;

/**
 * One line of the curation audit: what a stage decided about one problem and why. Pool stages record a decision
 * only for what they drop or report; {@code details} carries the evidence (file and line, the id a duplicate
 * repeats, the benchmark id and n-gram of a contamination).
 *
 * @param problemId the problem's id ({@code source:original_id}), or {@code file:line} for a record that never became one
 * @param stage     {@code read}, {@code dedup-exact}, {@code dedup-near}, {@code decontaminate} (see {@link Stage})
 */
public record Decision(String problemId, String stage, boolean kept, String reason, Map<String, String> details) {
    /** The pool stages, by their audit names. */
    public enum Stage {
        READ("read"), DEDUP_EXACT("dedup-exact"), DEDUP_NEAR("dedup-near"), DECONTAMINATE("decontaminate");

        public final String id;

        Stage(String id) {
            this.id = id;
        }
    }

    public Decision {
        if (problemId == null || stage == null || reason == null) throw new IllegalArgumentException("decision needs an id, a stage and a reason");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** A problem (or record) dropped by {@code stage}. */
    public static Decision dropped(String problemId, Stage stage, String reason, Map<String, String> details) {
        return new Decision(problemId, stage.id, false, reason, details);
    }
}
