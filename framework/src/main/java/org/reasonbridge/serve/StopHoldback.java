package org.reasonbridge.serve;

import java.util.List;

/**
 * The streamed text of one choice, held back so that no part of a stop string is ever sent: the generator reports
 * the text before it checks stop strings, and a stop string may arrive split over several tokens. Concatenating
 * what {@link #offer} and {@link #finish} return gives exactly the final (cut) text.
 */
final class StopHoldback {
    private final List<String> stops;
    private final int keep; // characters that could still begin a stop string
    private final StringBuilder seen = new StringBuilder();
    private int sent;
    private boolean stopped;

    StopHoldback(List<String> stops) {
        this.stops = stops;
        this.keep = stops.stream().mapToInt(String::length).max().orElse(1) - 1;
    }

    /** Adds a generated delta; returns what may be sent now (possibly empty). */
    String offer(String delta) {
        if (stopped) return "";
        seen.append(delta);
        int first = -1;
        for (String s : stops) {
            int at = seen.indexOf(s);
            if (at >= 0 && (first < 0 || at < first)) first = at;
        }
        stopped = first >= 0;
        int limit = stopped ? first : seen.length() - keep;
        // Never split a surrogate pair across two chunks.
        if (limit > sent && limit < seen.length() && Character.isHighSurrogate(seen.charAt(limit - 1))) limit--;
        if (limit <= sent) return "";
        String out = seen.substring(sent, limit);
        sent = limit;
        return out;
    }

    /** The rest of {@code finalText} not yet sent. */
    String finish(String finalText) {
        String already = seen.substring(0, sent);
        // The final text always extends what was sent; if a tokenizer ever disagreed, send nothing wrong.
        if (!finalText.startsWith(already)) return "";
        sent = finalText.length();
        return finalText.substring(already.length());
    }
}
