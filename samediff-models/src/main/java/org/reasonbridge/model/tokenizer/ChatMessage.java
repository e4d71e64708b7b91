package org.reasonbridge.model.tokenizer;

import java.util.Map;

/**
 * One turn of a conversation as chat templates see it: {@code {"role": ..., "content": ...}}.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text of the turn (for Qwen3 an assistant turn may hold {@code <think>...</think>})
 */
public record ChatMessage(String role, String content) {

    public ChatMessage {
        if (role == null || role.isBlank()) throw new IllegalArgumentException("role must be non-blank");
        if (content == null) throw new IllegalArgumentException("content must not be null (use \"\")");
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }

    /** The map a template receives. */
    public Map<String, Object> toMap() {
        return Map.of("role", role, "content", content);
    }
}
