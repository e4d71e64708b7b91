package org.reasonbridge.eval;

import org.reasonbridge.data.Problem;

import org.reasonbridge.model.Model;
import org.reasonbridge.inference.RemoteForcing;
import org.reasonbridge.inference.SteeringHook;
import org.reasonbridge.lm.ChatPrompt;
import org.reasonbridge.lm.LanguageModel;
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
 * side by side, with a local model or a completions endpoint. One row per (method, interventions, budget) with
 * accuracy and the mean thinking tokens used, as the policy's one decision loop counted them.
 */
public final class ScalingSweep {
    /** One generation at one setting: the completion (after the prompt) and its thinking tokens. */
    public record Outcome(String completion, int thinkingTokens) {
    }

    /** A test-time method at one setting: thinks and answers one problem. */
    @FunctionalInterface
    public interface Method {
        Outcome run(Problem problem, int interventions, int thinkingBudget);
    }

    /**
     * A fresh steering hook per local generation of {@code problem}, which reports the thinking tokens it let
     * through ({@link SteeringHook#thinkingTokens}).
     */
    @FunctionalInterface
    public interface Hooks {
        SteeringHook hook(Problem problem, int interventions, int thinkingBudget);
    }

    /** Whether a completion answers a problem right (its reference, and its options for multiple choice). */
    @FunctionalInterface
    public interface Grading {
        boolean correct(String completion, Problem problem);
    }

    /** Hears the sweep advance: {@code done} of {@code total} problems at one (method, interventions, budget). */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (method, interventions, budget, done, total, correct) -> { };

        void progress(String method, int interventions, int budget, int done, int total, int correct);
    }

    private final Grading grader;

    /** @param grader (completion, reference answer) -> correct */
    public ScalingSweep(BiPredicate<String, String> grader) {
        this((Grading) (completion, problem) -> grader.test(completion, problem.answer()));
    }

    /** @param grader (completion, problem) -> correct, e.g. a benchmark's grader with its options */
    public ScalingSweep(Grading grader) {
        this.grader = grader;
    }

    /** A registry policy's hooks ({@code gii}, {@code budget-forcing}): its knobs with K and the budget set. */
    public static Hooks hooks(Model model, TestTimePolicy policy) {
        return (problem, k, budget) -> policy.withMaxInterventions(k).withThinkingBudget(budget)
                .steering(model, List.of(problem.question()));
    }

    /**
     * A local model steered by {@code hooks}.
     *
     * @param prompt     renders a problem as the prompt text (chat template, thinking opener)
     * @param generation sampling and the overall token cap (greedy by default)
     */
    public static Method local(Model model, Function<Problem, String> prompt, GenerationConfig generation, Hooks hooks) {
        Map<String, int[]> encoded = new java.util.HashMap<>();
        return (problem, k, budget) -> {
            int[] ids = encoded.computeIfAbsent(problem.id(), id -> model.tokenizer().encode(prompt.apply(problem)));
            SteeringHook hook = hooks.hook(problem, k, budget);
            Generation g = model.generator().generate(List.of(ids), generation, hook, TokenListener.NONE).get(0);
            return new Outcome(g.text(), hook.thinkingTokens(0));
        };
    }

    /** {@link #local(Model, Function, GenerationConfig, Hooks)} with a registry policy's hooks. */
    public static Method local(Model model, TestTimePolicy policy, Function<Problem, String> prompt, GenerationConfig generation) {
        return local(model, prompt, generation, hooks(model, policy));
    }

    /**
     * A student behind a completions endpoint, driven as s1 drives vLLM ({@link RemoteForcing}, the same decision
     * loop); the thinking tokens are the server's count.
     *
     * @param prompt       renders a problem as the prompt text, ending where thinking starts
     * @param answerTokens tokens allowed for the answer after thinking
     */
    public static Method remote(LanguageModel completions, TestTimePolicy policy, Function<Problem, String> prompt,
                                int answerTokens) {
        return (problem, k, budget) -> {
            RemoteForcing.Result r = policy.withMaxInterventions(k).withThinkingBudget(budget)
                    .remote(completions, ChatPrompt.FORMAT, answerTokens).run(prompt.apply(problem), problem.question());
            return new Outcome(r.completion(), r.thinkingTokens());
        };
    }

    /** Runs every method at every (interventions, budget) pair on every problem. */
    public Table run(List<Problem> problems, Map<String, Method> methods, List<Integer> interventions,
                     List<Integer> budgets) {
        return run(problems, methods, interventions, budgets, Progress.NONE);
    }

    /** {@link #run(List, Map, List, List)}, telling {@code progress} after every problem. */
    public Table run(List<Problem> problems, Map<String, Method> methods, List<Integer> interventions,
                     List<Integer> budgets, Progress progress) {
        if (problems.isEmpty()) throw new IllegalArgumentException("no problems to sweep over");
        StringColumn method = StringColumn.create("method");
        IntColumn k = IntColumn.create("interventions"), budget = IntColumn.create("thinking_budget");
        IntColumn n = IntColumn.create("problems"), correct = IntColumn.create("correct");
        DoubleColumn accuracy = DoubleColumn.create("accuracy"), thinking = DoubleColumn.create("mean_thinking_tokens");
        for (Map.Entry<String, Method> m : methods.entrySet()) {
            for (int b : budgets) {
                for (int i : interventions) {
                    int right = 0;
                    long thinkTokens = 0;
                    int done = 0;
                    for (Problem p : problems) {
                        Outcome o = m.getValue().run(p, i, b);
                        if (grader.correct(o.completion(), p)) right++;
                        thinkTokens += o.thinkingTokens();
                        progress.progress(m.getKey(), i, b, ++done, problems.size(), right);
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

    /**
     * Problems from training-format examples: the reference answer is the example's {@code answer} field when it has
     * one (curate writes the pool's reference there; the teacher's {@code \boxed{}} may be wrong), else the
     * solution's last {@code \boxed{}}.
     */
    public static List<Problem> fromExamples(List<org.reasonbridge.data.Example> examples) {
        Map<String, Problem> out = new LinkedHashMap<>();
        for (var e : examples) {
            String given = e.provenance().get("answer");
            String answer = given != null && !given.isBlank() ? given : org.reasonbridge.data.Boxes.lastContent(e.solution()).orElseThrow(() ->
                    new IllegalArgumentException("example '" + e.id() + "': no \"answer\" field and the solution has no \\boxed{} answer"));
            out.put(e.id(), new Problem(e.id(), e.problem(), answer));
        }
        return List.copyOf(out.values());
    }
}
