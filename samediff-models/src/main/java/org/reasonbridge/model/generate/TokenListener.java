package org.reasonbridge.model.generate;

/** Receives generated text as it appears (streaming); {@code textDelta} may be empty while UTF-8 is incomplete. */
@FunctionalInterface
public interface TokenListener {
    TokenListener NONE = (row, token, textDelta) -> { };

    void onToken(int row, int token, String textDelta);
}
