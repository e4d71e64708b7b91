package org.reasonbridge.eval;

import org.junit.jupiter.api.Test;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.inference.SteeringHook;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.model.Fixtures;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.generate.GenerationConfig;
import org.reasonbridge.lm.ChatPrompt;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep on the tiny model: one row per setting, the registry's hooks, thinking tokens as the hooks count them. */
class ScalingSweepTest {
    @Test
    void sweepsRegistryPoliciesAndReportsTheHooksThinkingTokens() {
        try (Model m = Model.load(Fixtures.model("qwen2-tiny"))) {
            List<Problem> problems = List.of(new Problem("a", "What is 2 + 3?", "5"), new Problem("b", "Name 7 * 6.", "42"));
            Map<String, List<SteeringHook>> built = new LinkedHashMap<>();
            Map<String, ScalingSweep.Method> methods = new LinkedHashMap<>();
            ChatPrompt prompts = ChatPrompt.forTokenizer(m.tokenizer());
            for (String name : List.of("gii", "budget-forcing")) {
                ScalingSweep.Hooks registry = ScalingSweep.hooks(m, TestTimePolicy.named(name));
                built.put(name, new ArrayList<>());
                methods.put(name, ScalingSweep.local(m, p -> prompts.thinking(p.question()), GenerationConfig.greedy(24), (p, k, b) -> {
                    SteeringHook h = registry.hook(p, k, b);
                    built.get(name).add(h);
                    return h;
                }));
            }
            Table t = new ScalingSweep(new AnswerMatch(ThinkingFormat.QWEN3)).run(problems, methods, List.of(0, 2), List.of(6, 12));
            assertEquals(2 * 2 * 2, t.rowCount());
            for (int r = 0; r < t.rowCount(); r++) {
                String name = t.stringColumn("method").get(r);
                int budget = t.intColumn("thinking_budget").get(r);
                List<SteeringHook> hooks = built.get(name).subList(r % 4 * 2, r % 4 * 2 + 2);
                double mean = hooks.stream().mapToInt(h -> h.thinkingTokens(0)).average().orElseThrow();
                assertEquals(mean, t.doubleColumn("mean_thinking_tokens").get(r), 1e-9, "row " + r);
                assertTrue(mean <= budget, "thinking within the budget: " + mean + " of " + budget);
                assertEquals(2, t.intColumn("problems").get(r));
            }
        }
    }

    /** Curated files carry the pool's reference in "answer": that is the reference, not the teacher's \\boxed{}. */
    @Test
    void curatedAnswerFieldIsTheReference() {
        var examples = List.of(
                new org.reasonbridge.data.Example("a", "What is 2 + 3?", "t", "So \\boxed{6}.", Map.of("answer", "5")),
                new org.reasonbridge.data.Example("b", "What is 7 * 6?", "t", "So \\boxed{42}.", Map.of()));
        assertEquals(List.of("5", "42"), ScalingSweep.fromExamples(examples).stream().map(Problem::answer).toList());
    }
}
