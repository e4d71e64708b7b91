package org.reasonbridge.http;


import java.time.Duration;
import java.util.function.Supplier;

/**
 * Retries of retryable endpoint errors (429, 5xx, timeouts, refused connections): at most {@code maxAttempts}
 * requests, waiting the server's {@code Retry-After} when it sends one, else {@code initialDelay} doubled per
 * attempt; every wait is capped at {@code maxDelay}. Other errors (400, 401, 404) fail at once.
 *
 * @param maxAttempts  requests at most, default 5
 * @param initialDelay the first wait without Retry-After, default 1 s
 * @param maxDelay     the longest wait, default 60 s
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        if (initialDelay.isNegative() || maxDelay.isNegative()) throw new IllegalArgumentException("delays must be >= 0");
    }

    /** Waits between attempts; tests replace it. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = d -> Thread.sleep(d.toMillis());

        void sleep(Duration d) throws InterruptedException;
    }

    /** A result and how many requests it took. */
    public record Attempted<T>(T value, int attempts) {
    }

    /** The endpoint failed for good: the last error and how many requests were made. */
    public static final class GaveUp extends RuntimeException {
        private final int attempts;

        GaveUp(int attempts, ApiException last) {
            super("after " + attempts + " attempt(s): " + last.getMessage(), last);
            this.attempts = attempts;
        }

        public int attempts() {
            return attempts;
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    /** The wait before attempt {@code attempt + 1} after {@code e}. */
    public Duration delay(int attempt, ApiException e) {
        Duration d = e.retryAfter().orElseGet(() -> initialDelay.multipliedBy(1L << Math.min(attempt - 1, 20)));
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    /** Calls until success, a non-retryable error or the last attempt; then {@link GaveUp} carries the last error. */
    public <T> Attempted<T> call(Supplier<T> call, Sleeper sleeper) {
        for (int attempt = 1; ; attempt++) {
            try {
                return new Attempted<>(call.get(), attempt);
            } catch (ApiException e) {
                if (!e.retryable() || attempt >= maxAttempts) {
                    throw new GaveUp(attempt, e);
                }
                try {
                    sleeper.sleep(delay(attempt, e));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
