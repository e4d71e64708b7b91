package org.reasonbridge.openai;

/** One turn of a conversation: {@code role} (system, user, assistant, ...) and its text. */
public record ChatMessage(String role, String content) {
    public ChatMessage {
        if (role == null || role.isBlank()) throw new IllegalArgumentException("role must not be blank");
        if (content == null) throw new IllegalArgumentException("content must not be null");
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
}
