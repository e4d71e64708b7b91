package org.reasonbridge.analysis;

import org.reasonbridge.eval.Sample;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reasoning-pattern case study (the paper's Figure 5): every trace of a run split into classified steps
 * ({@link StepClassifier}), their flow ({@link PatternFlow}), and a base and an enhanced model counted side by side
 * on the same problems.
 *
 * <p>Rates are per trace: "verification rate" is the share of traces with at least one verification step,
 * "backtracking rate" likewise; "error recovery" is the share of traces with a backtracking step whose answer is
 * right (NaN when no trace backtracks).
 */
public final class CaseStudy {
    private CaseStudy() {
    }

    /** One row per step of every sample: problem, correct, index, level (blank untagged), type, rule, text. */
    public static Table steps(RunFolder run, StepClassifier classifier) {
        StringColumn problem = StringColumn.create("problem"), level = StringColumn.create("level"),
                type = StringColumn.create("type"), rule = StringColumn.create("rule"), text = StringColumn.create("text");
        IntColumn index = IntColumn.create("index");
        tech.tablesaw.api.BooleanColumn correct = tech.tablesaw.api.BooleanColumn.create("correct");
        for (Sample s : run.samples().values()) {
            for (ReasoningStep st : classifier.steps(s)) {
                problem.append(s.id());
                correct.append(s.verdict());
                index.append(st.index());
                level.append(st.level() == null ? "" : st.level().id());
                type.append(st.type().label());
                rule.append(st.rule());
                text.append(st.text());
            }
        }
        return Table.create(run.benchmark() + " steps", problem, correct, index, level, type, rule, text);
    }

    /** The flow of every trace in {@code run}. */
    public static PatternFlow flow(RunFolder run, StepClassifier classifier) {
        List<List<ReasoningStep>> traces = new ArrayList<>();
        for (Sample s : run.samples().values()) traces.add(classifier.steps(s));
        return PatternFlow.of(traces);
    }

    /**
     * {@code base} and {@code enhanced} side by side: metric, then one column each (named as given). Rows: problems,
     * accuracy, mean steps per trace, each type's share of all steps, verification rate, backtracking rate, error
     * recovery.
     *
     * @throws IllegalArgumentException naming both folders when the runs' problem sets differ
     */
    public static Table compare(String baseName, RunFolder base, String enhancedName, RunFolder enhanced,
                                StepClassifier classifier) {
        if (baseName.equals(enhancedName)) throw new IllegalArgumentException("two columns named '" + baseName + "'");
        List<String> ids = RunFolder.sameProblems(base, enhanced);
        StringColumn metric = StringColumn.create("metric");
        for (String m : metricNames()) metric.append(m);
        return Table.create("reasoning patterns", metric, column(baseName, base, ids, classifier),
                column(enhancedName, enhanced, ids, classifier));
    }

    private static List<String> metricNames() {
        List<String> m = new ArrayList<>(List.of("problems", "accuracy", "mean steps per trace"));
        for (StepType t : StepType.values()) m.add("share of steps: " + t.label());
        m.addAll(List.of("verification rate", "backtracking rate", "error recovery"));
        return m;
    }

    private static DoubleColumn column(String name, RunFolder run, List<String> ids, StepClassifier classifier) {
        int steps = 0, verifying = 0, backtracking = 0, recovered = 0, correct = 0;
        int[] byType = new int[StepType.values().length];
        Map<String, Sample> samples = run.samples();
        for (String id : ids) {
            Sample s = samples.get(id);
            List<ReasoningStep> trace = classifier.steps(s);
            steps += trace.size();
            boolean v = false, b = false;
            for (ReasoningStep st : trace) {
                byType[st.type().ordinal()]++;
                v |= st.type() == StepType.VERIFICATION;
                b |= st.type() == StepType.BACKTRACKING;
            }
            if (v) verifying++;
            if (b) {
                backtracking++;
                if (s.verdict()) recovered++;
            }
            if (s.verdict()) correct++;
        }
        int n = ids.size();
        DoubleColumn c = DoubleColumn.create(name);
        c.append(n);
        c.append((double) correct / n);
        c.append((double) steps / n);
        for (int k : byType) c.append(steps == 0 ? Double.NaN : (double) k / steps);
        c.append((double) verifying / n);
        c.append((double) backtracking / n);
        c.append(backtracking == 0 ? Double.NaN : (double) recovered / backtracking);
        return c;
    }
}
