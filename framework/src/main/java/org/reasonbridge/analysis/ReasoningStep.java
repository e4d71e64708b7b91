package org.reasonbridge.analysis;

import org.reasonbridge.model.levels.ReasoningLevel;

/**
 * One step of a trace with its type and why it got it.
 *
 * @param index position in the trace, from 0
 * @param text  the step (a line of the thinking, level tags removed)
 * @param level the level the teacher's tag gave it, or null for an untagged trace
 * @param type  what the step does
 * @param rule  the rule that decided, e.g. "backtracking: wait" or "level: tactical" (a fallback)
 */
public record ReasoningStep(int index, String text, ReasoningLevel level, StepType type, String rule) {
    public ReasoningStep {
        if (text == null || type == null) throw new IllegalArgumentException("a step needs its text and type");
    }
}
