package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code curate} end to end: a pool the test writes, a teacher behind a local OpenAI-compatible server that answers
 * correctly (and counts requests per problem), a tiny random local model as the solver that fails everything.
 */
class CurateTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int PROBLEMS = 24;
    HttpServer teacher;
    final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    volatile int delayMs;

    @BeforeEach
    void startTeacher() throws Exception {
        teacher = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        teacher.createContext("/v1/chat/completions", ex -> {
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            String question = body.get("messages").get(body.get("messages").size() - 1).get("content").asText();
            int n = Integer.parseInt(question.replaceAll("(?s).*problem number (\\d+).*", "$1"));
            requests.computeIfAbsent("p" + n, k -> new AtomicInteger()).incrementAndGet();
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String reasoning = "We need the sum of " + n + " and " + n + ". Adding the two numbers gives " + (2 * n)
                    + ". " + "Let me verify: " + (2 * n) + " - " + n + " = " + n + ", which checks out.";
            String response = JSON.writeValueAsString(Map.of("id", "c" + n, "object", "chat.completion", "created", 1,
                    "model", "teacher", "choices", List.of(Map.of("index", 0, "finish_reason", "stop", "message",
                            Map.of("role", "assistant", "content", "The answer is $\\boxed{" + (2 * n) + "}$.",
                                    "reasoning_content", reasoning))),
                    "usage", Map.of("prompt_tokens", 10, "completion_tokens", 20, "total_tokens", 30)));
            byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        teacher.start();
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

    String[] args(Path manifest, Path solver, Path out) {
        return new String[]{"curate", "--pool", manifest.toString(), "--teacher", "openai", "--teacher-url", teacherUrl(),
                "--teacher-model", "t", "--teacher-concurrency", "1", "--teacher-rpm", "100000", "--solver", solver.toString(),
                "--solver-max-tokens", "4", "--size", "10", "--seed", "3", "--out", out.toString()};
    }

    @Test
    void curatesAndAuditsEveryProblem(@TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        Path out = tmp.resolve("out");
        CliTest.Run r = CliTest.cli(args(in[0], in[1], out));
        assertEquals(0, r.code(), r.err());
        List<String> selected = Files.readAllLines(out.resolve("reason1k.jsonl"));
        assertEquals(10, selected.size());
        for (String line : selected) {
            JsonNode e = JSON.readTree(line);
            assertTrue(e.get("trace").asText().contains("Adding the two numbers") && e.get("solution").asText().contains("\\boxed"));
            assertTrue(!e.get("domain").asText().isEmpty() && e.get("provenance").get("source").asText().equals("fake"));
        }
        List<String> audit = Files.readAllLines(out.resolve("audit.jsonl"));
        assertTrue(audit.stream().anyMatch(l -> l.contains("\"id\":\"fake:dup\"") && l.contains("dedup-exact")), "duplicate audited");
        for (int i = 1; i <= PROBLEMS; i++) {
            String id = "\"id\":\"fake:p" + i + "\"";
            assertTrue(audit.stream().anyMatch(l -> l.contains(id) && l.contains("\"stage\":\"selection\"")), "p" + i + " reached selection");
        }
        assertEquals(List.of("stage,in,kept,dropped", "pool,25,24,1", "teacher,24,24,0", "quality,24,24,0",
                "difficulty,24,24,0", "selection,24,10,14"), Files.readAllLines(out.resolve("summary.csv")));
        for (String f : List.of("pool.jsonl", "traces.jsonl", "domains.csv", "ablation-random.jsonl",
                "ablation-filtered.jsonl", "ablation-no-difficulty.jsonl", "ablation-no-diversity.jsonl")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        requests.values().forEach(c -> assertEquals(1, c.get()));
    }

    @Test
    void killedRunResumesWithoutRepeatingFinishedTeacherCalls(@TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        Path root = Path.of(System.getProperty("reasonbridge.root", "..")).toAbsolutePath().normalize();
        Path straight = tmp.resolve("straight");
        assertEquals(0, CliTest.cli(args(in[0], in[1], straight)).code());
        requests.clear();

        delayMs = 150;
        Path killed = tmp.resolve("killed");
        Path journal = killed.resolve("teacher-journal.jsonl");
        for (int kills = 0; kills < 2; kills++) {
            Process p = launch(root, args(in[0], in[1], killed), tmp.resolve("log" + kills));
            int target = 5 + 8 * kills;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (responses(journal) < target && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
            p.destroyForcibly();
            p.waitFor();
            assertTrue(responses(journal) < PROBLEMS, "the kill must land while the teacher is still working");
        }
        delayMs = 0;
        Process last = launch(root, args(in[0], in[1], killed), tmp.resolve("log-last"));
        assertTrue(last.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, last.exitValue(), Files.readString(tmp.resolve("log-last")));
        for (String f : List.of("reason1k.jsonl", "audit.jsonl", "summary.csv", "traces.jsonl", "ablation-random.jsonl")) {
            assertArrayEquals(Files.readAllBytes(straight.resolve(f)), Files.readAllBytes(killed.resolve(f)), f);
        }
        // at most the one request in flight at each kill is repeated; a journaled answer is never asked again
        int repeated = 0;
        for (AtomicInteger c : requests.values()) if (c.get() > 1) repeated++;
        assertTrue(repeated <= 2, "repeated teacher calls: " + requests);
        assertEquals(PROBLEMS, requests.size());
    }

    static Process launch(Path root, String[] args, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("reasonbridge").toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static long responses(Path journal) throws Exception {
        if (!Files.exists(journal)) return 0;
        return Files.readAllLines(journal).stream().filter(l -> l.contains("\"kind\":\"response\"")).count();
    }

    @Test
    void benchCurationRunsOnASmallPool() {
        CliTest.Run r = CliTest.cli("bench", "curation", "--pool-size", "2000", "--size", "50");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("selection") && r.out().contains("-> 50 selected"), r.out());
    }
}
