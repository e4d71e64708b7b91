package org.reasonbridge.model.generate;

/** Why a row stopped generating. */
public enum FinishReason {
    /** A stop token (end of sequence) was produced. */
    STOP_TOKEN,
    /** A stop string appeared in the text. */
    STOP_STRING,
    /** {@code maxNewTokens} were generated. */
    LENGTH,
    /** The {@link DecodeHook} ended the row. */
    HOOK
}
