package org.reasonbridge.levels;

import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.List;

/**
 * Splits a thinking trace into level spans. A segmenter may return a different text than it was given
 * ({@link TagSegmenter} strips the tags); the spans are always in the returned text's offsets.
 */
@FunctionalInterface
public interface Segmenter {

    SegmentedTrace segment(String text);

    /** Everything at one level: one span from the first non-whitespace character to the end, source {@link LevelSpan#DEFAULT}. */
    static Segmenter constant(ReasoningLevel level) {
        return text -> {
            int[] trimmed = SegmentedTrace.trim(text, 0, text.length());
            return new SegmentedTrace(text, trimmed[0] == trimmed[1] ? List.of()
                    : List.of(new LevelSpan(level, trimmed[0], text.length(), LevelSpan.DEFAULT)));
        };
    }
}
