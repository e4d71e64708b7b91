package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.teacher.FakeTeacherServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closed-model baselines through {@code eval --provider}: local servers speaking OpenAI's, Anthropic's (thinking
 * blocks, {@code budget_tokens}) and Gemini's ({@code thought} parts, {@code thinkingBudget}) real wire formats; the
 * per-sample log has the same fields, the provider's reasoning in {@code reasoning}.
 */
class EvalProvidersTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static FakeTeacherServer server;
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void start() throws IOException {
        server = new FakeTeacherServer(0, 1, 0, 0);
        data = tmp.resolve("bench.jsonl");
        StringBuilder sb = new StringBuilder();
        // the server answers "Problem p<i>" with \boxed{2i}: p3's reference is wrong on purpose
        for (int i = 1; i <= 3; i++) {
            sb.append("{\"id\": \"p").append(i).append("\", \"question\": \"")
                    .append(FakeTeacherServer.problem(i).question()).append("\", \"answer\": \"").append(i == 3 ? 7 : 2 * i).append("\"}\n");
        }
        Files.writeString(data, sb.toString());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"openai, /v1", "anthropic, ''", "gemini, ''"})
    void aHostedModelIsEvaluatedWithItsThinking(String provider, String suffix, @TempDir Path out) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("eval", "--provider", provider, "--endpoint", server.base() + suffix,
                "--endpoint-model", "m-1", "--benchmark", "jsonl", "--data", data.toString(), "--out", out.toString(),
                "--concurrency", "2", "--max-tokens", "4096"));
        if (provider.equals("openai")) args.add("--chat");
        else args.addAll(List.of("--thinking-budget", "2048"));
        CliRun.Result r = CliRun.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        assertEquals(2, results.at("/metrics/correct").asInt());
        assertEquals(3, results.at("/metrics/n").asInt());
        assertEquals(provider.equals("openai") ? "endpoint" : provider, results.at("/config/solver/kind").asText());
        assertEquals(provider, results.at("/config/inputs/endpoint/provider").asText());
        if (!provider.equals("openai")) {
            assertEquals(2048, results.at("/config/solver/thinking_budget").asInt());
            assertEquals(2048, results.at("/config/inputs/endpoint/thinking_budget").asInt());
        }
        for (String line : Files.readAllLines(out.resolve("samples.jsonl"))) {
            JsonNode s = JSON.readTree(line);
            for (String f : List.of("id", "prompt", "completion", "extracted", "gold", "verdict", "prompt_tokens",
                    "completion_tokens", "seconds", "attempts", "error", "run", "model", "policy")) {
                assertTrue(s.has(f), f + " in " + line);
            }
            assertTrue(s.path("reasoning").asText().startsWith("Let me think about p"), "the provider's thinking: " + line);
            assertEquals(String.valueOf(2 * Integer.parseInt(s.path("id").asText().substring(1))), s.path("extracted").asText());
        }
    }

    @Test
    void providerMisuseIsAUsageError(@TempDir Path out) {
        for (String[] bad : List.of(
                new String[]{"--provider", "anthropic", "--endpoint-model", "m", "--policy", "gii"},
                new String[]{"--provider", "gemini", "--endpoint-model", "m", "--chat"},
                new String[]{"--provider", "anthropic", "--endpoint-model", "m", "--thinking-budget", "4096"},
                new String[]{"--provider", "cohere", "--endpoint-model", "m"})) {
            List<String> args = new java.util.ArrayList<>(List.of("eval", "--benchmark", "jsonl", "--data", data.toString(),
                    "--out", out.toString(), "--endpoint", server.base(), "--max-tokens", "4096"));
            args.addAll(List.of(bad));
            CliRun.Result r = CliRun.run(args.toArray(String[]::new));
            assertEquals(2, r.code(), String.join(" ", bad) + ": " + r.err());
        }
    }
}
