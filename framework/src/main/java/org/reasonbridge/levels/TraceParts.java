package org.reasonbridge.levels;

import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rendered assistant response split into its thinking and its answer, with the format markers between them.
 * Offsets are into {@link #text()}. Two formats are recognised:
 * <ul>
 *   <li>{@link Format#THINK_TAGS} (Qwen3, DeepSeek-R1): {@code <think>thinking</think>answer}; the opening tag may
 *       be missing, since those chat templates put it in the prompt.</li>
 *   <li>{@link Format#S1} (s1, Qwen2.5 tokens): {@code <|im_start|>think\nthinking<|im_start|>answer\nanswer}.</li>
 * </ul>
 * A response with neither is all answer ({@link Format#NONE}). A response cut off while thinking (no closing
 * marker) has an empty answer at its end. A trailing end-of-turn token ({@code <|im_end|>}, {@code <|endoftext|>},
 * DeepSeek's {@code <｜end▁of▁sentence｜>}) is a marker, not answer text.
 *
 * @param text          the whole response
 * @param format        which markers were found
 * @param thinkingStart first character of the thinking (after the opening marker)
 * @param thinkingEnd   end of the thinking (where the closing marker starts); equal to the start when none
 * @param answerStart   first character of the answer (after the closing marker)
 * @param answerEnd     end of the answer (before a trailing end-of-turn token)
 * @param markers       the markers found, as {@link ReasoningLevel#OUTPUT} spans with source {@link LevelSpan#MARKER}
 */
public record TraceParts(String text, Format format, int thinkingStart, int thinkingEnd, int answerStart,
        int answerEnd, List<LevelSpan> markers) {

    /** Which thinking markers a response uses. */
    public enum Format { THINK_TAGS, S1, NONE }

    private static final String THINK_OPEN = "<think>";
    private static final String THINK_CLOSE = "</think>";
    private static final String S1_THINK = "<|im_start|>think";
    private static final String S1_ANSWER = "<|im_start|>answer";
    private static final List<String> END_OF_TURN = List.of("<|im_end|>", "<|endoftext|>", "<｜end▁of▁sentence｜>");

    public TraceParts {
        if (text == null || format == null) throw new IllegalArgumentException("text and format must not be null");
        if (!(0 <= thinkingStart && thinkingStart <= thinkingEnd && thinkingEnd <= answerStart
                && answerStart <= answerEnd && answerEnd <= text.length())) {
            throw new IllegalArgumentException("parts out of order: thinking [" + thinkingStart + ", " + thinkingEnd
                    + "), answer [" + answerStart + ", " + answerEnd + ") in " + text.length() + " chars");
        }
        markers = List.copyOf(markers);
    }

    /** Finds the thinking and the answer in {@code response}. */
    public static TraceParts split(String response) {
        List<LevelSpan> markers = new ArrayList<>();
        int end = endOfTurn(response, markers);
        int s1 = response.indexOf(S1_THINK);
        int close = response.indexOf(THINK_CLOSE);
        int open = response.indexOf(THINK_OPEN);
        if (s1 >= 0 && (close < 0 || s1 < close)) {
            int thinkStart = marker(markers, s1, S1_THINK.length());
            int answer = response.indexOf(S1_ANSWER, thinkStart);
            return answer < 0 || answer >= end
                    ? parts(response, Format.S1, thinkStart, end, end, end, markers)
                    : parts(response, Format.S1, thinkStart, answer, marker(markers, answer, S1_ANSWER.length()), end, markers);
        }
        if (close >= 0 || open >= 0) {
            int thinkStart = open >= 0 && (close < 0 || open < close) ? marker(markers, open, THINK_OPEN.length()) : 0;
            return close < 0 || close >= end
                    ? parts(response, Format.THINK_TAGS, thinkStart, end, end, end, markers)
                    : parts(response, Format.THINK_TAGS, thinkStart, close, marker(markers, close, THINK_CLOSE.length()), end, markers);
        }
        return parts(response, Format.NONE, 0, 0, 0, end, markers);
    }

    private static TraceParts parts(String text, Format format, int thinkingStart, int thinkingEnd, int answerStart,
            int answerEnd, List<LevelSpan> markers) {
        markers.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return new TraceParts(text, format, thinkingStart, thinkingEnd, answerStart, answerEnd, markers);
    }

    /** Adds the marker at {@code at} and returns where it ends. */
    private static int marker(List<LevelSpan> markers, int at, int length) {
        markers.add(new LevelSpan(ReasoningLevel.OUTPUT, at, at + length, LevelSpan.MARKER));
        return at + length;
    }

    /** Where the response ends before a trailing end-of-turn token (added to {@code markers}). */
    private static int endOfTurn(String response, List<LevelSpan> markers) {
        int end = SegmentedTrace.trim(response, 0, response.length())[1];
        for (String token : END_OF_TURN) {
            if (end >= token.length() && response.startsWith(token, end - token.length())) {
                marker(markers, end - token.length(), token.length());
                return end - token.length();
            }
        }
        return response.length();
    }

    public String thinking() {
        return text.substring(thinkingStart, thinkingEnd);
    }

    public String answer() {
        return text.substring(answerStart, answerEnd);
    }

    /** Whether there is an answer after the thinking (false when the response stopped mid-thought). */
    public boolean hasAnswer() {
        return !answer().isBlank();
    }

    /**
     * The whole response labelled: the thinking by {@code thinkingSegmenter}, the answer as
     * {@link ReasoningLevel#OUTPUT} ({@link LevelSpan#ANSWER}), the markers as OUTPUT ({@link LevelSpan#MARKER}),
     * since the student must learn to open and close its thinking. When the segmenter strips tags from the
     * thinking, the returned text is the response with the thinking replaced by the stripped version.
     */
    public SegmentedTrace segment(Segmenter thinkingSegmenter) {
        SegmentedTrace thought = thinkingSegmenter.segment(thinking());
        int delta = thought.text().length() - (thinkingEnd - thinkingStart);
        String whole = text.substring(0, thinkingStart) + thought.text() + text.substring(thinkingEnd);
        List<LevelSpan> spans = new ArrayList<>();
        // text before the thinking that is not a marker (rare: "Sure.<think>") is answer-like output
        addOutside(0, thinkingStart, 0, spans);
        for (LevelSpan span : thought.spans()) spans.add(span.shift(thinkingStart));
        addOutside(thinkingEnd, text.length(), delta, spans);
        return new SegmentedTrace(whole, SegmentedTrace.tile(spans, whole.length()));
    }

    /** Markers and answer text in {@code [from, to)} of {@link #text()}, moved by {@code shift} into the new text. */
    private void addOutside(int from, int to, int shift, List<LevelSpan> spans) {
        int at = from;
        for (LevelSpan marker : markers) {
            if (marker.start() < from || marker.end() > to) continue;
            addAnswer(at, marker.start(), shift, spans);
            spans.add(marker.shift(shift));
            at = marker.end();
        }
        addAnswer(at, to, shift, spans);
    }

    private void addAnswer(int from, int to, int shift, List<LevelSpan> spans) {
        int[] core = SegmentedTrace.trim(text, from, to);
        if (core[0] < core[1]) {
            spans.add(new LevelSpan(ReasoningLevel.OUTPUT, core[0] + shift, core[1] + shift, LevelSpan.ANSWER));
        }
    }

    // ---- \boxed{...}

    /** Every {@code \boxed{...}} in {@code text} (braces balanced, {@code \{ \}} escaped), as OUTPUT spans over the whole command. */
    public static List<LevelSpan> boxed(String text) {
        List<LevelSpan> out = new ArrayList<>();
        for (int at = text.indexOf("\\boxed"); at >= 0; at = text.indexOf("\\boxed", at + 1)) {
            int brace = at + "\\boxed".length();
            while (brace < text.length() && text.charAt(brace) == ' ') brace++;
            if (brace >= text.length() || text.charAt(brace) != '{') continue;
            int close = matchingBrace(text, brace);
            if (close > 0) out.add(new LevelSpan(ReasoningLevel.OUTPUT, at, close + 1, LevelSpan.BOXED));
        }
        return out;
    }

    /** The last {@code \boxed{...}}: by convention the final answer. */
    public static Optional<LevelSpan> lastBoxed(String text) {
        List<LevelSpan> all = boxed(text);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** What the last {@code \boxed{...}} holds, without the command and its outer braces. */
    public static Optional<String> boxedContent(String text) {
        return lastBoxed(text).map(span -> text.substring(text.indexOf('{', span.start()) + 1, span.end() - 1));
    }

    /** Index of the brace closing the one at {@code open}; -1 when unbalanced. */
    private static int matchingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++; // \{ and \} are literal braces
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
