package org.reasonbridge.levels;

import org.reasonbridge.data.Boxes;
import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.data.ThinkingSplit;
import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rendered assistant response split into its thinking and its answer, with the format markers between them as
 * level spans: the level view of {@link ThinkingFormat}'s one split rule. Offsets are into {@link #text()}. Two
 * formats are recognised:
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
    public enum Format {
        THINK_TAGS, S1, NONE;

        static Format of(ThinkingFormat format) {
            if (format == null) return NONE;
            return format.end().equals(ThinkingFormat.S1.end()) ? S1 : THINK_TAGS;
        }
    }

    public TraceParts {
        if (text == null || format == null) throw new IllegalArgumentException("text and format must not be null");
        if (!(0 <= thinkingStart && thinkingStart <= thinkingEnd && thinkingEnd <= answerStart
                && answerStart <= answerEnd && answerEnd <= text.length())) {
            throw new IllegalArgumentException("parts out of order: thinking [" + thinkingStart + ", " + thinkingEnd
                    + "), answer [" + answerStart + ", " + answerEnd + ") in " + text.length() + " chars");
        }
        markers = List.copyOf(markers);
    }

    /** Finds the thinking and the answer in {@code response} ({@link ThinkingFormat#splitAny(String)}). */
    public static TraceParts split(String response) {
        return of(ThinkingFormat.splitAny(response));
    }

    /** The level view of a split: its markers as {@link ReasoningLevel#OUTPUT} spans. */
    public static TraceParts of(ThinkingSplit split) {
        List<LevelSpan> markers = new ArrayList<>();
        for (ThinkingSplit.Marker m : split.markers()) {
            markers.add(new LevelSpan(ReasoningLevel.OUTPUT, m.start(), m.end(), LevelSpan.MARKER));
        }
        return new TraceParts(split.text(), Format.of(split.format()), split.thinkingStart(), split.thinkingEnd(),
                split.answerStart(), split.answerEnd(), markers);
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

    /** Every {@code \boxed{...}} in {@code text} ({@link Boxes}), as OUTPUT spans over the whole command. */
    public static List<LevelSpan> boxed(String text) {
        return Boxes.all(text).stream().map(b -> new LevelSpan(ReasoningLevel.OUTPUT, b.start(), b.end(), LevelSpan.BOXED)).toList();
    }

    /** The last {@code \boxed{...}}: by convention the final answer. */
    public static Optional<LevelSpan> lastBoxed(String text) {
        List<LevelSpan> all = boxed(text);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** What the last {@code \boxed{...}} holds, without the command and its outer braces. */
    public static Optional<String> boxedContent(String text) {
        return Boxes.lastContent(text);
    }
}
