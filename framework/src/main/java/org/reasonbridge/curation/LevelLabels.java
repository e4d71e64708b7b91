package org.reasonbridge.curation;

import org.reasonbridge.levels.Segmenter;
import org.reasonbridge.levels.TagFormatException;
import org.reasonbridge.levels.TagSegmenter;
import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.Locale;

/**
 * Where a trace's reasoning levels come from, checked once when the trace arrives: the teacher's own level tags
 * ({@link TagSegmenter}'s format, asked for by {@link TeacherInstructions}), or the rules for a trace without tags,
 * or the rules for a trace whose tags break the format (the tags are then removed, so training labels it by rule
 * instead of refusing it).
 *
 * @param source   how the levels are labelled
 * @param thinking the thinking to train on: the teacher's, tags and all, unless they were invalid (then without them)
 * @param plain    the thinking without any tags: what the quality rules read and trace length counts
 * @param error    why the tags were refused ({@link Source#RULES_AFTER_INVALID_TAGS}), else ""
 */
public record LevelLabels(Source source, String thinking, String plain, String error) {
    /** How a trace's levels are labelled, by its name in the audit and the provenance. */
    public enum Source {
        /** The teacher tagged its thinking, and the tags are valid. */
        TEACHER_TAGS,
        /** No tags: the rule segmenter labels the thinking. */
        RULES,
        /** The teacher's tags break the format: removed, the rules label the thinking. */
        RULES_AFTER_INVALID_TAGS;

        /** {@code teacher-tags}, {@code rules}, {@code rules-after-invalid-tags}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Validates the tags only: untagged stretches get one fixed level, since only the tags are checked here. */
    private static final TagSegmenter VALIDATOR = TagSegmenter.withFallback(Segmenter.constant(ReasoningLevel.thinkingLevels().get(0)));

    /** The labels of {@code thinking}, the trace of problem {@code id} (named in a tag error). */
    public static LevelLabels of(String id, String thinking) {
        try {
            String plain = VALIDATOR.segment(id, thinking).text();
            return TagSegmenter.hasTags(thinking) ? new LevelLabels(Source.TEACHER_TAGS, thinking, plain, "")
                    : new LevelLabels(Source.RULES, thinking, thinking, "");
        } catch (TagFormatException e) {
            String plain = TagSegmenter.withoutTags(thinking);
            return new LevelLabels(Source.RULES_AFTER_INVALID_TAGS, plain, plain, e.getMessage());
        }
    }
}
