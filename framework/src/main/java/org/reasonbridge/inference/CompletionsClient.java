package org.reasonbridge.inference;

import java.util.List;
import java.util.Objects;

/** A text-completions endpoint (OpenAI's {@code /v1/completions}, as vLLM serves it): how s1 drives remote students. */
@FunctionalInterface
public interface CompletionsClient {
    /**
     * Continues {@code prompt} for at most {@code maxTokens} tokens, stopping before any of {@code stop}.
     *
     * @throws CompletionsException when the endpoint fails or answers something unreadable
     */
    Completion complete(String prompt, int maxTokens, List<String> stop, double temperature);

    /**
     * One completion.
     *
     * @param text             the generated text (a stop string is not included)
     * @param finishReason     {@code "stop"} (a stop string or end of sequence), {@code "length"}, or what the
     *                         server said
     * @param completionTokens tokens generated ({@code usage.completion_tokens}), or -1 when the server did not say
     */
    record Completion(String text, String finishReason, int completionTokens) {
        public Completion {
            Objects.requireNonNull(text, "text");
            finishReason = finishReason == null ? "" : finishReason;
            if (completionTokens < -1) throw new IllegalArgumentException("completionTokens must be >= -1");
        }

        public boolean hitLength() {
            return "length".equals(finishReason);
        }
    }
}
