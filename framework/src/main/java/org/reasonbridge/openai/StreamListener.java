package org.reasonbridge.openai;

/** Receives a streamed answer as it arrives; either delta may be empty. */
@FunctionalInterface
public interface StreamListener {
    StreamListener NONE = (index, text, reasoning) -> { };

    void onDelta(int index, String text, String reasoning);
}
