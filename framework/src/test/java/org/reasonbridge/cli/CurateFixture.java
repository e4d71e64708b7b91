package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The world of the {@code curate} tests: a pool the test writes; a teacher behind a local OpenAI-compatible server
 * that answers correctly except for every fifth problem (so quality drops those); two solvers, a tiny random local
 * model that fails everything and an OpenAI-compatible endpoint on the same server that solves every third problem
 * (so difficulty drops those). The server counts requests per problem, for teacher and solver apart. Shared with the
 * end-to-end tests in src/test (CurateKillTest) through the test jar.
 */
public abstract class CurateFixture {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int PROBLEMS = 24;
    HttpServer teacher;
    final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> solverRequests = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> domainRequests = new ConcurrentHashMap<>();
    final java.util.Set<String> authorizations = ConcurrentHashMap.newKeySet();
    volatile int delayMs;
    volatile int solverDelayMs;
    /**
     * The teacher thinks inside {@code content} ({@code <think>...</think>}, as DeepSeek-R1 served without a reasoning
     * parser does) with level tags: valid for n % 3 == 1, broken (a tag never closed) for n % 3 == 2, none for
     * n % 3 == 0; and no thinking at all for problem 4.
     */
    volatile boolean thinkInContent;
    /** Problems the teacher refuses with HTTP 400 (a request error: not retried, journaled as failed). */
    volatile java.util.function.IntPredicate teacherRefuses = n -> false;
    /** The user messages the teacher received, by problem. */
    final Map<String, String> teacherPrompts = new ConcurrentHashMap<>();

    @BeforeEach
    void startTeacher() throws Exception {
        teacher = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        teacher.createContext("/v1/chat/completions", ex -> {
            authorizations.add("teacher " + ex.getRequestHeaders().getFirst("Authorization"));
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            String question = body.get("messages").get(body.get("messages").size() - 1).get("content").asText();
            int n = Integer.parseInt(question.replaceAll("(?s).*problem number (\\d+).*", "$1"));
            if (question.contains("## Classification rubric")) { // s1's domain prompt: a code on the last line
                domainRequests.computeIfAbsent("p" + n, k -> new AtomicInteger()).incrementAndGet();
                answer(ex, n, n == 7 ? "I cannot tell." : n % 2 == 0 ? "Sums of integers.\n\n11" : "Counting.\n**05**", "Let me see.");
                return;
            }
            requests.computeIfAbsent("p" + n, k -> new AtomicInteger()).incrementAndGet();
            teacherPrompts.put("p" + n, question);
            sleep(delayMs);
            if (teacherRefuses.test(n)) {
                byte[] error = "{\"error\":{\"message\":\"this model does not take such requests\",\"type\":\"invalid_request_error\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(400, error.length);
                ex.getResponseBody().write(error);
                ex.close();
                return;
            }
            String reasoning = "We need the sum of " + n + " and " + n + ". Adding the two numbers gives " + (2 * n)
                    + ". " + "Let me verify: " + (2 * n) + " - " + n + " = " + n + ", which checks out.";
            int answer = n % 5 == 0 ? 2 * n + 1 : 2 * n; // every fifth trace disagrees with the reference
            String solution = "The answer is $\\boxed{" + answer + "}$.";
            if (thinkInContent) {
                String plan = "We need the sum of " + n + " and " + n + ".";
                String work = "Adding the two numbers gives " + (2 * n) + ". Let me verify: " + (2 * n) + " - " + n + " = " + n
                        + ", which checks out.";
                String thinking = n == 4 ? "" : switch (n % 3) {
                    case 1 -> "<strategic>\n" + plan + "\n</strategic>\n<operational>\n" + work + "\n</operational>";
                    case 2 -> "<strategic>\n" + plan + "\n<operational>\n" + work + "\n</operational>";
                    default -> plan + " " + work;
                };
                answer(ex, n, "<think>\n" + thinking + "\n</think>\n\n" + solution, null);
                return;
            }
            answer(ex, n, solution, reasoning);
        });
        teacher.createContext("/solver/v1/chat/completions", ex -> {
            authorizations.add("solver " + ex.getRequestHeaders().getFirst("Authorization"));
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            String question = body.get("messages").get(body.get("messages").size() - 1).get("content").asText();
            int n = Integer.parseInt(question.replaceAll("(?s).*problem number (\\d+).*", "$1"));
            solverRequests.computeIfAbsent("p" + n, k -> new AtomicInteger()).incrementAndGet();
            sleep(solverDelayMs);
            answer(ex, n, "So the answer is $\\boxed{" + (n % 3 == 0 ? 2 * n : 7 * n + 1) + "}$.", null);
        });
        teacher.start();
    }

    static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A chat completion in OpenAI's wire format. */
    static void answer(com.sun.net.httpserver.HttpExchange ex, int n, String content, String reasoning) throws java.io.IOException {
        Map<String, Object> message = new java.util.LinkedHashMap<>(Map.of("role", "assistant", "content", content));
        if (reasoning != null) message.put("reasoning_content", reasoning);
        String response = JSON.writeValueAsString(Map.of("id", "c" + n, "object", "chat.completion", "created", 1,
                "model", "m", "choices", List.of(Map.of("index", 0, "finish_reason", "stop", "message", message)),
                "usage", Map.of("prompt_tokens", 10, "completion_tokens", 20, "total_tokens", 30)));
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @AfterEach
    void stopTeacher() {
        teacher.stop(0);
    }

    String teacherUrl() {
        return "http://127.0.0.1:" + teacher.getAddress().getPort() + "/v1";
    }

    /** A pool of {@value #PROBLEMS} fake problems plus an exact duplicate, and a tiny solver model. */
    static Path[] setUp(Path tmp) throws Exception {
        Path pool = Files.createDirectories(tmp.resolve("pool"));
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= PROBLEMS; i++) {
            lines.add(JSON.writeValueAsString(Map.of("uid", "p" + i, "problem",
                    "(Fake) This is problem number " + i + ": what is " + i + " + " + i + "?", "final", String.valueOf(2 * i))));
        }
        lines.add(JSON.writeValueAsString(Map.of("uid", "dup", "problem", "(Fake) This is problem number 3: what is 3 + 3?",
                "final", "6")));
        Files.write(pool.resolve("fake.jsonl"), lines);
        Files.writeString(pool.resolve("fake.json"), "{\"source\": \"fake\", \"description\": \"test pool\", \"origin\": null, "
                + "\"files\": [\"fake.jsonl\"], \"format\": null, \"fields\": {\"id\": \"uid\", \"problem\": \"problem\", "
                + "\"answer\": \"final\", \"solution\": null, \"metadata\": []}, \"filters\": null}");
        Path solver = tmp.resolve("solver");
        RandomCheckpoint.write(solver, ModelPreset.TINY.config(ModelFamily.QWEN2), 9, DType.F32);
        return new Path[]{pool.resolve("fake.json"), solver};
    }

    String solverUrl() {
        return "http://127.0.0.1:" + teacher.getAddress().getPort() + "/solver/v1@s";
    }

    String[] args(Path manifest, Path solver, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("curate", "--pool", manifest.toString(), "--teacher", "openai", "--teacher-url",
                teacherUrl(), "--teacher-model", "t", "--teacher-concurrency", "1", "--teacher-rpm", "100000",
                "--solver", solver.toString(), "--solver", solverUrl(), "--solver-max-tokens", "4", "--size", "10",
                "--seed", "3", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    static final List<String> OUTPUTS = List.of("reason1k.jsonl", "audit.jsonl", "summary.csv", "domains.csv", "pool.jsonl",
            "pool-audit.jsonl", "traces.jsonl", "quality.jsonl", "ablation-random.jsonl", "ablation-filtered.jsonl",
            "ablation-no-quality.jsonl", "ablation-no-difficulty.jsonl", "ablation-no-diversity.jsonl", "ablation-full.jsonl");

    static Map<String, byte[]> outputs(Path dir) throws Exception {
        Map<String, byte[]> m = new java.util.TreeMap<>();
        for (String f : OUTPUTS) m.put(f, Files.readAllBytes(dir.resolve(f)));
        return m;
    }

    static void assertSameOutputs(Map<String, byte[]> expected, Path dir) throws Exception {
        for (String f : OUTPUTS) assertArrayEquals(expected.get(f), Files.readAllBytes(dir.resolve(f)), f);
    }

    static int number(JsonNode example) {
        return Integer.parseInt(example.get("id").asText().replace("fake:p", ""));
    }

    static long lines(Path file, String containing) throws Exception {
        if (!Files.exists(file)) return 0;
        return Files.readAllLines(file).stream().filter(l -> l.contains(containing)).count();
    }

    static long responses(Path journal) throws Exception {
        return lines(journal, "\"kind\":\"response\"");
    }
}
