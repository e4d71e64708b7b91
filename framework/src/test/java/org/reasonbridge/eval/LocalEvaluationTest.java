package org.reasonbridge.eval;

import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.data.Problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.grading.Grader;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.lm.OpenAiChatModel;
import org.reasonbridge.lm.OpenAiCompletionsModel;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;
import org.reasonbridge.serve.OpenAiServer;
import org.reasonbridge.serve.ServerConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tiny random model, locally through the generator and served by our own OpenAI-compatible server: a random
 * model answers wrongly, so these test the mechanics (prompts, token counts, logs, results JSON).
 */
class LocalEvaluationTest {
    static Path dir;
    static Model model;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void load() throws IOException {
        dir = Files.createTempDirectory("tiny-eval").resolve("tiny-qwen2");
        RandomCheckpoint.write(dir, ModelPreset.TINY.config(ModelFamily.QWEN2), 7, DType.F32);
        model = Model.load(dir);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Benchmark mixed(Grader grader) {
        return new Benchmark("tiny-" + grader, grader, List.of(
                new Problem("a", "What is 1 + 1?", "2", grader == Grader.MC ? List.of("1", "2") : List.of(), Map.of("subject", "arith")),
                new Problem("b", "What is 2 + 2?", "4", grader == Grader.MC ? List.of("4", "5") : List.of(), Map.of("subject", "arith")),
                new Problem("c", "Is the sky blue?", "yes", grader == Grader.MC ? List.of("no", "yes") : List.of(), Map.of("subject", "world"))));
    }

    @ParameterizedTest(name = "{0}, policy {1}")
    @CsvSource({"MATH, none", "MC, none", "EXACT, none", "MATH, budget-forcing", "MATH, gii"})
    void localMechanics(Grader grader, String policy, @TempDir Path out) throws IOException {
        EvaluationResult r = EvaluationRun.run(mixed(grader), TestTimePolicy.named(policy).local(model), EvalOptions.defaults().withMaxTokens(6), out);
        assertEquals(3, r.metrics().n());
        assertEquals(0, r.metrics().failed());
        for (Sample s : r.sampleList()) {
            assertTrue(s.prompt().endsWith("<think>\n"), "the thinking-format prompt: " + s.prompt());
            assertTrue(s.prompt().contains(grader == Grader.MC ? "B. " : grader == Grader.MATH ? "\\boxed{}" : "The answer is"));
            assertEquals(model.tokenizer().encode(s.prompt()).length, s.promptTokens());
            assertTrue(s.completionTokens() >= 1 && s.completionTokens() <= 6, "max tokens: " + s.completionTokens());
            assertNull(s.error());
        }
        List<String> lines = Files.readAllLines(out.resolve(EvaluationRun.SAMPLES));
        assertEquals(3, lines.size());
        JsonNode first = JSON.readTree(lines.get(0));
        for (String f : List.of("id", "prompt", "completion", "extracted", "gold", "verdict", "prompt_tokens", "completion_tokens",
                "seconds", "attempts", "error")) {
            assertTrue(first.has(f), "sample line has " + f + ": " + first);
        }
        JsonNode results = JSON.readTree(out.resolve(EvaluationRun.RESULTS).toFile());
        assertEquals("local", results.at("/config/solver/kind").asText());
        assertEquals(policy, results.at("/config/solver/policy").asText());
        assertEquals(6, results.at("/config/max_tokens").asInt());
        assertEquals(1, results.at("/config/concurrency").asInt(), "a local model runs one sample at a time");
        assertTrue(results.at("/environment/backend").asText().length() > 0);
        assertEquals(2, results.at("/breakdown/subject/arith/n").asInt());
        assertEquals(r.metrics().correct(), results.at("/metrics/correct").asInt());
    }

    @Test
    void localIsDeterministic(@TempDir Path out) {
        EvaluationResult a = EvaluationRun.run(mixed(Grader.MATH), TestTimePolicy.named("none").local(model), EvalOptions.defaults().withMaxTokens(5), out.resolve("a"));
        EvaluationResult b = EvaluationRun.run(mixed(Grader.MATH), TestTimePolicy.named("none").local(model), EvalOptions.defaults().withMaxTokens(5), out.resolve("b"));
        assertEquals(a.sampleList().stream().map(Sample::completion).toList(), b.sampleList().stream().map(Sample::completion).toList());
    }

    @ParameterizedTest(name = "our server, chat {0}")
    @CsvSource({"true", "false"})
    void throughOurOwnServer(boolean chat, @TempDir Path out) throws IOException {
        try (OpenAiServer server = OpenAiServer.start(model, ServerConfig.defaults())) {
            OpenAiClient c = new OpenAiClient(OpenAiClientConfig.of(server.baseUrl().toString()));
            LanguageModel s = (chat ? new OpenAiChatModel(c, server.modelName()) : (LanguageModel) new OpenAiCompletionsModel(c,
                    server.modelName())).retrying(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(100)));
            EvaluationResult r = EvaluationRun.run(mixed(Grader.MATH), s, EvalOptions.defaults().withMaxTokens(7).withConcurrency(3), out);
            assertEquals(3, r.metrics().n());
            assertEquals(0, r.metrics().failed(), r.sampleList().toString());
            for (Sample x : r.sampleList()) {
                assertTrue(x.completionTokens() >= 1 && x.completionTokens() <= 7, "max_tokens is sent: " + x.completionTokens());
                assertTrue(x.promptTokens() > 0);
            }
        }
    }

    @Test
    void codeBenchmarkRefusesWithoutOptIn(@TempDir Path out) {
        Benchmark code = new Benchmark("he", Grader.EXACT, List.of(new Problem("HumanEval/0", "def f():\n", "    return 1\n",
                List.of(), Map.of("test", "def check(c):\n    assert c() == 1\n", "entry_point", "f"))));
        assertThrows(SecurityException.class, () -> EvaluationRun.run(code, TestTimePolicy.named("none").local(model), EvalOptions.defaults(), out));
        assertTrue(!Files.exists(out.resolve(EvaluationRun.SAMPLES)), "nothing was generated");
    }
}
