package org.reasonbridge.teacher;

import org.reasonbridge.data.Fingerprint;
import org.reasonbridge.data.Problem;

import java.util.Objects;

/**
 * What the teacher is asked besides the problem: instructions appended to it in the one user message (level tags,
 * a final {@code \boxed{}} answer, ...). A {@link TeacherRun} records its prompt in the journal, and the prompt is
 * part of every journaled answer's fingerprint, so a changed prompt asks the teacher again.
 *
 * @param instructions text after the problem, "" for none ({@link #NONE}: the problem as posed, alone)
 */
public record TeacherPrompt(String instructions) {
    /** The problem as posed and nothing else. */
    public static final TeacherPrompt NONE = new TeacherPrompt("");

    public TeacherPrompt {
        instructions = Objects.requireNonNull(instructions, "instructions").strip();
    }

    /** The user message for {@code problem}: {@link Problem#posed()}, then a blank line and the instructions. */
    public String render(Problem problem) {
        return instructions.isEmpty() ? problem.posed() : problem.posed() + "\n\n" + instructions;
    }

    /** A short fingerprint of the instructions ("" for none), as the journal records it. */
    public String fingerprint() {
        return instructions.isEmpty() ? "" : Fingerprint.of(instructions);
    }
}
