package org.reasonbridge.lm;

import org.reasonbridge.model.tokenizer.ChatMessage;

import java.util.List;

/**
 * What a {@link LanguageModel} is asked: chat messages (rendered by the model's chat template, locally or by the
 * server) or a raw completion prompt, with the generation settings. Unset (null) settings are the model's own
 * defaults.
 *
 * @param messages    the conversation; empty for a completion
 * @param prompt      the raw prompt of a completion; null for a chat
 * @param maxTokens   completion tokens at most, null = the model's default
 * @param stop        stop strings (not included in the text), default none
 * @param temperature null = the model's default (0 = greedy)
 * @param subject     what the request is about, for a test-time policy's detector (the problem text); null = the
 *                    last user message or the prompt
 */
public record LmRequest(List<ChatMessage> messages, String prompt, Integer maxTokens, List<String> stop,
                        Double temperature, String subject) {
    public LmRequest {
        messages = messages == null ? List.of() : List.copyOf(messages);
        if (messages.isEmpty() == (prompt == null)) {
            throw new IllegalArgumentException("a request has chat messages or a completion prompt, exactly one of them");
        }
        if (maxTokens != null && maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
        if (temperature != null && temperature < 0) throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    /** One user message. */
    public static LmRequest chat(String userMessage) {
        return chat(List.of(ChatMessage.user(userMessage)));
    }

    public static LmRequest chat(List<ChatMessage> messages) {
        return new LmRequest(messages, null, null, List.of(), null, null);
    }

    /** A raw prompt, continued as it is. */
    public static LmRequest completion(String prompt) {
        return new LmRequest(List.of(), prompt, null, List.of(), null, null);
    }

    public LmRequest withMaxTokens(int n) {
        return new LmRequest(messages, prompt, n, stop, temperature, subject);
    }

    public LmRequest withStop(List<String> s) {
        return new LmRequest(messages, prompt, maxTokens, s, temperature, subject);
    }

    public LmRequest withTemperature(double t) {
        return new LmRequest(messages, prompt, maxTokens, stop, t, subject);
    }

    public LmRequest withSubject(String s) {
        return new LmRequest(messages, prompt, maxTokens, stop, temperature, s);
    }

    public boolean isChat() {
        return prompt == null;
    }

    /** The raw prompt, or the last user message (the whole conversation's text when it has none). */
    public String userText() {
        if (!isChat()) return prompt;
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) return messages.get(i).content();
        }
        return String.join("\n\n", messages.stream().map(ChatMessage::content).toList());
    }

    /** What the request is about: {@link #subject} when set, else {@link #userText()}. */
    public String aboutWhat() {
        return subject != null ? subject : userText();
    }
}
