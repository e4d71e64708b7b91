package org.reasonbridge.levels;

import org.reasonbridge.model.levels.ReasoningLevel;

/**
 * A range {@code [start, end)} of characters (UTF-16 indices of a Java string) assigned one level, with the
 * reason it got that level: {@link #TAGGED}, a {@link LevelRule} name, or one of the other constants here.
 *
 * @param level  the level of every character in the range
 * @param start  first character, inclusive, {@code >= 0}
 * @param end    one past the last character, {@code > start} (spans are never empty)
 * @param source why: shown by {@link LevelRenderer} as the span's tooltip; not blank
 */
public record LevelSpan(ReasoningLevel level, int start, int end, String source) {

    /** The teacher tagged this span. */
    public static final String TAGGED = "TAGGED";
    /** No rule fired; the span keeps the level of the unit before it. */
    public static final String CARRIED = "CARRIED";
    /** No rule fired and nothing came before: the segmenter's default level. */
    public static final String DEFAULT = "DEFAULT";
    /** The answer after the thinking. */
    public static final String ANSWER = "ANSWER";
    /** A format marker such as {@code </think>}: trained, so the student learns to open and close its thinking. */
    public static final String MARKER = "MARKER";
    /** A {@code \boxed{...}} final answer. */
    public static final String BOXED = "BOXED";

    public LevelSpan {
        if (level == null) {
            throw new IllegalArgumentException("level must not be null");
        }
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("span [" + start + ", " + end + ") must have 0 <= start < end");
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source must not be blank");
        }
    }

    public int length() {
        return end - start;
    }

    /** The same span moved by {@code delta} characters (e.g. into a full conversation's offsets). */
    public LevelSpan shift(int delta) {
        return new LevelSpan(level, start + delta, end + delta, source);
    }

    /** The same span ending at {@code newEnd}. */
    public LevelSpan withEnd(int newEnd) {
        return new LevelSpan(level, start, newEnd, source);
    }

    /** The characters of {@code text} this span covers. */
    public String of(String text) {
        return text.substring(start, end);
    }
}
