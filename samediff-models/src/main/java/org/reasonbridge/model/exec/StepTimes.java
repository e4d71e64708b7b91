package org.reasonbridge.model.exec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Time spent in each kind of plan step, over the whole process, printed to standard error at exit: with
 * {@code -Dreasonbridge.stepTimes=true}, for finding where a decode, prefill or training step goes (docs/performance.md).
 * Steps are grouped by op type, and by how a rewrite runs them ({@code SwishGradient (_swishderivative)}). Off by
 * default: then the plan only reads {@link #ON}.
 */
final class StepTimes {
    static final boolean ON = Boolean.getBoolean("reasonbridge.stepTimes");
    /** With {@code -Dreasonbridge.stepTimes.byName=true}: by op name, numbers as #, so each layer's ops add up. */
    private static final boolean BY_NAME = Boolean.getBoolean("reasonbridge.stepTimes.byName");
    private static final Map<String, long[]> BY_KIND = new ConcurrentHashMap<>(); // kind -> {calls, nanoseconds}

    static {
        if (ON) Runtime.getRuntime().addShutdownHook(new Thread(StepTimes::print, "step-times"));
    }

    private StepTimes() {
    }

    static void add(Step step, long nanos) {
        long[] c = BY_KIND.computeIfAbsent(kind(step), k -> new long[2]);
        synchronized (c) {
            c[0]++;
            c[1] += nanos;
        }
    }

    /** "(opName)" for a graph op, "Rewrite (opName)" for a step that computes it another way; or by name. */
    private static String kind(Step step) {
        String s = step.toString();
        if (BY_NAME) return s.replaceAll("\\d+", "#");
        int open = s.indexOf('('), close = s.indexOf(')', open + 1);
        String op = open < 0 || close < 0 ? s : s.substring(open, close + 1);
        return step instanceof PlanStep ? op : step.getClass().getSimpleName() + " " + op;
    }

    private static void print() {
        long total = 0;
        for (long[] c : BY_KIND.values()) total += c[1];
        System.err.printf("plan step times (all runs of this process): %.1f ms%n", total / 1e6);
        BY_KIND.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
                .forEach(e -> System.err.printf("  %-60s %9d calls %11.2f ms %9.1f us each%n", e.getKey(),
                        e.getValue()[0], e.getValue()[1] / 1e6, e.getValue()[1] / 1e3 / e.getValue()[0]));
    }
}
