package org.reasonbridge.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The context limit: where it comes from, and a request over it refused with OpenAI's 400 before any work. */
class ContextLimitTest {
    static final int LIMIT = 64;
    static TinyServer tiny;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        tiny = new TinyServer(ServerConfig.defaults().withMaxModelLen(LIMIT).withMaxBatch(1));
    }

    @AfterAll
    static void stop() {
        tiny.close();
    }

    static final ModelConfig QWEN = ModelPreset.QWEN_0_5B.config(ModelFamily.QWEN2);

    @ParameterizedTest(name = "requested {0}, {1} GB available -> {2}")
    @CsvSource({
            // Qwen2.5-0.5B shape: 24 layers, 14 heads, 2 kv heads of 64 at 2 x 24.6 KB + 12 x 28.7 KB a token
            "0,     64, 32768",   // plenty: max_position_embeddings
            "0,     4,  3810",    // (half of 4 GB - 502 MB of scoring logits and array cache) / 393 KB a token
            "0,     1,  1",      // nothing fits: a limit of one token rather than none
            "2048,  64, 2048",    // the operator's choice
            "40000, 64, -1",      // past max_position_embeddings: refused
    })
    void limitFromPositionsMemoryAndFlag(int requested, int gigabytes, int expected) {
        long available = gigabytes * 1_000_000_000L;
        if (expected < 0) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ContextLimit.resolve(QWEN, requested, available));
            assertTrue(e.getMessage().contains("max_position_embeddings (32768)"), e.getMessage());
            return;
        }
        ContextLimit l = ContextLimit.resolve(QWEN, requested, available);
        assertEquals(expected, l.maxModelLen(), l.reason());
        assertTrue(l.tokenBudget() >= l.maxModelLen());
        assertEquals(2 * 2 * 24 * 2 * 64 * 4 + 12 * 14 * 512 * 4, l.bytesPerToken());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // endpoint        | body (PROMPT is replaced)                                              | prompt tokens | completion
            "/v1/completions      | {\"prompt\": PROMPT, \"max_tokens\": 10}                          | 60  | 10",
            "/v1/completions      | {\"prompt\": PROMPT}                                              | 65  | 16",
            "/v1/completions      | {\"prompt\": PROMPT, \"max_tokens\": 0, \"echo\": true, \"logprobs\": 1} | 65  | 0",
            "/v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": PROMPT}], \"max_tokens\": 30} | 40 | 30",
    })
    void overTheLimitIsA400WithTheNumbers(String endpoint, String body, int promptTokens, int completion) throws Exception {
        String prompt = JSON.writeValueAsString(words(endpoint.contains("chat") ? promptTokens - chatOverhead() : promptTokens));
        HttpResponse<String> r = send(endpoint, body.replace("PROMPT", prompt));
        assertEquals(400, r.statusCode(), r.body());
        JsonNode e = JSON.readTree(r.body()).get("error");
        assertEquals("context_length_exceeded", e.get("code").asText());
        assertEquals("invalid_request_error", e.get("type").asText());
        assertEquals(endpoint.contains("chat") ? "messages" : "prompt", e.get("param").asText());
        String m = e.get("message").asText();
        assertTrue(m.contains("maximum context length is " + LIMIT + " tokens"), m);
        assertTrue(m.contains("(" + promptTokens + " in the"), m);
        assertTrue(m.contains(", " + completion + " in the completion"), m);
    }

    @Test
    void aDefaultMaxTokensShrinksToFit() throws Exception {
        HttpResponse<String> r = send("/v1/completions", "{\"prompt\": " + JSON.writeValueAsString(words(60)) + ", \"temperature\": 0}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(JSON.readTree(r.body()).at("/usage/completion_tokens").asInt() <= 4);
    }

    /** Rows are padded to the longest: 3 x (30 + 4) tokens do not fit a budget of 100, though each row fits 64. */
    @Test
    void aBatchBeyondTheTokenBudgetIsRefused() {
        Prompts prompts = new Prompts(tiny.model, new ContextLimit(LIMIT, 100, 1, 1, "test"));
        GenerationRequest three = new GenerationRequest(GenerationRequest.Kind.COMPLETION, java.util.List.of(),
                java.util.Map.of(), java.util.List.of(words(30), words(30), words(30)),
                org.reasonbridge.model.generate.GenerationConfig.greedy(4), false, false, false);
        ApiError e = assertThrows(ApiError.class, () -> prompts.prepare(three));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("102 tokens") && e.getMessage().contains("fewer prompts"), e.getMessage());
        GenerationRequest two = new GenerationRequest(GenerationRequest.Kind.COMPLETION, java.util.List.of(),
                java.util.Map.of(), java.util.List.of(words(30), words(10)),
                org.reasonbridge.model.generate.GenerationConfig.greedy(4), false, false, false);
        assertEquals(2, prompts.prepare(two).promptIds().size());
    }

    /** A 200 KB prompt (the size that once failed with a 500) is refused fast, while a long generation runs. */
    @Test
    void aHugePromptIsRefusedWithoutWaitingForTheModel() throws Exception {
        var busy = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return send("/v1/completions", "{\"prompt\": \"busy\", \"max_tokens\": 50, \"temperature\": 0}").statusCode();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        HttpResponse<String> r = send("/v1/completions", "{\"prompt\": " + JSON.writeValueAsString("word ".repeat(40_000)) + "}");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("context_length_exceeded"), r.body());
        assertEquals(200, busy.get());
    }

    /** {@code n} words of one token each in the tiny vocabulary ("a" and " a" are single tokens). */
    static String words(int n) {
        String s = "a" + " a".repeat(n - 1);
        assertEquals(n, tiny.model.tokenizer().encode(s).length, "the tiny tokenizer's token count");
        return s;
    }

    static int chatOverhead() {
        return tiny.model.tokenizer().encode(tiny.model.applyChatTemplate(java.util.List.of(
                java.util.Map.of("role", "user", "content", "a")), true, java.util.Map.of())).length - 1;
    }

    static HttpResponse<String> send(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(tiny.server.baseUrl().resolve(path).toString()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
