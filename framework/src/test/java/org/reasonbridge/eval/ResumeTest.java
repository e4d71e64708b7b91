package org.reasonbridge.eval;

import org.reasonbridge.lm.OpenAiChatModel;
import org.reasonbridge.lm.LmRequest;
import org.reasonbridge.lm.LmReply;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.data.Problem;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A run killed after k samples (and mid-line) and run again redoes only the rest and reports the same results. */
class ResumeTest {
    static final int N = 9;
    StubEndpoint stub;

    @BeforeEach
    void start() throws IOException {
        stub = new StubEndpoint();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    /** The "kill": an Error out of the solver after {@code k} answers, which the runner does not catch. */
    static final class Killed extends Error {
    }

    LanguageModel endpoint() {
        return new OpenAiChatModel(new OpenAiClient(OpenAiClientConfig.of(stub.baseUrl())), "stub")
                .retrying(new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(50)));
    }

    LanguageModel killedAfter(int k) {
        LanguageModel inner = endpoint();
        AtomicInteger answered = new AtomicInteger();
        return new LanguageModel() {
            public LmReply answer(LmRequest r) {
                if (answered.getAndIncrement() >= k) throw new Killed();
                return inner.answer(r);
            }

            public boolean concurrent() {
                return false;
            }

            public Map<String, Object> describe() {
                return inner.describe();
            }
        };
    }

    @ParameterizedTest(name = "killed after {0}, torn line {1}, failures {2}")
    @CsvSource({"0, false, false", "4, false, false", "4, true, false", "8, true, false", "5, true, true"})
    void resumesWithoutRedoing(int k, boolean tornLine, boolean failP1First, @TempDir Path tmp) throws IOException {
        Benchmark b = StubEndpoint.math(N);
        EvaluationResult whole = EvaluationRun.run(b, endpoint(), EvalOptions.defaults(), tmp.resolve("whole"));

        Path out = tmp.resolve("resumed");
        stub.callsById.clear();
        if (failP1First) stub.faults = (n, id) -> id.equals("p1") ? new Object[]{500, null} : null;
        assertThrows(Killed.class, () -> EvaluationRun.run(b, killedAfter(k), EvalOptions.defaults(), out));
        Path log = out.resolve(EvaluationRun.SAMPLES);
        if (k == 0 && !Files.exists(log)) Files.createFile(log);
        assertEquals(k, Files.readAllLines(log).size());
        if (tornLine) Files.writeString(log, "{\"id\":\"p" + k + "\",\"prompt\":\"Prob", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Set<String> before = stub.callsById.keySet().stream().collect(Collectors.toSet());

        stub.faults = StubEndpoint.Faults.NONE;
        stub.callsById.clear();
        List<int[]> progress = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        EvaluationResult resumed = EvaluationRun.run(b, endpoint(), EvalOptions.defaults().withConcurrency(3), out,
                (done, total, correct, failed) -> progress.add(new int[]{done, total, correct, failed}));
        // the samples already logged count at once, then one report per sample, ending on the result's counts
        int resumedSamples = failP1First ? k - 1 : k;
        assertEquals(N - resumedSamples + 1, progress.size());
        assertArrayEquals(new int[]{resumedSamples, N}, java.util.Arrays.copyOf(progress.get(0), 2));
        assertArrayEquals(new int[]{N, N, resumed.metrics().correct(), resumed.metrics().failed()}, progress.get(progress.size() - 1));
        for (Problem p : b.problems()) {
            boolean finishedBefore = before.contains(p.id()) && !(failP1First && p.id().equals("p1"));
            assertEquals(finishedBefore ? 0 : 1, stub.calls(p.id()), p.id() + " asked again only if unfinished or failed");
        }
        assertEquals(whole.metrics(), resumed.metrics());
        assertEquals(whole.breakdown(), resumed.breakdown());
        assertEquals(strip(whole.sampleList()), strip(resumed.sampleList()));
        assertEquals(failP1First ? k - 1 : k, ((Map<?, ?>) resumed.toJson().get("environment")).get("resumed_samples"));
        // a third run has nothing left to do
        stub.callsById.clear();
        EvaluationRun.run(b, endpoint(), EvalOptions.defaults(), out);
        assertEquals(Map.of(), stub.callsById);
    }

    private static List<String> strip(List<Sample> samples) {
        return samples.stream().map(s -> s.id() + "|" + s.completion() + "|" + s.extracted() + "|" + s.verdict() + "|" + s.error())
                .toList();
    }
}
