package org.reasonbridge.inference;

import java.util.List;
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
}
