package org.reasonbridge.cli;

import java.util.HashMap;
import java.util.Map;

/** Progress on stderr for runs that take hours: one line per label every few seconds, and one when it is done. */
final class ProgressLines {
    private static final long EVERY_NANOS = 5_000_000_000L;
    private final Map<String, Long> last = new HashMap<>();

    /** {@code label done/total detail}, unless this label printed less than five seconds ago and is not done. */
    synchronized void report(String label, int done, int total, String detail) {
        long now = System.nanoTime();
        Long before = last.get(label);
        if (done < total && before != null && now - before < EVERY_NANOS) return;
        last.put(label, now);
        System.err.printf("%-11s %d/%d%s%n", label, done, total, detail.isEmpty() ? "" : "  " + detail);
    }
}
