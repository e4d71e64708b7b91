package org.reasonbridge.levels;

import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A text with its level spans: ordered, non-overlapping, and together covering every non-whitespace character.
 * The segmenters here make spans that tile the text from its first non-whitespace character to its end: the
 * whitespace after a unit belongs to that unit, so a newline token is trained with the sentence it ends.
 *
 * @param text  the trace as the student will see it (tags already stripped)
 * @param spans in order of {@code start}; each span's {@link LevelSpan#source()} says why it has its level
 */
public record SegmentedTrace(String text, List<LevelSpan> spans) {

    public SegmentedTrace {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        spans = List.copyOf(spans);
        int covered = 0;
        for (int i = 0; i < spans.size(); i++) {
            LevelSpan span = spans.get(i);
            if (span.start() < covered) {
                throw new IllegalArgumentException("span " + i + " " + range(span) + " overlaps or precedes span " + (i - 1));
            }
            if (span.end() > text.length()) {
                throw new IllegalArgumentException("span " + i + " " + range(span) + " ends past the text (" + text.length() + " chars)");
            }
            requireWhitespace(text, covered, span.start());
            covered = span.end();
        }
        requireWhitespace(text, covered, text.length());
    }

    private static void requireWhitespace(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                throw new IllegalArgumentException("character " + i + " ('" + text.charAt(i) + "') is in no span");
            }
        }
    }

    private static String range(LevelSpan span) {
        return "[" + span.start() + ", " + span.end() + ")";
    }

    /** The span holding character {@code index}, if any. */
    public Optional<LevelSpan> spanAt(int index) {
        int lo = 0;
        int hi = spans.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            LevelSpan span = spans.get(mid);
            if (index < span.start()) hi = mid - 1;
            else if (index >= span.end()) lo = mid + 1;
            else return Optional.of(span);
        }
        return Optional.empty();
    }

    /** The level of character {@code index}, if any span holds it. */
    public Optional<ReasoningLevel> levelAt(int index) {
        return spanAt(index).map(LevelSpan::level);
    }

    /** Number of characters at {@code level}. */
    public int length(ReasoningLevel level) {
        return spans.stream().filter(s -> s.level() == level).mapToInt(LevelSpan::length).sum();
    }

    /**
     * The trace in the teacher's tag format ({@link TagSegmenter}): each thinking span wrapped in its tag, the
     * whitespace after it and {@link ReasoningLevel#OUTPUT} spans left outside (they have no tag). For a trace
     * without OUTPUT spans, segmenting the result with a {@link TagSegmenter} gives back this text and these levels:
     * a way to turn rule-labelled traces into editable tagged ones.
     */
    public String toTagged() {
        StringBuilder out = new StringBuilder(text.length() + 24 * spans.size());
        int at = 0;
        for (LevelSpan span : spans) {
            out.append(text, at, span.start());
            int[] core = trim(text, span.start(), span.end());
            Optional<String> tag = span.level().tagName();
            tag.ifPresent(t -> out.append('<').append(t).append('>'));
            out.append(text, core[0], core[1]);
            tag.ifPresent(t -> out.append("</").append(t).append('>'));
            out.append(text, core[1], span.end());
            at = span.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /** {@code [from, to)} without the whitespace at either end, as {@code {start, end}} (equal when all blank). */
    static int[] trim(CharSequence text, int from, int to) {
        while (from < to && Character.isWhitespace(text.charAt(from))) from++;
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) to--;
        return new int[] {from, to};
    }

    /** Spans extended to tile the text: each one up to the next span's start, the last one up to {@code end}. */
    static List<LevelSpan> tile(List<LevelSpan> spans, int end) {
        List<LevelSpan> out = new ArrayList<>(spans.size());
        for (int i = 0; i < spans.size(); i++) {
            int next = i + 1 < spans.size() ? spans.get(i + 1).start() : end;
            out.add(spans.get(i).withEnd(next));
        }
        return out;
    }
}
