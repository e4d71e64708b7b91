package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.curation.Ablation;
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
 * {@code curate} end to end: a pool the test writes; a teacher behind a local OpenAI-compatible server that answers
 * correctly except for every fifth problem (so quality drops those); two solvers, a tiny random local model that
 * fails everything and an OpenAI-compatible endpoint on the same server that solves every third problem (so
 * difficulty drops those). The server counts requests per problem, for teacher and solver apart.
 */
class CurateTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int PROBLEMS = 24;
    HttpServer teacher;
    final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> solverRequests = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> domainRequests = new ConcurrentHashMap<>();
    final java.util.Set<String> authorizations = ConcurrentHashMap.newKeySet();
    volatile int delayMs;
    volatile int solverDelayMs;

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
            sleep(delayMs);
            String reasoning = "We need the sum of " + n + " and " + n + ". Adding the two numbers gives " + (2 * n)
                    + ". " + "Let me verify: " + (2 * n) + " - " + n + " = " + n + ", which checks out.";
            int answer = n % 5 == 0 ? 2 * n + 1 : 2 * n; // every fifth trace disagrees with the reference
            answer(ex, n, "The answer is $\\boxed{" + answer + "}$.", reasoning);
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
            "ablation-no-quality.jsonl", "ablation-no-difficulty.jsonl", "ablation-no-diversity.jsonl");

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

    @Test
    void curatesAndAuditsEveryProblem(@TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        Path out = tmp.resolve("out");
        CliTest.Run r = CliTest.cli(args(in[0], in[1], out));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().matches("(?s).*teacher\\s+24/24\n.*difficulty\\s+24/24\n.*"), "progress lines: " + r.err());
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
            String last = i % 5 == 0 ? "quality" : i % 3 == 0 ? "difficulty" : "selection"; // where each one's road ends
            assertTrue(audit.stream().anyMatch(l -> l.contains(id) && l.contains("\"stage\":\"" + last + "\"")), "p" + i + " reached " + last);
        }
        // quality drops 5, 10, 15, 20 (wrong answer); difficulty drops 3, 6, 9, 12, 18, 21, 24 (the endpoint solves them)
        assertEquals(List.of("stage,in,kept,dropped", "pool,25,24,1", "teacher,24,24,0", "quality,24,20,4",
                "difficulty,20,13,7", "selection,13,10,3"), Files.readAllLines(out.resolve("summary.csv")));
        assertTrue(audit.stream().anyMatch(l -> l.contains("\"id\":\"fake:p5\"") && l.contains("wrong-answer")), "p5 audited");
        assertTrue(audit.stream().anyMatch(l -> l.contains("\"id\":\"fake:p6\"") && l.contains("\"solved\"")), "p6 audited");
        for (String f : OUTPUTS) assertTrue(Files.exists(out.resolve(f)), f);
        requests.values().forEach(c -> assertEquals(1, c.get()));
        // every problem quality kept was put to the solvers once, and so were those it dropped (for the no-quality ablation)
        assertEquals(24, solverRequests.size());
        solverRequests.values().forEach(c -> assertEquals(1, c.get()));
        // the ablations: each N (or the whole filtered pool) drawn from the problems its filters leave
        assertEquals(13, Files.readAllLines(out.resolve("ablation-filtered.jsonl")).size());
        List<Integer> noQuality = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("ablation-no-quality.jsonl"))) noQuality.add(number(JSON.readTree(line)));
        assertEquals(10, noQuality.size());
        assertTrue(noQuality.stream().noneMatch(n -> n % 3 == 0), "no-quality keeps the difficulty filter: " + noQuality);
        for (String line : Files.readAllLines(out.resolve("ablation-no-difficulty.jsonl"))) {
            assertTrue(number(JSON.readTree(line)) % 5 != 0, "no-difficulty keeps the quality filter: " + line);
        }
    }

    @Test
    void stagesRerunAloneFromTheirFiles(@TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        Path out = tmp.resolve("out");
        assertEquals(0, CliTest.cli(args(in[0], in[1], out)).code());
        Map<String, byte[]> first = outputs(out);
        requests.clear();
        solverRequests.clear();

        // the whole command again: teacher journal and difficulty journal answer everything
        CliTest.Run again = CliTest.cli(args(in[0], in[1], out));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("24 of 24 verdicts reused"), again.err());
        assertSameOutputs(first, out);

        // quality on: no teacher, no pool manifest; the solvers' verdicts come from difficulty.jsonl
        CliTest.Run quality = CliTest.cli("curate", "--from", "quality", "--solver", in[1].toString(), "--solver", solverUrl(),
                "--solver-max-tokens", "4", "--size", "10", "--seed", "3", "--out", out.toString());
        assertEquals(0, quality.code(), quality.err());
        assertSameOutputs(first, out);

        // selection alone, with another size and seed: neither teacher nor solvers (given ones are named as unused)
        CliTest.Run selection = CliTest.cli("curate", "--from", "selection", "--size", "5", "--seed", "11", "--solver", in[1].toString(),
                "--out", out.toString());
        assertEquals(0, selection.code(), selection.err());
        assertTrue(selection.err().contains("note: --solver not used: --from selection"), selection.err());
        assertEquals(5, Files.readAllLines(out.resolve("reason1k.jsonl")).size());
        assertTrue(Files.readAllLines(out.resolve("summary.csv")).contains("selection,13,5,8"));
        assertTrue(requests.isEmpty() && solverRequests.isEmpty(), "no call: " + requests + " " + solverRequests);

        // trace lengths in a tokenizer's tokens instead of words
        CliTest.Run tokens = CliTest.cli("curate", "--from", "selection", "--size", "5", "--seed", "11", "--tokenizer", in[1].toString(),
                "--out", out.toString());
        assertEquals(0, tokens.code(), tokens.err());
        assertEquals(5, Files.readAllLines(out.resolve("reason1k.jsonl")).size());

        // back to the first size and seed: the first run's outputs exactly
        assertEquals(0, CliTest.cli("curate", "--from", "selection", "--size", "10", "--seed", "3", "--out", out.toString()).code());
        assertSameOutputs(first, out);

        // without the no-quality ablation, its file goes and the others stay
        assertEquals(0, CliTest.cli("curate", "--from", "selection", "--size", "10", "--seed", "3", "--ablations",
                "random,filtered", "--out", out.toString()).code());
        assertTrue(Files.notExists(out.resolve("ablation-no-quality.jsonl")) && Files.exists(out.resolve("ablation-random.jsonl")));
    }

    @Test
    void domainsFromTheTeacherAreJournaledAndFallBackToKeywords(@TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        Path out = tmp.resolve("out");
        CliTest.Run r = CliTest.cli(args(in[0], in[1], out, "--domains", "teacher"));
        assertEquals(0, r.code(), r.err());
        assertEquals(PROBLEMS, domainRequests.size(), "every traced problem classified");
        domainRequests.values().forEach(c -> assertEquals(1, c.get()));
        for (String line : Files.readAllLines(out.resolve("ablation-filtered.jsonl"))) {
            JsonNode e = JSON.readTree(line);
            int n = number(e);
            if (n != 7) assertEquals(n % 2 == 0 ? "11" : "05", e.get("domain").asText(), line);
        }
        String p7 = Files.readAllLines(out.resolve("audit.jsonl")).stream()
                .filter(l -> l.contains("\"id\":\"fake:p7\"") && l.contains("\"stage\":\"domain\"")).findFirst().orElseThrow();
        assertTrue(p7.contains("keyword-fallback") && p7.contains("unparseable model output: I cannot tell."), p7);

        // selection alone, again: the journal answers, nothing is asked twice
        domainRequests.clear();
        CliTest.Run again = CliTest.cli("curate", "--from", "selection", "--domains", "teacher", "--teacher", "openai",
                "--teacher-url", teacherUrl(), "--teacher-model", "t", "--size", "10", "--seed", "3", "--out", out.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(domainRequests.isEmpty(), "asked again: " + domainRequests);
        CliTest.Run noTeacher = CliTest.cli("curate", "--from", "selection", "--domains", "teacher", "--out", out.toString());
        assertTrue(noTeacher.code() != 0 && noTeacher.err().contains("--domains teacher"), noTeacher.err());
    }

    @Test
    void stageRerunsRefuseMissingOrMismatchedFiles(@TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        Path empty = tmp.resolve("empty");
        CliTest.Run missing = CliTest.cli("curate", "--from", "selection", "--out", empty.toString());
        assertEquals(1, missing.code(), missing.err());
        assertTrue(missing.err().contains("pool.jsonl") && missing.err().contains("missing"), missing.err());

        CliTest.Run noTeacher = CliTest.cli("curate", "--from", "teacher", "--out", empty.toString());
        assertTrue(noTeacher.code() != 0 && noTeacher.err().contains("--teacher"), noTeacher.err());
        CliTest.Run noSolver = CliTest.cli("curate", "--from", "quality", "--out", empty.toString());
        assertTrue(noSolver.code() != 0 && noSolver.err().contains("--solver is needed"), noSolver.err());
        CliTest.Run noPool = CliTest.cli("curate", "--teacher", "openai", "--teacher-url", teacherUrl(), "--solver", in[1].toString(),
                "--out", empty.toString());
        assertTrue(noPool.code() != 0 && noPool.err().contains("--pool is needed"), noPool.err());

        Path out = tmp.resolve("out");
        assertEquals(0, CliTest.cli(args(in[0], in[1], out, "--ablations", "none")).code());
        for (Ablation a : Ablation.values()) assertTrue(Files.notExists(out.resolve(a.file())), a.file());
        // difficulty only judged what quality kept, so the no-quality ablation cannot be made without the solvers
        CliTest.Run noVerdicts = CliTest.cli("curate", "--from", "selection", "--out", out.toString());
        assertTrue(noVerdicts.code() != 0 && noVerdicts.err().contains("difficulty.jsonl: no decision for problem 'fake:p5'"),
                noVerdicts.err());

        // a traces.jsonl that no longer matches pool.jsonl is named, with the stage to rerun
        List<String> traces = Files.readAllLines(out.resolve("traces.jsonl"));
        List<String> cut = new ArrayList<>(traces);
        cut.remove(3);
        Files.write(out.resolve("traces.jsonl"), cut);
        CliTest.Run mismatch = CliTest.cli("curate", "--from", "quality", "--solver", in[1].toString(), "--out", out.toString());
        assertTrue(mismatch.code() != 0 && mismatch.err().contains("traces.jsonl does not match")
                && mismatch.err().contains("entry 4") && mismatch.err().contains("--from teacher"), mismatch.err());

        // a torn or hand-edited quality.jsonl is named with its line
        Files.write(out.resolve("traces.jsonl"), traces);
        Files.writeString(out.resolve("quality.jsonl"), "{\"id\": \"x\"}\n");
        CliTest.Run bad = CliTest.cli("curate", "--from", "difficulty", "--solver", in[1].toString(), "--out", out.toString());
        assertTrue(bad.code() != 0 && bad.err().contains("quality.jsonl:1"), bad.err());
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
        // once more in the difficulty stage, while the solvers work
        delayMs = 0;
        solverDelayMs = 150;
        solverRequests.clear();
        Path verdicts = killed.resolve("difficulty.jsonl");
        Process p = launch(root, args(in[0], in[1], killed), tmp.resolve("log-difficulty"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (lines(verdicts, "\"kind\":\"decision\"") < 6 && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        p.destroyForcibly();
        p.waitFor();
        long judged = lines(verdicts, "\"kind\":\"decision\"");
        assertTrue(judged >= 6 && judged < PROBLEMS, "the kill must land while the solvers are still working: " + judged);

        solverDelayMs = 0;
        Process last = launch(root, args(in[0], in[1], killed), tmp.resolve("log-last"));
        assertTrue(last.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, last.exitValue(), Files.readString(tmp.resolve("log-last")));
        assertSameOutputs(outputs(straight), killed);
        // at most the one request in flight at each kill is repeated; a journaled answer is never asked again
        int repeated = 0;
        for (AtomicInteger c : requests.values()) if (c.get() > 1) repeated++;
        assertTrue(repeated <= 2, "repeated teacher calls: " + requests);
        assertEquals(PROBLEMS, requests.size());
        int repeatedSolver = 0;
        for (AtomicInteger c : solverRequests.values()) if (c.get() > 1) repeatedSolver++;
        assertTrue(repeatedSolver <= 1, "repeated solver calls: " + solverRequests);
        assertEquals(PROBLEMS, solverRequests.size());
    }

    static long lines(Path file, String containing) throws Exception {
        if (!Files.exists(file)) return 0;
        return Files.readAllLines(file).stream().filter(l -> l.contains(containing)).count();
    }

    static Process launch(Path root, String[] args, Path log) throws Exception {
        return launch(root, args, log, Map.of());
    }

    static Process launch(Path root, String[] args, Path log, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("reasonbridge").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Keys from the environment reach the servers and nothing else: no output file, journal or log holds them. */
    @Test
    void apiKeysReachTheServersButNoFile(@TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        Path root = Path.of(System.getProperty("reasonbridge.root", "..")).toAbsolutePath().normalize();
        Path out = tmp.resolve("out");
        String teacherKey = "sk-teacher-5f1c9a", solverKey = "sk-solver-77e0b2";
        Process p = launch(root, args(in[0], in[1], out, "--teacher-key-env", "RB_TEST_TEACHER_KEY", "--solver-key-env",
                "RB_TEST_SOLVER_KEY", "--domains", "teacher"), tmp.resolve("log"),
                Map.of("RB_TEST_TEACHER_KEY", teacherKey, "RB_TEST_SOLVER_KEY", solverKey));
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("log")));
        assertEquals(java.util.Set.of("teacher Bearer " + teacherKey, "solver Bearer " + solverKey), authorizations);
        List<Path> files;
        try (var walk = Files.walk(tmp)) {
            files = walk.filter(Files::isRegularFile).filter(f -> !f.startsWith(in[1])).toList();
        }
        assertTrue(files.size() > 15, "files checked: " + files);
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertTrue(!text.contains(teacherKey) && !text.contains(solverKey), f + " holds a key");
        }
    }

    static long responses(Path journal) throws Exception {
        return lines(journal, "\"kind\":\"response\"");
    }
}
