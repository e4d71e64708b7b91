package org.reasonbridge.levels;

import java.util.Locale;
import java.util.Optional;

/**
 * The level a piece of a response is trained at. The three thinking levels follow the method's hierarchy;
 * {@link #OUTPUT} is the final answer or solution after the thinking, which the loss weights on its own.
 * {@link #index()} is the label {@link LevelMasks} writes per token.
 */
public enum ReasoningLevel {
    /** Problem decomposition, choice of approach, the overall plan, changes of plan. */
    STRATEGIC,
    /** Set-up of each sub-problem: variables, equations, cases, constraints, which theorem or algorithm. */
    TACTICAL,
    /** Execution: calculations, algebra, step-by-step deductions, checks. */
    OPERATIONAL,
    /** The final answer or solution shown to the user (after {@code </think>}), including the markers around it. */
    OUTPUT;

    /** The label of this level in {@link LevelMasks#levelPerToken()}: its ordinal, 0 to 3. */
    public int index() {
        return ordinal();
    }

    /** The tag name a teacher writes for this level ({@code strategic}), or empty for {@link #OUTPUT}, which is never tagged. */
    public Optional<String> tagName() {
        return this == OUTPUT ? Optional.empty() : Optional.of(name().toLowerCase(Locale.ROOT));
    }

    /** The thinking level tagged {@code name} (any case), if any. */
    public static Optional<ReasoningLevel> ofTagName(String name) {
        for (ReasoningLevel level : values()) {
            if (level.tagName().filter(name::equalsIgnoreCase).isPresent()) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }
}
