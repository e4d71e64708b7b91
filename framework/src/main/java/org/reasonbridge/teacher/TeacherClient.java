package org.reasonbridge.teacher;

import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;

import java.util.List;

/**
 * A teacher model that answers a problem with its reasoning and final response. One call is one (possibly paid)
 * request; implementations do not retry, so that {@link TeacherRun} can journal every attempt.
 * Failures of the endpoint are {@link org.reasonbridge.http.ApiException}s, which carry the HTTP status and
 * {@code Retry-After} the shared {@link org.reasonbridge.http.RetryPolicy} reads, whatever the provider.
 */
public interface TeacherClient {
    /** The provider and model, e.g. {@code anthropic:claude-sonnet-4}; stored in every {@link Trace}. */
    String name();

    Trace solve(Problem problem);

    /** Whether calls may run in parallel (a local model answers one at a time). */
    default boolean concurrent() {
        return true;
    }

    /** The question as sent to a teacher: the problem text, then lettered options when it has any. */
    static String prompt(Problem p) {
        if (p.choices().isEmpty()) return p.question();
        StringBuilder sb = new StringBuilder(p.question()).append("\n");
        List<String> c = p.choices();
        for (int i = 0; i < c.size(); i++) sb.append("\n").append((char) ('A' + i)).append(". ").append(c.get(i));
        return sb.toString();
    }
}
