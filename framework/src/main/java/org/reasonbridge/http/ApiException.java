package org.reasonbridge.http;

import java.time.Duration;
import java.util.Optional;

/**
 * A call to a model API (OpenAI-compatible, Anthropic Messages, Gemini) failed: an error status, a malformed answer, a timeout or a broken
 * connection. Carries what a retry policy needs; the message never contains the API key.
 */
public final class ApiException extends RuntimeException {
    /** Characters of a response body kept in the exception. */
    public static final int EXCERPT = 500;

    private final int status;
    private final String bodyExcerpt;
    private final Duration retryAfter;

    /**
     * @param status      the HTTP status, or 0 when no response arrived (timeout, connection refused)
     * @param bodyExcerpt the start of the response body ("" when none), already free of the key
     * @param retryAfter  the server's {@code Retry-After}, or null
     */
    public ApiException(String message, int status, String bodyExcerpt, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.bodyExcerpt = bodyExcerpt == null ? "" : bodyExcerpt;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public String bodyExcerpt() {
        return bodyExcerpt;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** 429, 5xx and failures without a response are worth retrying; other 4xx are not. */
    public boolean retryable() {
        return status == 0 || status == 408 || status == 409 || status == 429 || status >= 500;
    }
}
