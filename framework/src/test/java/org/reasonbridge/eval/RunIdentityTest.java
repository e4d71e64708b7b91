package org.reasonbridge.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.data.Problem;
import org.reasonbridge.grading.Grader;
import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.lm.OpenAiChatModel;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A resume never mixes runs: another input into the same folder is refused naming what changed; overwrite starts afresh. */
class RunIdentityTest {
    StubEndpoint stub;

    @BeforeEach
    void start() throws IOException {
        stub = new StubEndpoint();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    LanguageModel endpoint(String model) {
        return new OpenAiChatModel(new OpenAiClient(OpenAiClientConfig.of(stub.baseUrl())), model)
                .retrying(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20)));
    }

    /** The stub's problems with the questions of {@code StubEndpoint.math} but {@code tweak} changing one thing. */
    static Benchmark variant(String tweak) {
        Benchmark b = StubEndpoint.math(4);
        List<Problem> ps = new ArrayList<>(b.problems());
        if (tweak.equals("question")) ps.set(2, new Problem("p2", "Problem p2: what is 2 + 0 + 0?", "2", List.of(), ps.get(2).metadata()));
        if (tweak.equals("answer")) ps.set(2, new Problem("p2", ps.get(2).question(), "3", List.of(), ps.get(2).metadata()));
        return new Benchmark(tweak.equals("benchmark") ? "other-math" : b.name(), b.grader(), ps);
    }

    @ParameterizedTest(name = "{0} changed -> refused naming {1}")
    @CsvSource({
            "question,   problems.sha256",
            "answer,     problems.sha256",
            "benchmark,  benchmark",
            "max_tokens, max_tokens",
            "model,      solver.model",
            "inputs,     inputs.adapters.sha256",
    })
    void anotherInputIsRefusedNamingIt(String what, String named, @TempDir Path out) throws IOException {
        EvalOptions base = EvalOptions.defaults().withInputs(Map.of("adapters", Map.of("path", "/a", "sha256", "aaa")));
        EvaluationRun.run(variant("none"), endpoint("m"), base, out);
        String log = Files.readString(out.resolve(EvaluationRun.SAMPLES));
        stub.callsById.clear();

        Benchmark b = variant(what);
        EvalOptions o = switch (what) {
            case "max_tokens" -> base.withMaxTokens(1000);
            case "inputs" -> base.withInputs(Map.of("adapters", Map.of("path", "/a", "sha256", "bbb")));
            default -> base;
        };
        LanguageModel m = endpoint(what.equals("model") ? "other" : "m");
        RunRecord.RunMismatchException e = assertThrows(RunRecord.RunMismatchException.class, () -> EvaluationRun.run(b, m, o, out));
        assertTrue(e.getMessage().contains(named + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
        assertEquals(Map.of(), stub.callsById, "nothing was asked");
        assertEquals(log, Files.readString(out.resolve(EvaluationRun.SAMPLES)), "the earlier samples are untouched");

        // --overwrite: a fresh run, every problem asked again, the log holds only the new run's samples
        EvaluationResult fresh = EvaluationRun.run(b, m, o.withOverwrite(true), out);
        assertEquals(4, stub.callsById.values().stream().mapToInt(java.util.concurrent.atomic.AtomicInteger::get).sum());
        assertEquals(4, Files.readAllLines(out.resolve(EvaluationRun.SAMPLES)).size());
        String run = new ObjectMapper().readTree(out.resolve(RunRecord.FILE).toFile()).path("fingerprint").asText();
        assertTrue(fresh.sampleList().stream().allMatch(s -> s.run().equals(run)));
    }

    @Test
    void whatChangesNoSampleIsNotIdentity(@TempDir Path out) {
        EvaluationRun.run(variant("none"), endpoint("m"), EvalOptions.defaults().withLimit(2), out);
        stub.callsById.clear();
        // a larger limit, other concurrency, another retry policy: the two done samples are kept
        EvaluationRun.run(variant("none"), new OpenAiChatModel(new OpenAiClient(OpenAiClientConfig.of(stub.baseUrl())), "m")
                .retrying(new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(2))), EvalOptions.defaults().withConcurrency(1), out);
        assertEquals(0, stub.calls("p0") + stub.calls("p1"));
        assertEquals(2, stub.calls("p2") + stub.calls("p3"));
    }

    @Test
    void samplesWithoutARunRecordAreNotResumed(@TempDir Path out) throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve(EvaluationRun.SAMPLES), "{\"id\":\"p0\",\"completion\":\"\\\\boxed{0}\",\"verdict\":true}\n");
        RunRecord.RunMismatchException e = assertThrows(RunRecord.RunMismatchException.class,
                () -> EvaluationRun.run(variant("none"), endpoint("m"), EvalOptions.defaults(), out));
        assertTrue(e.getMessage().contains("without a run.json"), e.getMessage());
        assertEquals(4, EvaluationRun.run(variant("none"), endpoint("m"), EvalOptions.defaults().withOverwrite(true), out).metrics().n());
    }

    @Test
    void linesAndResultsRecordTheRun(@TempDir Path out) throws IOException {
        Map<String, Object> inputs = Map.of("adapters", Map.of("path", "/abs/adapters", "sha256", "abc"));
        EvaluationRun.run(variant("none"), endpoint("m"), EvalOptions.defaults().withInputs(inputs), out);
        ObjectMapper json = new ObjectMapper();
        JsonNode record = json.readTree(out.resolve(RunRecord.FILE).toFile());
        JsonNode results = json.readTree(out.resolve(EvaluationRun.RESULTS).toFile());
        assertEquals(record.path("fingerprint").asText(), results.at("/config/run").asText());
        assertEquals("/abs/adapters", results.at("/config/inputs/adapters/path").asText());
        assertEquals("MATH", results.at("/config/prompt/format").asText());
        assertTrue(results.at("/config/prompt/template").asText().contains("{question}"));
        for (String line : Files.readAllLines(out.resolve(EvaluationRun.SAMPLES))) {
            JsonNode s = json.readTree(line);
            assertEquals(record.path("fingerprint").asText(), s.path("run").asText(), line);
            assertEquals("m", s.path("model").asText(), line);
            assertEquals("/abs/adapters", s.path("adapters").asText(), line);
            assertEquals("none", s.path("policy").asText(), line);
        }
    }

    @Test
    void differencesNameEveryChangedLeaf() {
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.valueToTree(Map.of("x", 1, "y", Map.of("z", "a", "w", List.of(1))));
        JsonNode b = json.valueToTree(Map.of("x", 1, "y", Map.of("z", "b"), "v", true));
        assertEquals(List.of("v: (absent) -> true", "y.w: [1] -> (absent)", "y.z: a -> b"), RunRecord.differences(a, b));
    }

    @Test
    void problemDigestIsContentNotOrderBlind() {
        Benchmark b = StubEndpoint.math(3);
        List<Problem> reversed = new ArrayList<>(b.problems());
        java.util.Collections.reverse(reversed);
        assertTrue(!EvaluationRun.problemsDigest(b.problems()).equals(EvaluationRun.problemsDigest(reversed)));
        assertEquals(EvaluationRun.problemsDigest(b.problems()), EvaluationRun.problemsDigest(StubEndpoint.math(3).problems()));
        assertEquals(Grader.MATH, b.grader());
    }
}
