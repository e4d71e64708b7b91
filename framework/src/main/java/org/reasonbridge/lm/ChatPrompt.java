package org.reasonbridge.lm;

import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.model.tokenizer.ChatMessage;
import org.reasonbridge.model.tokenizer.ChatTemplate;
import org.reasonbridge.model.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a local model's prompt is rendered: through the model's chat template, or, for models without one, a fixed
 * plain layout ({@code "Problem: ...\n\n"}); the project's thinking-format prompt then opens the thinking
 * ({@link ThinkingFormat#QWEN3}'s {@code <think>\n}). Training renders its examples on the same prompt, so a model
 * is asked at test time exactly as it was taught.
 */
public final class ChatPrompt {
    /** The format whose opener ends a thinking-format prompt. */
    public static final ThinkingFormat FORMAT = ThinkingFormat.QWEN3;

    private final Optional<ChatTemplate> template;
    private final String endOfText;

    /**
     * @param template  the chat template, or empty for the plain layout
     * @param endOfText what ends a plain example so the model learns to stop (the tokenizer's eos token), or ""
     */
    public ChatPrompt(Optional<ChatTemplate> template, String endOfText) {
        this.template = template;
        this.endOfText = endOfText;
    }

    /** The prompt a tokenizer implies: its chat template when it has one, else the plain layout ending with its eos. */
    public static ChatPrompt forTokenizer(Tokenizer tokenizer) {
        return tokenizer.chatTemplate().isPresent() ? new ChatPrompt(tokenizer.chatTemplate(), "")
                : plain(tokenizer.eosToken().orElse(""));
    }

    /** The prompts of a model folder's tokenizer (its chat template), or the plain layout when {@code folder} is null. */
    public static ChatPrompt of(Path folder) {
        if (folder == null) return plain("");
        try (Tokenizer t = Tokenizer.load(folder)) {
            return forTokenizer(t);
        }
    }

    public static ChatPrompt plain(String endOfText) {
        return new ChatPrompt(Optional.empty(), endOfText);
    }

    public Optional<ChatTemplate> template() {
        return template;
    }

    public String endOfText() {
        return endOfText;
    }

    /**
     * Whether the model thinks in the thinking format: its chat template mentions the opener ({@code <think>}:
     * Qwen3, DeepSeek-R1), or it has no template (the plain layout, which training here renders with thinking).
     */
    public boolean hasThinking() {
        return template.map(t -> t.source().contains(FORMAT.start().strip())).orElse(true);
    }

    /** The generation prompt for a conversation (the plain layout poses its last user message). */
    public String render(List<ChatMessage> messages) {
        if (template.isPresent()) return template.get().render(messages.stream().map(ChatMessage::toMap).toList(), true, Map.of());
        return "Problem: " + LmRequest.chat(messages).userText().strip() + "\n\n";
    }

    /** The prompt for {@code problem} up to and including the opening of its thinking. */
    public String thinking(String problem) {
        return thinking(List.of(ChatMessage.user(problem)));
    }

    /** {@link #render} followed by the opening of the thinking. */
    public String thinking(List<ChatMessage> messages) {
        return render(messages) + FORMAT.start();
    }
}
