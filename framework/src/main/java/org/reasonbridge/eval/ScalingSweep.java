package org.reasonbridge.eval;

import org.reasonbridge.data.Problem;

import org.reasonbridge.model.Model;
import org.reasonbridge.inference.SteeringHook;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.model.generate.Generation;
import org.reasonbridge.model.generate.GenerationConfig;
import org.reasonbridge.model.generate.TokenListener;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Test-time scaling experiments (the shape of the paper's Figure 4): accuracy against the number of
 * interventions and against the thinking budget, for each method (guided intervention, s1's budget forcing)
 * side by side. One row per (method, interventions, budget) with accuracy and the mean thinking tokens used.
 */
public final class ScalingSweep {
    /**
     * A test-time method at one setting: a fresh steering hook per generation of {@code problem}, which reports the
     * thinking tokens it let through (the one count, {@link SteeringHook#thinkingTokens}).
     */
    @FunctionalInterface
    public interface Method {
        SteeringHook hook(Problem problem, int interventions, int thinkingBudget);
    }

    private final Model model;
    private final Function<Problem, String> prompt;
    private final BiPredicate<String, String> grader;
    private final GenerationConfig generation;

    /**
     * @param prompt      renders a problem as the prompt text (chat template, thinking opener)
     * @param grader      (completion, reference answer) -> correct
     * @param generation  sampling and the overall token cap (greedy by default)
     */
    public ScalingSweep(Model model, Function<Problem, String> prompt, BiPredicate<String, String> grader,
                        GenerationConfig generation) {
        this.model = model;
        this.prompt = prompt;
        this.grader = grader;
        this.generation = generation;
    }

    /** A registry policy ({@code gii}, {@code budget-forcing}) as a method: its knobs with K and the budget set. */
    public static Method method(Model model, TestTimePolicy policy) {
        return (problem, k, budget) -> policy.withMaxInterventions(k).withThinkingBudget(budget)
                .steering(model, List.of(problem.question()));
    }

    /** Runs every method at every (interventions, budget) pair on every problem. */
    public Table run(List<Problem> problems, Map<String, Method> methods, List<Integer> interventions,
                     List<Integer> budgets) {
        if (problems.isEmpty()) throw new IllegalArgumentException("no problems to sweep over");
        StringColumn method = StringColumn.create("method");
        IntColumn k = IntColumn.create("interventions"), budget = IntColumn.create("thinking_budget");
        IntColumn n = IntColumn.create("problems"), correct = IntColumn.create("correct");
        DoubleColumn accuracy = DoubleColumn.create("accuracy"), thinking = DoubleColumn.create("mean_thinking_tokens");
        List<int[]> prompts = problems.stream().map(p -> model.tokenizer().encode(prompt.apply(p))).toList();
        for (Map.Entry<String, Method> m : methods.entrySet()) {
            for (int b : budgets) {
                for (int i : interventions) {
                    int right = 0;
                    long thinkTokens = 0;
                    for (int p = 0; p < problems.size(); p++) {
                        SteeringHook hook = m.getValue().hook(problems.get(p), i, b);
                        Generation g = model.generator().generate(List.of(prompts.get(p)), generation, hook,
                                TokenListener.NONE).get(0);
                        if (grader.test(g.text(), problems.get(p).answer())) right++;
                        thinkTokens += hook.thinkingTokens(0);
                    }
                    method.append(m.getKey());
                    k.append(i);
                    budget.append(b);
                    n.append(problems.size());
                    correct.append(right);
                    accuracy.append((double) right / problems.size());
                    thinking.append((double) thinkTokens / problems.size());
                }
            }
        }
        return Table.create("test-time scaling", method, k, budget, n, correct, accuracy, thinking);
    }

    /** Problems from training-format examples: the reference answer is the solution's last {@code \boxed{}}. */
    public static List<Problem> fromExamples(List<org.reasonbridge.data.Example> examples) {
        Map<String, Problem> out = new LinkedHashMap<>();
        for (var e : examples) {
            String answer = org.reasonbridge.levels.TraceParts.boxedContent(e.solution()).orElseThrow(() ->
                    new IllegalArgumentException("example '" + e.id() + "': the solution has no \\boxed{} answer"));
            out.put(e.id(), new Problem(e.id(), e.problem(), answer));
        }
        return List.copyOf(out.values());
    }
}
