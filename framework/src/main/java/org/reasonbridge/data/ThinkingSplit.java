package org.reasonbridge.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A completion split into thinking and answer by {@link ThinkingFormat#split}: offsets into {@link #text()}, with
 * the markers between the parts.
 *
 * @param text          the whole completion
 * @param format        the format whose markers were found (or whose opener the prompt ended with); null when the
 *                      completion has no thinking
 * @param thinkingStart first character of the thinking (after the opening marker)
 * @param thinkingEnd   end of the thinking (where the closing marker starts); equal to the start when none
 * @param answerStart   first character of the answer (after the closing marker)
 * @param answerEnd     end of the answer (before a trailing end-of-turn token)
 * @param closed        whether a closing marker ended the thinking (false when there was none, or it was cut off)
 * @param markers       the opening, closing and end-of-turn markers found, in text order
 */
public record ThinkingSplit(String text, ThinkingFormat format, int thinkingStart, int thinkingEnd, int answerStart,
                            int answerEnd, boolean closed, List<Marker> markers) {
    /** A marker's place in the text: {@code [start, end)}. */
    public record Marker(int start, int end) {
        public String of(String text) {
            return text.substring(start, end);
        }
    }

    public ThinkingSplit {
        if (text == null) throw new IllegalArgumentException("text must not be null");
        if (!(0 <= thinkingStart && thinkingStart <= thinkingEnd && thinkingEnd <= answerStart
                && answerStart <= answerEnd && answerEnd <= text.length())) {
            throw new IllegalArgumentException("parts out of order: thinking [" + thinkingStart + ", " + thinkingEnd
                    + "), answer [" + answerStart + ", " + answerEnd + ") in " + text.length() + " chars");
        }
        List<Marker> sorted = new ArrayList<>(markers);
        sorted.sort(Comparator.comparingInt(Marker::start));
        markers = List.copyOf(sorted);
    }

    /** A completion that is all answer (a provider that returned its reasoning separately, or none). */
    public static ThinkingSplit answerOnly(String answer) {
        return new ThinkingSplit(answer, null, 0, 0, 0, answer.length(), false, List.of());
    }

    /** Whether the completion has thinking (markers, or a prompt that opened it). */
    public boolean hasThinking() {
        return format != null;
    }

    public String thinking() {
        return text.substring(thinkingStart, thinkingEnd);
    }

    public String answer() {
        return text.substring(answerStart, answerEnd);
    }

    /** Whether there is an answer after the thinking (false when the completion stopped mid-thought). */
    public boolean hasAnswer() {
        return !answer().isBlank();
    }
}
