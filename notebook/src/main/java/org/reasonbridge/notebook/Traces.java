package org.reasonbridge.notebook;

import org.reasonbridge.levels.LevelRenderer;
import org.reasonbridge.levels.RuleSegmenter;
import org.reasonbridge.levels.SegmentedTrace;
import org.reasonbridge.levels.TagSegmenter;

/** Reasoning traces coloured by level (strategic, tactical, operational, output), with a legend. */
public final class Traces {
    private Traces() {
    }

    /** The trace as {@link LevelRenderer#html} draws it; the plain form is the tagged text. */
    public static MimeBundle levels(SegmentedTrace trace) {
        return MimeBundle.html(LevelRenderer.html(trace), trace.toTagged());
    }

    /**
     * {@code thinking} split into levels, then as {@link #levels(SegmentedTrace)}: by its level tags when it has them
     * (a teacher's trace; untagged stretches by the rules), else by the standard rules.
     */
    public static MimeBundle levels(String thinking) {
        SegmentedTrace trace = TagSegmenter.hasTags(thinking)
                ? TagSegmenter.withFallback(RuleSegmenter.standard()).segment(thinking)
                : RuleSegmenter.standard().segment(thinking);
        return levels(trace);
    }
}
