package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code eval} over a benchmark folder of the shipped samples ({@code datasets/samples}), in one run, against a local
 * OpenAI-compatible completions server that answers each FAKE SAMPLE question as the table below says: BBH's task
 * files broken down by task, and MMLU-STEM's subject files with the non-STEM subject left out.
 */
class EvalBenchmarkFoldersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A piece of each question and what the server answers it (one of them wrong, so the breakdown shows it). */
    private static final Map<String, String> ANSWERS = Map.of(
            "not ( True ) and ( True )", "So the answer is False.",
            "What is 2+3?", "So the answer is 5.",
            "pear apple", "So the answer is apple pear.",
            "zebra or ant", "So the answer is zebra.",
            "Which is even, 3 or 4?", "The answer is (B).",
            "made-up king", "The answer is (A).");
    private HttpServer server;
    private final List<String> prompts = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/completions", ex -> {
            String prompt = JSON.readTree(ex.getRequestBody()).path("prompt").asText();
            prompts.add(prompt);
            // "What is 2+3?" is both a BBH and an MMLU question: the MMLU one lists its options
            String text = prompt.contains("What is 2+3?") && prompt.contains("B. 5") ? "The answer is (B)."
                    : ANSWERS.entrySet().stream().filter(e -> prompt.contains(e.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElse("I do not know.");
            byte[] out = JSON.writeValueAsBytes(Map.of("choices", List.of(Map.of("index", 0, "text", text, "finish_reason", "stop")),
                    "usage", Map.of("prompt_tokens", 9, "completion_tokens", 5)));
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static Path samples() {
        return Path.of(System.getProperty("reasonbridge.root", "..")).toAbsolutePath().normalize().resolve("datasets/samples");
    }

    private JsonNode eval(String benchmark, Path data, Path out) throws IOException {
        CliRun.Result r = CliRun.run("eval", "--endpoint", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                "--endpoint-model", "student", "--benchmark", benchmark, "--data", data.toString(), "--out", out.toString(),
                "--concurrency", "1", "--max-tokens", "16");
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(out.resolve("results.json").toFile());
    }

    @Test
    void bbhFolderIsOneRunBrokenDownByTask(@TempDir Path tmp) throws IOException {
        JsonNode results = eval("bbh", samples().resolve("bbh"), tmp.resolve("bbh"));
        assertEquals(4, results.at("/metrics/n").asInt(), results.toString());
        assertEquals(3, results.at("/metrics/correct").asInt(), results.toString());
        JsonNode byTask = results.at("/breakdown/task");
        assertEquals(List.of("fake_arithmetic", "fake_words"), fieldNames(byTask));
        assertEquals(2, byTask.at("/fake_arithmetic/n").asInt());
        assertEquals(2, byTask.at("/fake_arithmetic/correct").asInt());
        assertEquals(2, byTask.at("/fake_words/n").asInt());
        assertEquals(1, byTask.at("/fake_words/correct").asInt(), "zebra is not ant");
        assertEquals(0.5, byTask.at("/fake_words/accuracy").asDouble());
        assertEquals(4, Files.readAllLines(tmp.resolve("bbh/samples.jsonl")).size());
        assertEquals(4, prompts.size(), "one request per example of both tasks");
    }

    @Test
    void mmluStemFolderKeepsOnlyStemSubjects(@TempDir Path tmp) throws IOException {
        JsonNode results = eval("mmlu-stem", samples().resolve("mmlu/test"), tmp.resolve("mmlu"));
        assertEquals(2, results.at("/metrics/n").asInt(), results.toString());
        assertEquals(2, results.at("/metrics/correct").asInt(), results.toString());
        assertEquals(List.of("elementary_mathematics"), fieldNames(results.at("/breakdown/subject")),
                "fake_history is not one of the harness's STEM subjects");
        assertEquals(2, Files.readAllLines(tmp.resolve("mmlu/samples.jsonl")).size());
        assertEquals(2, prompts.size());
        assertFalse(prompts.stream().anyMatch(p -> p.contains("made-up king")), "the history question was never posed");
        assertTrue(prompts.stream().allMatch(p -> p.contains("FAKE SAMPLE")), String.join("\n---\n", prompts));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
