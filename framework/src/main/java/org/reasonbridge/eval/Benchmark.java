package org.reasonbridge.eval;

import org.reasonbridge.data.Problem;

import org.reasonbridge.grading.Grader;

import java.util.List;

/**
 * A loaded benchmark: its name, how its answers are graded, its problems in file order, and the solved examples
 * its standard few-shot setup shows before a question ({@link Fewshot#NONE} when it has none).
 */
public record Benchmark(String name, Grader grader, List<Problem> problems, Fewshot fewshot) {
    public Benchmark {
        problems = List.copyOf(problems);
        if (problems.isEmpty()) throw new IllegalArgumentException("benchmark " + name + " has no problems");
        if (fewshot == null) fewshot = Fewshot.NONE;
    }

    /** A benchmark without few-shot examples. */
    public Benchmark(String name, Grader grader, List<Problem> problems) {
        this(name, grader, problems, Fewshot.NONE);
    }
}
