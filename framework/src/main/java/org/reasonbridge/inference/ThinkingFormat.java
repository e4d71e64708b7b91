package org.reasonbridge.inference;

import org.reasonbridge.model.tokenizer.Tokenizer;

import java.util.Objects;

/**
 * Where a model's thinking starts and ends, and how its answer is introduced. Presets: {@link #QWEN3} and
 * {@link #DEEPSEEK_R1} ({@code <think>...</think>}), {@link #S1} ({@code <|im_start|>think ... <|im_start|>answer}).
 * The end is always detected as a string in the decoded text (it may span several tokens); {@link #resolve} also
 * finds the single token that ends thinking when the tokenizer has one, so it is caught before it is emitted.
 *
 * @param start           text that opens thinking (the prompt usually ends with it), e.g. {@code "<think>\n"}
 * @param end             the end-of-thinking delimiter, e.g. {@code "</think>"}
 * @param endTokenId      the token that ends thinking, or -1 (string detection only); default -1 until resolved
 * @param answerSeparator text between the forced delimiter and the answer lead-in, e.g. {@code "\n\n"}
 * @param answerLeadIn    what starts a forced answer, default {@code "Final Answer:"}
 */
public record ThinkingFormat(String start, String end, int endTokenId, String answerSeparator, String answerLeadIn) {
    public static final String FINAL_ANSWER = "Final Answer:";
    /** Qwen3 (one token {@code </think>} in its real tokenizer). */
    public static final ThinkingFormat QWEN3 = new ThinkingFormat("<think>\n", "</think>", -1, "\n\n", FINAL_ANSWER);
    /** DeepSeek-R1 and its distills: the same tags as Qwen3. */
    public static final ThinkingFormat DEEPSEEK_R1 = QWEN3;
    /** s1 (arXiv 2501.19393): thinking and answer are chat segments; its vLLM code stops on {@code <|im_start|>}. */
    public static final ThinkingFormat S1 = new ThinkingFormat("<|im_start|>think\n", "<|im_start|>answer", -1, "\n",
            FINAL_ANSWER);

    public ThinkingFormat {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(answerSeparator, "answerSeparator");
        Objects.requireNonNull(answerLeadIn, "answerLeadIn");
        if (end == null || end.isEmpty()) throw new IllegalArgumentException("the end-of-thinking delimiter must not be empty");
        if (endTokenId < -1) throw new IllegalArgumentException("endTokenId must be >= -1, got " + endTokenId);
    }

    /** A format that ends thinking at {@code end} (string detection), with the Qwen3 start and answer lead-in. */
    public static ThinkingFormat endingAt(String end) {
        return QWEN3.withEnd(end, -1);
    }

    public ThinkingFormat withEnd(String delimiter, int tokenId) {
        return new ThinkingFormat(start, delimiter, tokenId, answerSeparator, answerLeadIn);
    }

    public ThinkingFormat withAnswerLeadIn(String leadIn) {
        return new ThinkingFormat(start, end, endTokenId, answerSeparator, leadIn);
    }

    /**
     * This format with {@link #endTokenId} set for {@code tokenizer}: the token whose text is the whole delimiter
     * ({@code </think>} in Qwen3), else a special token the delimiter starts with ({@code <|im_start|>} for s1, which
     * s1 itself stops on), else -1.
     */
    public ThinkingFormat resolve(Tokenizer tokenizer) {
        var whole = tokenizer.tokenId(end);
        if (whole.isPresent()) return withEnd(end, whole.getAsInt());
        for (int id : tokenizer.specialIds()) {
            if (end.startsWith(tokenizer.token(id))) return withEnd(end, id);
        }
        return withEnd(end, -1);
    }

    /** What budget forcing appends to end thinking: a newline, the delimiter, the separator and the lead-in. */
    public String forcedAnswer() {
        return "\n" + end + answerSeparator + answerLeadIn;
    }

    /** The thinking part of {@code generated}: after {@link #start} if the model wrote it, else all of it. */
    public String thinkingOf(String generated) {
        // the start as configured ("<think>\n"), else without its whitespace ("<think>")
        String opener = generated.contains(start) ? start : start.strip();
        int at = opener.isEmpty() ? -1 : generated.indexOf(opener);
        String thinking = at < 0 ? generated : generated.substring(at + opener.length());
        int stop = thinking.indexOf(end);
        return stop < 0 ? thinking : thinking.substring(0, stop);
    }
}
