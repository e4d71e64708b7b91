package org.reasonbridge.lm;

import org.reasonbridge.http.RetryPolicy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model that answers a prompt: local or behind an API. One call is one request (retries only through
 * {@link #retrying}, so a caller that journals every attempt, as the teacher run does, sees each); an endpoint's
 * failure is an {@link org.reasonbridge.http.ApiException} with the status and {@code Retry-After} the shared
 * {@link RetryPolicy} reads.
 */
@FunctionalInterface
public interface LanguageModel {
    /** Answers {@code request}, or throws with the reason it could not. */
    LmReply answer(LmRequest request);

    /**
     * Answers {@code requests}, each reply what {@link #answer} gives that request alone, in order. A model that
     * {@link #batches()} decodes them together; the default answers them in turn. One failure fails the call: a
     * caller that needs each request's own failure asks again one request at a time.
     */
    default List<LmReply> answerAll(List<LmRequest> requests) {
        return requests.stream().map(this::answer).toList();
    }

    /** Whether {@link #answerAll} answers several requests for about the cost of one (a local model's batch). */
    default boolean batches() {
        return false;
    }

    /** The provider and model, e.g. {@code openai:o3-mini}, {@code anthropic:claude-...}, {@code local:DIR}. */
    default String name() {
        return String.valueOf(describe().getOrDefault("model", getClass().getSimpleName()));
    }

    /** Whether several requests may be answered at once from different threads (a local model answers one at a time). */
    default boolean concurrent() {
        return true;
    }

    /** Config and environment entries for results files ({@code kind}, {@code model}, {@code backend}, ...). */
    default Map<String, Object> describe() {
        return Map.of("model", getClass().getSimpleName());
    }

    /**
     * This model with failed requests retried by {@code retry} (429, 5xx, timeouts; {@code Retry-After} honoured);
     * a reply counts the requests it took, and a request that failed for good is a {@link RetryPolicy.GaveUp}.
     */
    default LanguageModel retrying(RetryPolicy retry) {
        return retrying(retry, RetryPolicy.Sleeper.REAL);
    }

    /** {@link #retrying(RetryPolicy)} with the waits done by {@code sleeper} (tests). */
    default LanguageModel retrying(RetryPolicy retry, RetryPolicy.Sleeper sleeper) {
        LanguageModel inner = this;
        return new LanguageModel() {
            @Override
            public LmReply answer(LmRequest request) {
                RetryPolicy.Attempted<LmReply> a = retry.call(() -> inner.answer(request), sleeper);
                return a.value().withAttempts(a.attempts());
            }

            @Override
            public String name() {
                return inner.name();
            }

            @Override
            public boolean concurrent() {
                return inner.concurrent();
            }

            @Override
            public Map<String, Object> describe() {
                Map<String, Object> m = new LinkedHashMap<>(inner.describe());
                m.put("retry", Map.of("max_attempts", retry.maxAttempts(), "initial_delay_ms", retry.initialDelay().toMillis(),
                        "max_delay_ms", retry.maxDelay().toMillis()));
                return m;
            }
        };
    }
}
