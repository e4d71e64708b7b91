package org.reasonbridge.lm;

import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.data.ThinkingSplit;

import java.util.Map;

/**
 * A {@link LanguageModel}'s answer. The thinking and the answer are split one way for every model: a separate
 * reasoning field ({@code reasoning}, {@code reasoning_content}, Anthropic's thinking blocks, Gemini's thought
 * parts) is the thinking; {@code <think>} or s1's markers inside the text (vLLM without a reasoning parser, R1-style
 * hosted models, this project's {@code serve}, a local model) are split by {@link ThinkingFormat}, knowing whether
 * the prompt opened the thinking.
 *
 * @param prompt           what was actually sent: the rendered prompt of a local model, the raw prompt of a
 *                         completion, the last user message of a chat to an API
 * @param text             the model's text ({@code content}, {@code text}, text blocks, the generated text); "" when none
 * @param reasoning        the reasoning the provider returned separately, or null
 * @param finishReason     the model's reason ({@code stop}, {@code length}, {@code end_turn}, {@code STOP}, ...), "" when none
 * @param promptTokens     null when unknown
 * @param completionTokens null when unknown (reasoning tokens included)
 * @param attempts         requests made for it (more than one only through {@link LanguageModel#retrying})
 * @param steering         what a test-time policy did to the generation ({@link SteeringReport}), JSON-ready, or
 *                         null when none steered it
 */
public record LmReply(String prompt, String text, String reasoning, String finishReason, Integer promptTokens,
                      Integer completionTokens, int attempts, Map<String, Object> steering) {
    public LmReply {
        prompt = prompt == null ? "" : prompt;
        text = text == null ? "" : text;
        finishReason = finishReason == null ? "" : finishReason;
        if (attempts < 1) throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
    }

    /** A reply no policy steered. */
    public LmReply(String prompt, String text, String reasoning, String finishReason, Integer promptTokens,
                   Integer completionTokens, int attempts) {
        this(prompt, text, reasoning, finishReason, promptTokens, completionTokens, attempts, null);
    }

    /** A reply that is just {@code text} (a stub, a journaled answer). */
    public static LmReply of(String text) {
        return new LmReply("", text, null, "stop", null, null, 1);
    }

    public LmReply withAttempts(int n) {
        return new LmReply(prompt, text, reasoning, finishReason, promptTokens, completionTokens, n, steering);
    }

    /** The text split into thinking and answer ({@link ThinkingFormat#splitAny(String, String)} with the prompt). */
    public ThinkingSplit split() {
        return ThinkingFormat.splitAny(text, prompt);
    }

    /** The separate reasoning when the provider gave one, else the thinking in the text ("" when none). */
    public String thinking() {
        return reasoning != null ? reasoning : split().thinking();
    }

    /** The answer: the text after its thinking ("" when the model stopped mid-thought). */
    public String answer() {
        return split().answer();
    }

    /** Whether the model ran out of tokens ({@code length}, Anthropic's {@code max_tokens}, Gemini's {@code MAX_TOKENS}). */
    public boolean hitLength() {
        return finishReason.equals("length") || finishReason.equalsIgnoreCase("max_tokens");
    }
}
