package org.reasonbridge.curation.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the curation audit: what a stage decided about one problem, and why. Every stage of the pipeline
 * (pool, quality, difficulty, domains, selection) reports in this one type, so {@code pool-audit.jsonl},
 * {@code quality.jsonl} and {@code audit.jsonl} have one shape, read and written here:
 * <pre>
 * {"id":"...","stage":"quality","kept":false,"reason":"wrong-answer","details":{...}}
 * </pre>
 *
 * @param problemId the problem's id
 * @param stage     the stage that decided ({@code quality}, {@code difficulty}, ...)
 * @param kept      whether the problem goes on to the next stage
 * @param reason    why it was dropped (a rule name such as {@code broken-latex}); {@code "kept"} when kept
 * @param details   what a reader needs to check the decision (rule findings, solver answers); JSON-friendly values
 */
public record Decision(String problemId, String stage, boolean kept, String reason, Map<String, Object> details) {
    public static final String KEPT = "kept";
    private static final ObjectMapper JSON = StageFile.JSON;

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

    // ---- the codec

    /** This decision as JSON: id, stage, kept, reason, details (map keys sorted, so a rerun writes the same bytes). */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", problemId);
        o.put("stage", stage);
        o.put("kept", kept);
        o.put("reason", reason);
        o.set("details", JSON.valueToTree(details));
        return o;
    }

    /** A decision read back from {@link #toJson()}'s shape; a bad field is an {@link IllegalArgumentException} naming it. */
    public static Decision fromJson(JsonNode o) {
        if (!o.path("kept").isBoolean()) throw new IllegalArgumentException("'kept' must be true or false");
        Map<String, Object> details = JSON.convertValue(o.path("details").isObject() ? o.get("details") : JSON.createObjectNode(),
                new TypeReference<LinkedHashMap<String, Object>>() { });
        return new Decision(StageFile.text(o, "id"), StageFile.text(o, "stage"), o.get("kept").asBoolean(),
                StageFile.text(o, "reason"), details);
    }

    /** The decisions of a decisions file, in order; a bad line is an error naming the file and line. */
    public static List<Decision> readAll(Path file) {
        return StageFile.read(file, Decision::fromJson);
    }

    /** Writes {@code decisions} atomically, one line each. */
    public static void writeAll(Path file, List<Decision> decisions) {
        StageFile.write(file, decisions.stream().map(d -> d.toJson().toString()));
    }
}
