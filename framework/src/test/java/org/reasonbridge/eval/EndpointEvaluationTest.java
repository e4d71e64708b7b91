package org.reasonbridge.eval;

import org.reasonbridge.lm.OpenAiCompletionsModel;
import org.reasonbridge.lm.OpenAiChatModel;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.http.RetryPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Endpoint evaluation against the deterministic stub: exact accuracy, retries, permanent failures, logs. */
class EndpointEvaluationTest {
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(50));
    StubEndpoint stub;

    @BeforeEach
    void start() throws IOException {
        stub = new StubEndpoint();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    LanguageModel solver(boolean chat) {
        OpenAiClient c = new OpenAiClient(OpenAiClientConfig.of(stub.baseUrl()));
        return (chat ? new OpenAiChatModel(c, "stub") : (LanguageModel) new OpenAiCompletionsModel(c, "stub")).retrying(FAST);
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("no faults, chat", true, StubEndpoint.Faults.NONE, 0),
                Arguments.of("no faults, completions", false, StubEndpoint.Faults.NONE, 0),
                Arguments.of("first attempt of every 3rd problem 500", true, (StubEndpoint.Faults) (attempt, id) -> attempt == 1 && third(id) ? new Object[]{500, null} : null, 0),
                Arguments.of("first attempt of every 3rd problem 429 Retry-After", false,
                        (StubEndpoint.Faults) (attempt, id) -> attempt == 1 && third(id) ? new Object[]{429, "0.02"} : null, 0),
                Arguments.of("p3 always 503", true, (StubEndpoint.Faults) (n, id) -> id.equals("p3") ? new Object[]{503, null} : null, 1),
                Arguments.of("p4 rejected 400 (not retried)", true,
                        (StubEndpoint.Faults) (n, id) -> id.equals("p4") ? new Object[]{400, null} : null, 1));
    }

    private static boolean third(String id) {
        return Integer.parseInt(id.substring(1)) % 3 == 0;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void accuracyIsExactAndFailuresAreSamples(String name, boolean chat, StubEndpoint.Faults faults, int failed,
                                              @TempDir Path out) throws IOException {
        stub.faults = faults;
        EvaluationResult r = EvaluationRun.run(StubEndpoint.math(10), solver(chat), EvalOptions.defaults().withConcurrency(4), out);
        // even ids are answered right; a failed even id is lost
        int lostEven = (int) r.sampleList().stream().filter(s -> s.failed() && Integer.parseInt(s.id().substring(1)) % 2 == 0).count();
        assertEquals(new EvaluationResult.Metrics(10, 5 - lostEven, failed), r.metrics());
        assertEquals((5.0 - lostEven) / 10, r.accuracy());
        List<String> lines = Files.readAllLines(out.resolve(EvaluationRun.SAMPLES));
        assertEquals(10, lines.size());
        for (Sample s : r.sampleList()) {
            if (s.failed()) {
                assertFalse(s.verdict());
                assertTrue(s.error().contains("HTTP 503") || s.error().contains("HTTP 400"), s.error());
                assertEquals(s.error().contains("503") ? FAST.maxAttempts() : 1, s.attempts(), s.error());
                assertEquals(s.attempts(), stub.calls(s.id()));
            } else {
                assertNull(s.error());
                assertEquals(s.id().substring(1).matches("\\d*[02468]") ? s.gold() : "100" + s.gold(), s.extracted());
                assertEquals(s.attempts(), stub.calls(s.id()), "every request is an attempt");
                assertTrue(s.promptTokens() > 0 && s.completionTokens() > 0);
            }
        }
        JsonNode results = new ObjectMapper().readTree(out.resolve(EvaluationRun.RESULTS).toFile());
        assertEquals(10, results.at("/metrics/n").asInt());
        assertEquals(failed, results.at("/metrics/failed").asInt());
        assertEquals(5 - lostEven, results.at("/breakdown/subject/even/correct").asInt());
        assertEquals(0, results.at("/breakdown/subject/odd/correct").asInt());
        assertEquals(chat ? "chat" : "completions", results.at("/config/solver/mode").asText());
        assertEquals(System.getProperty("java.version"), results.at("/environment/java_version").asText());
        assertFalse(Files.exists(out.resolve(EvaluationRun.RESULTS + ".tmp")));
    }

    @Test
    void retryAfterIsHonoured(@TempDir Path out) {
        stub.faults = (n, id) -> n == 1 ? new Object[]{429, "0.3"} : null;
        long t0 = System.nanoTime();
        RetryPolicy patient = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofSeconds(1));
        LanguageModel s = new OpenAiChatModel(new OpenAiClient(OpenAiClientConfig.of(stub.baseUrl())), "stub").retrying(patient);
        EvaluationResult r = EvaluationRun.run(StubEndpoint.math(1), s, EvalOptions.defaults(), out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(2, r.sampleList().get(0).attempts());
        assertTrue(seconds >= 0.3 && r.sampleList().get(0).seconds() >= 0.3,
                "waited the server's 0.3 s, not the policy's 5 ms: " + seconds);
    }

    @Test
    void retryAfterIsCappedByMaxDelay() {
        RetryPolicy p = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2));
        var e429 = new org.reasonbridge.http.ApiException("x", 429, "", Duration.ofSeconds(30), null);
        var e500 = new org.reasonbridge.http.ApiException("x", 500, "", null, null);
        assertEquals(Duration.ofSeconds(2), p.delay(1, e429));
        assertEquals(Duration.ofMillis(100), p.delay(1, e500));
        assertEquals(Duration.ofMillis(400), p.delay(3, e500));
        assertEquals(Duration.ofSeconds(2), p.delay(10, e500));
    }

    @Test
    void notebookTables(@TempDir Path out) {
        EvaluationResult r = EvaluationRun.run(StubEndpoint.math(6), solver(true), EvalOptions.defaults().withLimit(4), out);
        var samples = r.samples();
        assertEquals(4, samples.rowCount());
        assertEquals(List.of("p0", "p1", "p2", "p3"), samples.stringColumn("id").asList());
        assertEquals(List.of(true, false, true, false), samples.booleanColumn("verdict").asList());
        var summary = r.summary();
        assertEquals("benchmark", summary.stringColumn("key").get(0));
        assertEquals(0.5, summary.doubleColumn("accuracy").get(0));
        assertTrue(summary.stringColumn("key").asList().containsAll(List.of("subject", "level")));
        assertNotNull(r.toJson().get("environment"));
    }
}
