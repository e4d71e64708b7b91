package org.reasonbridge.serve;

import org.junit.jupiter.api.Test;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.generate.DecodeAction;
import org.reasonbridge.model.generate.GenerationConfig;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.openai.Completion;
import org.reasonbridge.openai.CompletionRequest;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;
import org.reasonbridge.http.ApiException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A policy's hook plugs into every request; closing the server answers what is in flight, then refuses. */
class ServerLifecycleTest {
    static Model tinyModel() throws Exception {
        Path dir = Files.createTempDirectory("tiny-serve").resolve("tiny");
        RandomCheckpoint.write(dir, ModelPreset.TINY.config(ModelFamily.QWEN2), 7, DType.F32);
        return Model.load(dir);
    }

    @Test
    void aHookFactoryDecidesPerRequest() throws Exception {
        try (Model m = tinyModel();
             OpenAiServer s = OpenAiServer.start(m, ServerConfig.defaults(),
                     req -> step -> step.step() >= req.config().maxNewTokens() / 2 ? DecodeAction.stop() : DecodeAction.accept())) {
            OpenAiClient c = new OpenAiClient(OpenAiClientConfig.of(s.baseUrl().toString()));
            Completion got = c.complete(CompletionRequest.of(s.modelName(), "policy").withMaxTokens(10).withTemperature(0));
            assertEquals(5, got.usage().completionTokens());
            assertEquals("stop", got.finishReason());
            String expected = m.generate("policy", GenerationConfig.greedy(5)).text();
            assertEquals(expected, got.text());
        }
    }

    @Test
    void closeAnswersRequestsInFlightThenRefuses() throws Exception {
        try (Model m = tinyModel()) {
            OpenAiServer s = OpenAiServer.start(m, ServerConfig.defaults().withMaxBatch(1));
            OpenAiClient c = new OpenAiClient(OpenAiClientConfig.of(s.baseUrl().toString()).withConnectTimeout(Duration.ofSeconds(2)));
            String expected = m.generate("bye", GenerationConfig.greedy(30)).text();
            CompletionRequest req = CompletionRequest.of(s.modelName(), "bye").withMaxTokens(30).withTemperature(0);
            List<CompletableFuture<String>> inFlight = new ArrayList<>();
            for (int i = 0; i < 6; i++) inFlight.add(CompletableFuture.supplyAsync(() -> c.complete(req).text()));
            Thread.sleep(300); // let them reach the queue
            s.close(Duration.ofSeconds(60));
            for (CompletableFuture<String> f : inFlight) {
                try {
                    assertEquals(expected, f.get(60, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    // One that arrived after close began is refused with 503, never left hanging.
                    assertEquals(503, ((ApiException) e.getCause()).status(), e.getCause().getMessage());
                }
            }
            assertEquals(0, assertThrows(ApiException.class, () -> c.complete(req)).status());
        }
    }
}
