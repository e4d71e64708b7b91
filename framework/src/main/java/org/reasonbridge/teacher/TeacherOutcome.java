package org.reasonbridge.teacher;

import org.reasonbridge.data.JsonLines;
import org.reasonbridge.data.Trace;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;

/**
 * How one problem ended in a teacher run: done with its trace, or failed with the reason.
 *
 * @param problemId the problem
 * @param trace     the teacher's trace when done, else null
 * @param reason    why it failed, e.g. {@code after 5 attempt(s): POST /v1/messages: HTTP 500: ...}; null when done
 * @param requests  requests sent for it over all runs of this journal
 * @param resumed   true when the outcome was read back from the journal rather than obtained in this run
 */
public record TeacherOutcome(String problemId, Trace trace, String reason, int requests, boolean resumed) {
    public TeacherOutcome {
        if ((trace == null) == (reason == null)) throw new IllegalArgumentException("an outcome has a trace or a reason, not both");
        if (reason != null && reason.isBlank()) throw new IllegalArgumentException("a failure needs a reason");
    }

    public boolean done() {
        return trace != null;
    }

    /** The outcomes of a file {@link #write} wrote, in order, marked as resumed; a bad line is an error naming the file and line. */
    public static List<TeacherOutcome> read(Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": missing; run the stage that writes it first (see curate --from)");
        }
        List<TeacherOutcome> out = new java.util.ArrayList<>();
        JsonLines.objects(file, e -> {
            throw e;
        }, row -> { // one line at a time: the traces of a whole pool are large
            try {
                out.add(fromJson(row.object()));
            } catch (IllegalArgumentException e) {
                if (e instanceof org.reasonbridge.data.DataFileException d) throw d;
                throw new org.reasonbridge.data.DataFileException(file, row.number(), e.getMessage());
            }
        });
        return out;
    }

    private static TeacherOutcome fromJson(com.fasterxml.jackson.databind.JsonNode o) {
        String id = text(o, "problem_id");
        return switch (text(o, "status")) {
            case "done" -> {
                if (!o.path("trace").isObject()) throw new IllegalArgumentException("'trace' must be an object");
                try {
                    yield new TeacherOutcome(id, JsonLines.JSON.treeToValue(o.get("trace"), Trace.class), null, 0, true);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalArgumentException("bad trace: " + e.getOriginalMessage());
                }
            }
            case "failed" -> new TeacherOutcome(id, null, text(o, "reason"), 0, true);
            default -> throw new IllegalArgumentException("status must be done or failed, got " + o.get("status"));
        };
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode o, String field) {
        if (!o.path(field).isTextual()) throw new IllegalArgumentException("'" + field + "' must be a string");
        return o.get(field).asText();
    }

    /**
     * Writes outcomes as JSONL ({@code problem_id}, {@code status}, then {@code trace} or {@code reason}) through a
     * temporary file, so a reader never sees half a file. Run-dependent fields (requests, resumed) are left out,
     * so a resumed run writes the same bytes as an uninterrupted one. {@link #read} reads it back.
     */
    public static void write(Path file, List<TeacherOutcome> outcomes) {
        JsonLines.write(file, outcomes.stream().map(o -> {
            ObjectNode r = JsonLines.JSON.createObjectNode().put("problem_id", o.problemId())
                    .put("status", o.done() ? "done" : "failed");
            if (o.done()) r.set("trace", JsonLines.JSON.valueToTree(o.trace()));
            else r.put("reason", o.reason());
            return r.toString();
        })::iterator);
    }
}
