package org.reasonbridge.inference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One time GII (or budget forcing) stopped the model from ending its thinking and spliced a phrase in.
 *
 * @param position       index in the generated tokens where the phrase starts (for a remote student: in characters
 *                       of the generated text)
 * @param state          the state the detector read
 * @param evidence       why it read that state
 * @param phrase         the text spliced in
 * @param thinkingTokens thinking tokens generated before the phrase
 */
public record Intervention(int position, ReasoningState state, List<Evidence> evidence, String phrase,
                           int thinkingTokens) {
    public Intervention {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(phrase, "phrase");
        evidence = List.copyOf(evidence);
    }

    /** {@code position, state, evidence [{kind, start, end, text, explanation}], phrase, thinking_tokens}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
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
        return m;
    }
}
