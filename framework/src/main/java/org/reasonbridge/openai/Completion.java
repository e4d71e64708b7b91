package org.reasonbridge.openai;

import java.util.List;

/**
 * A server's answer to a chat or completions request (streamed answers are assembled into the same shape).
 *
 * @param id      the response id
 * @param model   the model that answered
 * @param choices one per prompt (chat: one), in index order
 * @param usage   token counts, or null when the server sent none
 */
public record Completion(String id, String model, List<Choice> choices, Usage usage) {
    public Completion {
        choices = List.copyOf(choices);
    }

    /**
     * One answer.
     *
     * @param index        its position
     * @param text         {@code message.content} (chat) or {@code text} (completions); "" when absent
     * @param reasoning    {@code reasoning} or the older {@code reasoning_content}, or null when absent
     * @param finishReason {@code stop}, {@code length}, ... or null when the server sent none
     */
    public record Choice(int index, String text, String reasoning, String finishReason) {
    }

    /** Token counts as the server reported them. */
    public record Usage(int promptTokens, int completionTokens, int totalTokens) {
    }

    /** The first choice's text. */
    public String text() {
        if (choices.isEmpty()) throw new IllegalStateException("the response has no choices");
        return choices.get(0).text();
    }

    /** The first choice's reasoning, or null. */
    public String reasoning() {
        return choices.isEmpty() ? null : choices.get(0).reasoning();
    }

    public String finishReason() {
        return choices.isEmpty() ? null : choices.get(0).finishReason();
    }
}
