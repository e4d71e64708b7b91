package org.reasonbridge.inference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When guided intervention redirects the thinking during generation, before any attempt to stop: the signals of an
 * unproductive path ({@link PathMonitor}) and the limits that keep redirection from firing forever. On a signal the
 * unproductive stretch is cut and a redirect phrase is spliced where it began.
 *
 * @param maxRedirects    redirects per generation at most; 0 turns redirection off; default 2
 * @param minGapTokens    thinking tokens after a redirect's phrase before the next signal counts (so the model gets
 *                        room to take the new direction); default 256
 * @param loopRepeats     a block of words repeated this many times in a row is a loop (the sentence, line or n-gram
 *                        block said again and again); default 3
 * @param loopMinChars    a loop covers at least this many characters, so a short repeated run ("0 0 0" in a
 *                        matrix, three rows of a zero table) is not one; default 60
 * @param loopMaxWords    the longest repeated block looked for, in words; default 64
 * @param failedChecks    this many refuted steps (the state detector's arithmetic errors and contradictions, each
 *                        not taken back) since the last redirect are a run of failed attempts; default 3
 * @param stallTokens     this many thinking tokens with no sentence that brings a new number, a new equation or a
 *                        conclusion are a stall; default 1024
 * @param roundTokens     a remote student is driven in rounds of at most this many tokens, so a loop is caught
 *                        within a round's length of where a local one would be; default 256
 * @param phrases         the phrases spliced in, used in turn; default "Wait, this is going in circles. Let me try a
 *                        different approach."
 */
public record RedirectConfig(int maxRedirects, int minGapTokens, int loopRepeats, int loopMinChars, int loopMaxWords,
                             int failedChecks, int stallTokens, int roundTokens, List<String> phrases) {
    public static final List<String> PHRASES = List.of("Wait, this is going in circles. Let me try a different approach.");

    public RedirectConfig {
        atLeast("maxRedirects", maxRedirects, 0);
        atLeast("minGapTokens", minGapTokens, 0);
        atLeast("loopRepeats", loopRepeats, 2);
        atLeast("loopMinChars", loopMinChars, 1);
        atLeast("loopMaxWords", loopMaxWords, 1);
        atLeast("failedChecks", failedChecks, 2);
        atLeast("stallTokens", stallTokens, 1);
        atLeast("roundTokens", roundTokens, 1);
        phrases = List.copyOf(phrases);
        if (phrases.isEmpty() || phrases.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("redirect phrases must be a non-empty list of non-blank phrases");
        }
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }

    /** The defaults above: GII redirects. */
    public static RedirectConfig defaults() {
        return new RedirectConfig(2, 256, 3, 60, 64, 3, 1024, 256, PHRASES);
    }

    /** No redirection (s1's budget forcing has none). */
    public static RedirectConfig off() {
        return defaults().withMaxRedirects(0);
    }

    public boolean enabled() {
        return maxRedirects > 0;
    }

    public RedirectConfig withMaxRedirects(int n) {
        return new RedirectConfig(n, minGapTokens, loopRepeats, loopMinChars, loopMaxWords, failedChecks, stallTokens,
                roundTokens, phrases);
    }

    public RedirectConfig withMinGapTokens(int n) {
        return new RedirectConfig(maxRedirects, n, loopRepeats, loopMinChars, loopMaxWords, failedChecks, stallTokens,
                roundTokens, phrases);
    }

    public RedirectConfig withStallTokens(int n) {
        return new RedirectConfig(maxRedirects, minGapTokens, loopRepeats, loopMinChars, loopMaxWords, failedChecks, n,
                roundTokens, phrases);
    }

    public RedirectConfig withRoundTokens(int n) {
        return new RedirectConfig(maxRedirects, minGapTokens, loopRepeats, loopMinChars, loopMaxWords, failedChecks,
                stallTokens, n, phrases);
    }

    public RedirectConfig withPhrases(List<String> p) {
        return new RedirectConfig(maxRedirects, minGapTokens, loopRepeats, loopMinChars, loopMaxWords, failedChecks,
                stallTokens, roundTokens, p);
    }

    /** The {@code n}-th phrase (0-based), rotating. */
    public String phrase(int n) {
        return phrases.get(n % phrases.size());
    }

    /** Keys of {@link #toJson()} (and of a policy file's {@code redirect} object). */
    public static final List<String> KEYS = List.of("max_redirects", "min_gap_tokens", "loop_repeats", "loop_min_chars",
            "loop_max_words", "failed_checks", "stall_tokens", "round_tokens", "phrases");

    /** Every knob, snake_case, as results files record it. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max_redirects", maxRedirects);
        m.put("min_gap_tokens", minGapTokens);
        m.put("loop_repeats", loopRepeats);
        m.put("loop_min_chars", loopMinChars);
        m.put("loop_max_words", loopMaxWords);
        m.put("failed_checks", failedChecks);
        m.put("stall_tokens", stallTokens);
        m.put("round_tokens", roundTokens);
        m.put("phrases", phrases);
        return m;
    }

    /** A config from a JSON-like map with any of {@link #KEYS} (the rest from {@code base}). */
    public static RedirectConfig fromJson(Map<String, ?> m, RedirectConfig base) {
        for (String k : m.keySet()) {
            if (!KEYS.contains(k)) throw new IllegalArgumentException("unknown redirect field '" + k + "'; known: " + KEYS);
        }
        return new RedirectConfig(i(m, "max_redirects", base.maxRedirects), i(m, "min_gap_tokens", base.minGapTokens),
                i(m, "loop_repeats", base.loopRepeats), i(m, "loop_min_chars", base.loopMinChars),
                i(m, "loop_max_words", base.loopMaxWords), i(m, "failed_checks", base.failedChecks),
                i(m, "stall_tokens", base.stallTokens), i(m, "round_tokens", base.roundTokens),
                m.containsKey("phrases") ? strings(m.get("phrases")) : base.phrases);
    }

    private static int i(Map<String, ?> m, String key, int otherwise) {
        Object v = m.get(key);
        if (v == null) return otherwise;
        if (!(v instanceof Integer n)) throw new IllegalArgumentException("redirect '" + key + "' must be an integer");
        return n;
    }

    private static List<String> strings(Object v) {
        if (!(v instanceof List<?> l) || !l.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException("redirect 'phrases' must be a list of strings");
        }
        return l.stream().map(String.class::cast).toList();
    }
}
