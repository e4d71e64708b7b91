package org.reasonbridge.eval;

import org.reasonbridge.data.Problem;

import org.reasonbridge.grading.Grader;

import java.util.List;

/** A loaded benchmark: its name, how its answers are graded, and its problems in file order. */
public record Benchmark(String name, Grader grader, List<Problem> problems) {
    public Benchmark {
        problems = List.copyOf(problems);
        if (problems.isEmpty()) throw new IllegalArgumentException("benchmark " + name + " has no problems");
    }
}
