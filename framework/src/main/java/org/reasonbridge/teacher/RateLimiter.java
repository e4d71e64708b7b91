package org.reasonbridge.teacher;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket of requests per minute: {@code burst} requests may go at once, then one per
 * {@code 60 s / perMinute}. A caller reserves its token under the lock and sleeps outside it, so waiting
 * callers queue fairly in reservation order.
 */
final class RateLimiter {
    private final double tokensPerNano;
    private final double capacity;
    private double tokens;
    private long last = System.nanoTime();

    /** @param perMinute requests per minute; 0 or less = unlimited */
    RateLimiter(double perMinute, int burst) {
        this.tokensPerNano = perMinute / 60e9;
        this.capacity = Math.max(1, burst);
        this.tokens = capacity;
    }

    void acquire() throws InterruptedException {
        if (tokensPerNano <= 0) return;
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - last) * tokensPerNano);
            last = now;
            tokens -= 1;
            wait = tokens >= 0 ? 0 : (long) Math.ceil(-tokens / tokensPerNano);
        }
        if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
    }
}
