package org.reasonbridge.data;

/**
 * A teacher's answer to one problem: its reasoning (thinking blocks, {@code reasoning_content}, thought parts)
 * and its final response, with who produced it and what it cost.
 *
 * @param problemId        the {@link Problem#id()} it answers
 * @param teacher          provider and model, e.g. {@code openai:o3-mini}, {@code anthropic:claude-...}, {@code local:DIR}
 * @param thinking         the reasoning text ("" when the provider returned none)
 * @param response         the answer text after the reasoning
 * @param finishReason     the provider's reason ({@code stop}, {@code length}, ...)
 * @param promptTokens     -1 when unknown
 * @param completionTokens -1 when unknown (reasoning tokens included)
 */
public record Trace(String problemId, String teacher, String thinking, String response, String finishReason,
                    int promptTokens, int completionTokens) {
    public Trace {
        if (problemId == null || problemId.isBlank()) throw new IllegalArgumentException("a trace needs its problem id");
        thinking = thinking == null ? "" : thinking;
        response = response == null ? "" : response;
        finishReason = finishReason == null ? "" : finishReason;
    }
}
