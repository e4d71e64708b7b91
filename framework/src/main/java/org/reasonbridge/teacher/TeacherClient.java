package org.reasonbridge.teacher;

import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;

/**
 * A teacher model that answers a problem with its reasoning and final response ({@link LmTeacher} over any
 * {@link org.reasonbridge.lm.LanguageModel}). One call is one (possibly paid) request; implementations do not
 * retry, so that {@link TeacherRun} can journal every attempt.
 * Failures of the endpoint are {@link org.reasonbridge.http.ApiException}s, which carry the HTTP status and
 * {@code Retry-After} the shared {@link org.reasonbridge.http.RetryPolicy} reads, whatever the provider.
 */
public interface TeacherClient {
    /** The provider and model, e.g. {@code anthropic:claude-sonnet-4}; stored in every {@link Trace}. */
    String name();

    /** The teacher's answer to {@code problem} asked with {@code prompt} ({@link TeacherPrompt#render}). */
    Trace solve(Problem problem, TeacherPrompt prompt);

    /** The problem as posed, alone. */
    default Trace solve(Problem problem) {
        return solve(problem, TeacherPrompt.NONE);
    }

    /**
     * Where the teacher runs, as {@link org.reasonbridge.lm.LanguageModel#describe()} says it ({@code kind},
     * {@code endpoint}, ...): a run throttles a remote endpoint, not a loopback one or a local model.
     */
    default java.util.Map<String, Object> describe() {
        return java.util.Map.of();
    }

    /** Whether calls may run in parallel (a local model answers one at a time). */
    default boolean concurrent() {
        return true;
    }
}
