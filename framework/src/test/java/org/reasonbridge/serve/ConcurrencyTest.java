package org.reasonbridge.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.model.generate.GenerationConfig;
import org.reasonbridge.openai.Completion;
import org.reasonbridge.openai.CompletionRequest;
import org.reasonbridge.http.ApiException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many clients at once: one worker answers all of them, each exactly as if it had been alone. */
class ConcurrencyTest {
    static final List<String> PROMPTS = List.of("a", "bb cc", "The quick", "1 2 3", "hello world", "zzz", "Once", "Q:");

    @ParameterizedTest(name = "{0} requests, batches of up to {1}, streamed every {2}")
    @CsvSource({"100, 8, 3", "100, 1, 5"})
    void everyRequestIsAnsweredCorrectly(int requests, int maxBatch, int streamEvery) throws Exception {
        try (TinyServer tiny = new TinyServer(ServerConfig.defaults().withMaxBatch(maxBatch))) {
            Map<String, String> expected = new ConcurrentHashMap<>();
            for (String p : PROMPTS) expected.put(p, tiny.model.generate(p, GenerationConfig.greedy(4 + p.length() % 3)).text());
            ExecutorService pool = Executors.newFixedThreadPool(requests);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String p = PROMPTS.get(i % PROMPTS.size());
                boolean stream = i % streamEvery == 0;
                CompletionRequest req = CompletionRequest.of(tiny.server.modelName(), p).withMaxTokens(4 + p.length() % 3)
                        .withTemperature(0);
                answers.add(pool.submit(() -> {
                    go.await();
                    Completion c = stream ? tiny.client.completeStream(req, (x, t, r) -> { }) : tiny.client.complete(req);
                    return c.text();
                }));
            }
            go.countDown();
            int answered = 0;
            for (int i = 0; i < requests; i++) {
                assertEquals(expected.get(PROMPTS.get(i % PROMPTS.size())), answers.get(i).get(120, TimeUnit.SECONDS), "request " + i);
                answered++;
            }
            pool.shutdown();
            assertEquals(requests, answered);
            String health = new String(new java.net.URL(tiny.server.baseUrl().resolve("/health").toString()).openStream()
                    .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int largest = Integer.parseInt(health.replaceAll(".*\"largest_batch\":(\\d+).*", "$1"));
            assertTrue(largest <= maxBatch, health);
            if (maxBatch > 1) assertTrue(largest > 1, "requests queued behind a running one are batched: " + health);
        }
    }

    @Test
    void aFullQueueAnswers429WithRetryAfterAndLosesNothing() throws Exception {
        int requests = 30;
        try (TinyServer tiny = new TinyServer(ServerConfig.defaults().withMaxQueue(1).withMaxBatch(1))) {
            String expected = tiny.model.generate("slow", GenerationConfig.greedy(40)).text();
            ExecutorService pool = Executors.newFixedThreadPool(requests);
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger ok = new AtomicInteger(), rejected = new AtomicInteger(), wrong = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                done.add(pool.submit(() -> {
                    go.await();
                    try {
                        String text = tiny.client.complete(CompletionRequest.of(tiny.server.modelName(), "slow").withMaxTokens(40).withTemperature(0)).text();
                        (text.equals(expected) ? ok : wrong).incrementAndGet();
                    } catch (ApiException e) {
                        assertEquals(429, e.status(), e.getMessage());
                        assertTrue(e.retryAfter().isPresent());
                        assertTrue(e.retryable());
                        rejected.incrementAndGet();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get(120, TimeUnit.SECONDS);
            pool.shutdown();
            assertEquals(0, wrong.get());
            assertEquals(requests, ok.get() + rejected.get(), "every request answered one way or the other");
            assertTrue(ok.get() >= 1 && rejected.get() >= 1, ok + " ok, " + rejected + " rejected");
        }
    }
}
