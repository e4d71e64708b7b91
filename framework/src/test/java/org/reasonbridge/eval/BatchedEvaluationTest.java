package org.reasonbridge.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.grading.Grader;
import org.reasonbridge.inference.InterventionConfig;
import org.reasonbridge.inference.RedirectConfig;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.lm.LocalLanguageModel;
import org.reasonbridge.model.Fixtures;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Evaluation in batches of 4 logs exactly the samples of one problem at a time (timing apart), with no policy and with
 * each test-time policy steering every row on its own: rows of different prompt lengths intervene, get redirected
 * (rewound) and forced at different steps within one batch. A random model never writes {@code </think>}, so the
 * policies here end the thinking at a token the model does write in most answers (found by a plain run).
 */
class BatchedEvaluationTest {
    static final int MAX_TOKENS = 48;
    static final int BUDGET = 36;
    static final ObjectMapper JSON = new ObjectMapper();
    static Model model;
    static Tokenizer tok;
    static ThinkingFormat format;

    /** Nine problems (batches of 4, 4 and 1) whose questions differ in length, so the batch pads most rows. */
    static final Benchmark PROBLEMS = new Benchmark("batched", Grader.MATH, List.of(
            new Problem("p1", "What is 1 + 1?", "2", List.of(), Map.of()),
            new Problem("p2", "Bob has 5 apples and Carol gives him 3 more. How many apples does Bob have now?", "8", List.of(), Map.of()),
            new Problem("p3", "2 * 7?", "14", List.of(), Map.of()),
            new Problem("p4", "A train leaves at noon and travels 60 km per hour for 3 hours, then 40 km per hour for 2 more "
                    + "hours. How far has it gone?", "260", List.of(), Map.of()),
            new Problem("p5", "Is 9 prime?", "no", List.of(), Map.of()),
            new Problem("p6", "Solve x + 4 = 10 for x.", "6", List.of(), Map.of()),
            new Problem("p7", "What is the remainder of 17 divided by 5?", "2", List.of(), Map.of()),
            new Problem("p8", "A rectangle is 3 by 8. What is its area, and what is its perimeter? Give the area.", "24",
                    List.of(), Map.of()),
            new Problem("p9", "10 - 3?", "7", List.of(), Map.of())));

    @BeforeAll
    static void load(@TempDir Path tmp) throws IOException {
        model = Model.load(Fixtures.model("qwen2-tiny"));
        tok = model.tokenizer();
        // the word-inner token that the most plain answers contain (after their first token) becomes the end of
        // thinking; tokens with a space stay words, which the redirect's path monitor reads
        EvaluationRun.run(PROBLEMS, solver(TestTimePolicy.NONE), options(1), tmp);
        Map<Integer, Integer> rows = new TreeMap<>();
        for (JsonNode line : lines(tmp)) {
            int[] ids = tok.encode(line.get("completion").asText());
            Set<Integer> seen = new HashSet<>();
            for (int i = 1; i < ids.length; i++) {
                if (seen.add(ids[i]) && tok.decode(new int[]{ids[i]}).chars().noneMatch(Character::isWhitespace)) {
                    rows.merge(ids[i], 1, Integer::sum);
                }
            }
        }
        int end = rows.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        format = ThinkingFormat.QWEN3.withEnd(tok.decode(new int[]{end}), end);
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
    }

    static EvalOptions options(int batchSize) {
        return EvalOptions.defaults().withMaxTokens(MAX_TOKENS).withBatchSize(batchSize);
    }

    /** The policy on the tiny model: K = 2, a small budget, and (gii) redirects on short loops and stalls. */
    static LanguageModel solver(String name) {
        LocalLanguageModel.Options local = LocalLanguageModel.Options.defaults().withMaxTokens(MAX_TOKENS);
        if (name.equals(TestTimePolicy.NONE)) return TestTimePolicy.named(name).local(model, local);
        InterventionConfig config = name.equals(TestTimePolicy.GII)
                ? InterventionConfig.defaults().withMaxInterventions(2).withThinkingBudget(BUDGET)
                        .withRedirect(new RedirectConfig(2, 4, 3, 8, 64, 3, 10, 256, List.of("Retry.")))
                : InterventionConfig.onePhrase("Wait", 2, BUDGET);
        TestTimePolicy p = TestTimePolicy.named(name).withConfig(config);
        return new LocalLanguageModel(model, local.withPolicy(name, p.describe(),
                r -> p.steering(tok, format, model.stopTokenIds(), List.of(r.aboutWhat()))));
    }

    static List<JsonNode> lines(Path dir) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve(EvaluationRun.SAMPLES))) out.add(JSON.readTree(l));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {TestTimePolicy.NONE, TestTimePolicy.GII, TestTimePolicy.BUDGET_FORCING})
    void batchesOfFourLogTheSamplesOfOneAtATime(String policy, @TempDir Path out) throws IOException {
        EvaluationResult one = EvaluationRun.run(PROBLEMS, solver(policy), options(1), out.resolve("one"));
        EvaluationResult four = EvaluationRun.run(PROBLEMS, solver(policy), options(4), out.resolve("four"));
        List<JsonNode> a = lines(out.resolve("one")), b = lines(out.resolve("four"));
        assertEquals(PROBLEMS.problems().size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            ((ObjectNode) a.get(i)).remove("seconds");
            ((ObjectNode) b.get(i)).remove("seconds");
            assertEquals(a.get(i), b.get(i), policy + ", sample " + i);
        }
        assertEquals(one.metrics().correct(), four.metrics().correct());
        JsonNode results = JSON.readTree(out.resolve("four").resolve(EvaluationRun.RESULTS).toFile());
        assertEquals(4, results.at("/config/batch_size").asInt());
        if (policy.equals(TestTimePolicy.NONE)) return;
        // the policy did act (gii also redirected: rewound rows of a batch), and not alike on every row
        Set<String> steering = new HashSet<>();
        int forced = 0;
        Map<String, Integer> kinds = new TreeMap<>();
        for (JsonNode s : b) {
            JsonNode st = s.get("steering");
            steering.add(st.get("interventions").toString() + "@" + st.get("forced_at").asInt());
            if (st.get("forced_at").asInt() >= 0) forced++;
            for (JsonNode i : st.get("interventions")) kinds.merge(i.get("kind").asText(), 1, Integer::sum);
        }
        assertTrue(forced > 0 && kinds.containsKey("stop"), policy + ": forced " + forced + ", interventions " + kinds);
        if (policy.equals(TestTimePolicy.GII)) assertTrue(kinds.containsKey("redirect"), "gii redirected: " + kinds);
        assertTrue(steering.size() > 1, policy + " steered every row alike: " + steering);
    }
}
