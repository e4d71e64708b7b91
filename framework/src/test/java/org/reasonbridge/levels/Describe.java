package org.reasonbridge.levels;

import java.util.List;

/** Test helper: a trace's spans as readable strings, {@code "LEVEL source: trimmed text"}. */
final class Describe {
    private Describe() {
    }

    static List<String> spans(SegmentedTrace trace) {
        return trace.spans().stream().map(s -> s.level() + " " + s.source() + ": " + s.of(trace.text()).strip()).toList();
    }

    static List<String> levels(SegmentedTrace trace) {
        return trace.spans().stream().map(s -> s.level() + ": " + s.of(trace.text()).strip()).toList();
    }

    /** The text from the first span on, rebuilt from the spans alone: spans that tile give the text back. */
    static String reassembled(SegmentedTrace trace) {
        StringBuilder out = new StringBuilder();
        trace.spans().forEach(s -> out.append(s.of(trace.text())));
        return out.toString();
    }
}
