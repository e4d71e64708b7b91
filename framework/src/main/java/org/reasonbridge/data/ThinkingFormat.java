package org.reasonbridge.data;

import org.reasonbridge.model.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a model marks its thinking, and the one rule that splits a completion into thinking and answer. Every part
 * of the project that reads a completion (the teacher, the renderer of training examples, the graders, the
 * test-time policies, the sweep, the level segmenter) splits it here, so they never disagree about where an
 * answer starts. Presets: {@link #QWEN3} = {@link #DEEPSEEK_R1} ({@code <think>}...{@code </think>}) and
 * {@link #S1} ({@code <|im_start|>think} ... {@code <|im_start|>answer}).
 *
 * <p><b>The split rule</b> ({@link #split(String, boolean)}):
 * <ol>
 *   <li>One trailing end-of-turn token ({@link #END_OF_TURN}) is a marker, not answer text.</li>
 *   <li>The first opener that comes before the first closer starts the thinking (text before it is neither
 *       thinking nor answer); without one, thinking starts at the beginning of the completion.</li>
 *   <li>The <em>first</em> closer after that ends the thinking, and the answer follows it. A later closer is
 *       answer text: a model that "closes" twice has already answered once. This is what vLLM's
 *       {@code deepseek_r1} and {@code qwen3} reasoning parsers do ({@code partition} on the end token).</li>
 *   <li>No closer: the completion was cut off while thinking, and the answer is empty, when there was an opener
 *       or the prompt ended with one ({@code opened}); with no marker at all and nothing opened, there was no
 *       thinking and all of it is answer. This is the only case in which the prompt matters.</li>
 * </ol>
 * The end of thinking is found as a string in the decoded text (it may span several tokens); {@link #resolve}
 * also finds the single token that ends thinking when the tokenizer has one, so a decoder catches it before it
 * is emitted.
 *
 * @param start           text that opens thinking (the prompt usually ends with it), e.g. {@code "<think>\n"}
 * @param end             the end-of-thinking delimiter, e.g. {@code "</think>"}
 * @param endTokenId      the token that ends thinking, or -1 (string detection only); default -1 until resolved
 * @param answerSeparator text between the delimiter and the answer, e.g. {@code "\n\n"}
 * @param answerLeadIn    what starts a forced answer, default {@link #FINAL_ANSWER}
 */
public record ThinkingFormat(String start, String end, int endTokenId, String answerSeparator, String answerLeadIn) {
    public static final String FINAL_ANSWER = "Final Answer:";
    /** Qwen3 (one token {@code </think>} in its real tokenizer); the layout training examples are rendered in. */
    public static final ThinkingFormat QWEN3 = new ThinkingFormat("<think>\n", "</think>", -1, "\n\n", FINAL_ANSWER);
    /** DeepSeek-R1 and its distills: the same tags as Qwen3 (their templates put the opener in the prompt). */
    public static final ThinkingFormat DEEPSEEK_R1 = QWEN3;
    /** s1 (arXiv 2501.19393): thinking and answer are chat segments; its vLLM code stops on {@code <|im_start|>}. */
    public static final ThinkingFormat S1 = new ThinkingFormat("<|im_start|>think\n", "<|im_start|>answer", -1, "\n",
            FINAL_ANSWER);
    /** The formats a completion of unknown origin is checked for, by {@link #splitAny}. */
    public static final List<ThinkingFormat> KNOWN = List.of(QWEN3, S1);
    /**
     * Tokens that end a turn (ChatML / Qwen, GPT-style, DeepSeek); one at the end of a completion is a marker,
     * not answer text.
     */
    public static final List<String> END_OF_TURN = List.of("<|im_end|>", "<|endoftext|>", "<｜end▁of▁sentence｜>");

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

    /** The opening marker as it is searched for in a completion: {@link #start} without its whitespace. */
    public String opener() {
        return start.strip();
    }

    /** What a forced end of thinking appends: a newline, the delimiter, the separator and the lead-in. */
    public String forcedAnswer() {
        return "\n" + end + answerSeparator + answerLeadIn;
    }

    /** An assistant turn in this format: the opener, the thinking, the delimiter, the separator, the answer. */
    public String assistantTurn(String thinking, String answer) {
        return start + thinking + "\n" + end + answerSeparator + answer;
    }

    /** Whether {@code prompt} ends with this format's opener (whitespace aside): the completion starts inside thinking. */
    public boolean opens(String prompt) {
        return prompt != null && !opener().isEmpty() && prompt.stripTrailing().endsWith(opener());
    }

    /** The known format whose opener ends {@code prompt}, if any. */
    public static Optional<ThinkingFormat> openedBy(String prompt) {
        return KNOWN.stream().filter(f -> f.opens(prompt)).findFirst();
    }

    /** The thinking part of text generated after a prompt that opened thinking (the policies' view). */
    public String thinkingOf(String generated) {
        return split(generated, true).thinking();
    }

    /**
     * Splits {@code completion} with this format's markers (the rule in the class comment).
     *
     * @param opened whether the prompt ended with the opener, so the completion starts inside thinking
     */
    public ThinkingSplit split(String completion, boolean opened) {
        Objects.requireNonNull(completion, "completion");
        List<ThinkingSplit.Marker> markers = new ArrayList<>();
        int end = endOfTurn(completion, markers);
        String opener = opener();
        int close = completion.indexOf(this.end);
        int open = opener.isEmpty() ? -1 : completion.indexOf(opener);
        boolean openerFirst = open >= 0 && (close < 0 || open < close);
        if (!openerFirst && close < 0 && !opened) {
            return new ThinkingSplit(completion, null, 0, 0, 0, end, false, markers);
        }
        int thinkingStart = openerFirst ? marker(markers, open, opener.length()) : 0;
        int closeAfter = completion.indexOf(this.end, thinkingStart);
        if (closeAfter < 0 || closeAfter >= end) {
            return new ThinkingSplit(completion, this, thinkingStart, end, end, end, false, markers);
        }
        int answerStart = marker(markers, closeAfter, this.end.length());
        return new ThinkingSplit(completion, this, thinkingStart, closeAfter, answerStart, end, true, markers);
    }

    /**
     * Splits a completion whose format is not known: with the known format whose first marker comes first in it
     * (all answer when it has none).
     */
    public static ThinkingSplit splitAny(String completion) {
        ThinkingFormat first = null;
        int at = Integer.MAX_VALUE;
        for (ThinkingFormat f : KNOWN) {
            int p = firstMarker(f, completion);
            if (p >= 0 && p < at) {
                first = f;
                at = p;
            }
        }
        return (first == null ? QWEN3 : first).split(completion, false);
    }

    /**
     * Splits a completion of {@code prompt}: with the format whose opener ends the prompt, the completion starting
     * inside its thinking; else as {@link #splitAny(String)}. {@code prompt} may be null (unknown).
     */
    public static ThinkingSplit splitAny(String completion, String prompt) {
        return openedBy(prompt).map(f -> f.split(completion, true)).orElseGet(() -> splitAny(completion));
    }

    private static int firstMarker(ThinkingFormat f, String completion) {
        int open = f.opener().isEmpty() ? -1 : completion.indexOf(f.opener());
        int close = completion.indexOf(f.end);
        return open < 0 ? close : close < 0 ? open : Math.min(open, close);
    }

    /** Adds the marker at {@code at} and returns where it ends. */
    private static int marker(List<ThinkingSplit.Marker> markers, int at, int length) {
        markers.add(new ThinkingSplit.Marker(at, at + length));
        return at + length;
    }

    /** Where the completion ends before a trailing end-of-turn token (added to {@code markers}). */
    private static int endOfTurn(String completion, List<ThinkingSplit.Marker> markers) {
        int end = completion.length();
        while (end > 0 && Character.isWhitespace(completion.charAt(end - 1))) end--;
        for (String token : END_OF_TURN) {
            if (end >= token.length() && completion.startsWith(token, end - token.length())) {
                marker(markers, end - token.length(), token.length());
                return end - token.length();
            }
        }
        return completion.length();
    }
}
