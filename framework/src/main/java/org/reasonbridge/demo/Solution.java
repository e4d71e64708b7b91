package org.reasonbridge.demo;

import java.util.List;

/**
 * A worked solution in the method's three levels: the plan (strategic), then each step's set-up (tactical) and
 * its work (operational: one calculation or deduction per line), then a check and the answer (operational).
 *
 * @param plan   what is asked and how to get there
 * @param steps  the steps in order
 * @param check  one line that checks the result
 * @param answer the final answer, as graded
 */
public record Solution(String plan, List<Step> steps, String check, String answer) {
    /** One step: what to do, then the lines that do it. */
    public record Step(String setup, List<String> work) {
        public Step {
            if (setup == null || setup.isBlank()) throw new IllegalArgumentException("a step needs its set-up");
            work = List.copyOf(work);
            if (work.isEmpty()) throw new IllegalArgumentException("a step needs its work: " + setup);
        }

        public Step(String setup, String... work) {
            this(setup, List.of(work));
        }
    }

    public Solution {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) throw new IllegalArgumentException("a solution needs a step");
    }

    /** The lines of work in all steps: the number of operations a solver must carry out. */
    public int operations() {
        return steps.stream().mapToInt(s -> s.work().size()).sum();
    }
}
