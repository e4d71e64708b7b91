package org.reasonbridge.openai;

import org.reasonbridge.model.tokenizer.ChatMessage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chat completion request. Unset (null) options are left out of the JSON, so the server's defaults apply;
 * {@code extra} fields are sent as they are (e.g. {@code top_k}, {@code chat_template_kwargs}).
 *
 * @param model       the model id
 * @param messages    the conversation, at least one
 * @param maxTokens   {@code max_tokens}, null = server default
 * @param temperature null = server default (OpenAI: 1)
 * @param topP        null = server default
 * @param stop        stop strings, default none
 * @param seed        null = none
 * @param extra       more body fields, default none
 */
public record ChatRequest(String model, List<ChatMessage> messages, Integer maxTokens, Double temperature, Double topP,
                          List<String> stop, Long seed, Map<String, Object> extra) {
    public ChatRequest {
        if (model == null || model.isBlank()) throw new IllegalArgumentException("model must not be blank");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) throw new IllegalArgumentException("messages must not be empty");
        if (maxTokens != null && maxTokens < 0) throw new IllegalArgumentException("maxTokens must be >= 0, got " + maxTokens);
        stop = stop == null ? List.of() : List.copyOf(stop);
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }

    /** A request with every option left to the server. */
    public static ChatRequest of(String model, List<ChatMessage> messages) {
        return new ChatRequest(model, messages, null, null, null, List.of(), null, Map.of());
    }

    /** One user message. */
    public static ChatRequest of(String model, String userMessage) {
        return of(model, List.of(ChatMessage.user(userMessage)));
    }

    public ChatRequest withMaxTokens(int n) {
        return new ChatRequest(model, messages, n, temperature, topP, stop, seed, extra);
    }

    public ChatRequest withTemperature(double t) {
        return new ChatRequest(model, messages, maxTokens, t, topP, stop, seed, extra);
    }

    public ChatRequest withTopP(double p) {
        return new ChatRequest(model, messages, maxTokens, temperature, p, stop, seed, extra);
    }

    public ChatRequest withStop(String... s) {
        return new ChatRequest(model, messages, maxTokens, temperature, topP, List.of(s), seed, extra);
    }

    public ChatRequest withSeed(long s) {
        return new ChatRequest(model, messages, maxTokens, temperature, topP, stop, s, extra);
    }

    /** Adds one more body field. */
    public ChatRequest with(String field, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(extra);
        m.put(field, value);
        return new ChatRequest(model, messages, maxTokens, temperature, topP, stop, seed, m);
    }
}
