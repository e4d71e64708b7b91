package org.reasonbridge.inference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One time GII (or budget forcing) steered the thinking: {@link #STOP}, the model tried to end its thinking and a
 * phrase went in instead; {@link #REDIRECT}, the path was unproductive ({@link PathMonitor}), the unproductive
 * stretch was cut and a redirect phrase went in where it began.
 *
 * @param kind           {@link #STOP} or {@link #REDIRECT}
 * @param position       index in the generated tokens where the phrase starts (for a remote student: in characters
 *                       of the generated text)
 * @param state          the state the detector read (for a redirect: of the text kept)
 * @param evidence       why (for a redirect: the signal, {@code LOOP}, {@code FAILED_CHECKS} or {@code NO_PROGRESS})
 * @param phrase         the text spliced in
 * @param thinkingTokens thinking tokens generated before the phrase (for a redirect: when the signal was seen)
 * @param removed        what a redirect cut, in the unit of {@code position}; 0 for a stop
 */
public record Intervention(String kind, int position, ReasoningState state, List<Evidence> evidence, String phrase,
                           int thinkingTokens, int removed) {
    /** At an attempt to end the thinking. */
    public static final String STOP = "stop";
    /** During generation, on an unproductive path. */
    public static final String REDIRECT = "redirect";

    public Intervention {
        if (!STOP.equals(kind) && !REDIRECT.equals(kind)) throw new IllegalArgumentException("unknown kind " + kind);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(phrase, "phrase");
        if (removed < 0) throw new IllegalArgumentException("removed must be >= 0, got " + removed);
        evidence = List.copyOf(evidence);
    }

    /** An intervention at an attempt to stop. */
    public Intervention(int position, ReasoningState state, List<Evidence> evidence, String phrase, int thinkingTokens) {
        this(STOP, position, state, evidence, phrase, thinkingTokens, 0);
    }

    /**
     * {@code kind, position, state, evidence [{kind, start, end, text, explanation}], phrase, thinking_tokens}, and
     * {@code removed} for a redirect.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("position", position);
        m.put("state", state.name());
        m.put("evidence", evidence.stream().map(e -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("kind", e.kind().name());
            x.put("start", e.start());
            x.put("end", e.end());
            x.put("text", e.text());
            x.put("explanation", e.explanation());
            return x;
        }).toList());
        m.put("phrase", phrase);
        m.put("thinking_tokens", thinkingTokens);
        if (kind.equals(REDIRECT)) m.put("removed", removed);
        return m;
    }
}
