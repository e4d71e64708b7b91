package org.reasonbridge.notebook;

import org.reasonbridge.levels.LevelRenderer;
import org.reasonbridge.levels.RuleSegmenter;
import org.reasonbridge.levels.SegmentedTrace;

/** Reasoning traces coloured by level (strategic, tactical, operational, output), with a legend. */
public final class Traces {
    private Traces() {
    }

    /** The trace as {@link LevelRenderer#html} draws it; the plain form is the tagged text. */
    public static MimeBundle levels(SegmentedTrace trace) {
        return MimeBundle.html(LevelRenderer.html(trace), trace.toTagged());
    }

    /** {@code thinking} split into levels by the standard rules, then as {@link #levels(SegmentedTrace)}. */
    public static MimeBundle levels(String thinking) {
        return levels(RuleSegmenter.standard().segment(thinking));
    }
}
