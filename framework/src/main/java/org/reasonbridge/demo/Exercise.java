package org.reasonbridge.demo;

import java.util.Optional;

/** One problem of the mini world: its text, its exact answer, and the worked solution the teacher writes. */
public interface Exercise {
    MiniDomain domain();

    /** The difficulty knob, 1 (one or two operations) to 5 (many). */
    int level();

    /** The problem as posed, in the domain's fixed phrasing. */
    String text();

    /** The exact answer (an integer, or a name for the logic puzzles). */
    String answer();

    Solution solution();

    /**
     * The problem a reader who misread one of its numbers (or one statement) would solve, with another answer; empty
     * when no small misreading changes the answer. The teacher's wrong-answer traces solve this one.
     */
    Optional<Exercise> misread();

    /** A plausible wrong answer: the misread problem's, else a number one larger; empty if neither exists. */
    default Optional<String> wrongAnswer() {
        return misread().map(Exercise::answer).or(() -> answer().matches("-?\\d{1,17}")
                ? Optional.of(Long.toString(Long.parseLong(answer()) + 1)) : Optional.empty());
    }
}
