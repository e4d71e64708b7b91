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

    /**
     * Writes outcomes as JSONL ({@code problem_id}, {@code status}, then {@code trace} or {@code reason}) through a
     * temporary file, so a reader never sees half a file. Run-dependent fields (requests, resumed) are left out,
     * so a resumed run writes the same bytes as an uninterrupted one.
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
