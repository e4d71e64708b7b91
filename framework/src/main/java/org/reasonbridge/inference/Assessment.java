package org.reasonbridge.inference;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The detector's verdict on a piece of thinking: the state and every observation behind it.
 *
 * @param state    the reasoning state
 * @param evidence what was observed, in text order within each rule (empty for a clean COMPLETE)
 */
public record Assessment(ReasoningState state, List<Evidence> evidence) {
    public Assessment {
        Objects.requireNonNull(state, "state");
        evidence = List.copyOf(evidence);
    }

    /** The kinds of evidence present. */
    public Set<Evidence.Kind> kinds() {
        return evidence.stream().map(Evidence::kind).collect(Collectors.toCollection(
                () -> java.util.EnumSet.noneOf(Evidence.Kind.class)));
    }
}
