package org.reasonbridge.curation;

import org.reasonbridge.data.JsonLines;
import org.reasonbridge.levels.TagSegmenter;
import org.reasonbridge.teacher.TeacherPrompt;

import java.nio.file.Path;

/**
 * What curation asks the teacher besides the problem. By default ({@link #DEFAULT}): label the reasoning with the
 * three level tags ({@link TagSegmenter#TEACHER_PROMPT}, the instructions and a worked example) and end with the
 * final answer in {@code \boxed{}}, so that the levels come from the teacher and the answer is where the quality
 * filter, {@code sweep} and evaluation look. {@code curate --teacher-prompt FILE} replaces it; the teacher journal
 * records the prompt, and a changed prompt asks the teacher again.
 */
public final class TeacherInstructions {
    /** The closing instruction of the default prompt. */
    public static final String FINAL_ANSWER = "After your reasoning, give a short solution and end it with the final answer in "
            + "\\boxed{...} (for a multiple-choice question, the letter of the option; for a programming task, the complete "
            + "code in one ```python code block instead).";

    /** Level tags and a boxed final answer. */
    public static final TeacherPrompt DEFAULT = new TeacherPrompt(TagSegmenter.TEACHER_PROMPT + "\n" + FINAL_ANSWER);

    private TeacherInstructions() {
    }

    /** The instructions in {@code file} (UTF-8 text; blank = the problem alone). */
    public static TeacherPrompt read(Path file) {
        return new TeacherPrompt(JsonLines.text(file));
    }
}
