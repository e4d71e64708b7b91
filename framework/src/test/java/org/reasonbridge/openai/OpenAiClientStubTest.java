package org.reasonbridge.openai;

import org.reasonbridge.http.ApiException;
import org.reasonbridge.model.tokenizer.ChatMessage;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's parsing against a stub server on 127.0.0.1 that answers fixed OpenAI-shaped bodies, chosen by the
 * request's {@code model} field: reasoning fields of different servers, SSE framing, errors and the API key.
 */
class OpenAiClientStubTest {
    static final String KEY = "sk-test-SECRET-1234567890";
    static HttpServer stub;
    static final Map<String, String> LAST_AUTH = new ConcurrentHashMap<>();

    record Canned(int status, String contentType, String body, String retryAfter) {
    }

    static final Map<String, Canned> CANNED = Map.of(
            "reasoning", new Canned(200, "application/json", """
                    {"id":"r1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,
                     "message":{"role":"assistant","content":"4","reasoning":"2+2 is 4"},"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}""", null),
            "reasoning_content", new Canned(200, "application/json", """
                    {"id":"r2","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,
                     "message":{"role":"assistant","content":"yes","reasoning_content":"think"},"finish_reason":"length"}]}""", null),
            "none", new Canned(200, "application/json", """
                    {"id":"r3","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,
                     "message":{"role":"assistant","content":null},"finish_reason":"stop"}],"usage":null}""", null),
            "stream", new Canned(200, "text/event-stream", String.join("",
                    ": keep-alive comment\n\n",
                    "data: {\"id\":\"s\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n",
                    "data: {\"id\":\"s\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"hmm \"}}]}\n\n",
                    "data:{\"id\":\"s\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"ok\"}}]}\n\n",
                    "data: {\"id\":\"s\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\r\n\r\n",
                    "data: {\"id\":\"s\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}\n\n",
                    "data: {\"id\":\"s\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}\n\n",
                    "data: [DONE]\n\n"), null),
            "text-stream", new Canned(200, "text/event-stream", String.join("",
                    "data: {\"id\":\"t\",\"object\":\"text_completion\",\"choices\":[{\"index\":1,\"text\":\"B\"}]}\n\n",
                    "data: {\"id\":\"t\",\"choices\":[{\"index\":0,\"text\":\"A\",\"finish_reason\":null}]}\n\n",
                    "data: {\"id\":\"t\",\"choices\":[{\"index\":0,\"text\":\"a\",\"finish_reason\":\"length\"}]}\n\n",
                    "data: {\"id\":\"t\",\"choices\":[{\"index\":1,\"text\":\"b\",\"finish_reason\":\"stop\"}]}\n\n",
                    "data: [DONE]\n\n"), null),
            "busy", new Canned(429, "application/json",
                    "{\"error\":{\"message\":\"Rate limit reached for key " + KEY + "\",\"type\":\"requests\"}}", "7"),
            "broken", new Canned(500, "text/plain", "x".repeat(5000), null),
            "garbage", new Canned(200, "application/json", "<html>not json</html>", null),
            "cut", new Canned(200, "text/event-stream",
                    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n", null));

    @BeforeAll
    static void start() throws IOException {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/v1/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String model = body.replaceAll("(?s).*\"model\":\"([^\"]*)\".*", "$1");
            LAST_AUTH.put(model, String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            Canned c = ex.getRequestURI().getPath().equals("/v1/models")
                    ? new Canned(200, "application/json", "{\"object\":\"list\",\"data\":[{\"id\":\"a\"},{\"id\":\"b\"}]}", null)
                    : CANNED.get(model);
            byte[] out = c.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", c.contentType());
            if (c.retryAfter() != null) ex.getResponseHeaders().set("Retry-After", c.retryAfter());
            ex.sendResponseHeaders(c.status(), out.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(out);
            }
        });
        stub.start();
    }

    @AfterAll
    static void stop() {
        stub.stop(0);
    }

    static OpenAiClient client() {
        OpenAiClientConfig cfg = OpenAiClientConfig.of("http://127.0.0.1:" + stub.getAddress().getPort() + "/v1/")
                .withApiKeyEnv("STUB_KEY").withRequestTimeout(Duration.ofSeconds(20));
        return new OpenAiClient(cfg, name -> name.equals("STUB_KEY") ? KEY : null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            "reasoning,         4,   2+2 is 4, stop",
            "reasoning_content, yes, think,    length",
            "none,              '',  -,        stop",
    })
    void readsContentAndEitherReasoningField(String model, String content, String reasoning, String finish) {
        Completion c = client().chat(ChatRequest.of(model, "q"));
        assertEquals(content, c.text());
        assertEquals(reasoning, c.reasoning());
        assertEquals(finish, c.finishReason());
        assertEquals("Bearer " + KEY, LAST_AUTH.get(model));
    }

    @Test
    void readsUsage() {
        assertEquals(new Completion.Usage(5, 7, 12), client().chat(ChatRequest.of("reasoning", "q")).usage());
        assertNull(client().chat(ChatRequest.of("none", "q")).usage());
    }

    @Test
    void streamsChatWithReasoningDeltas() {
        List<String> seen = new ArrayList<>();
        Completion c = client().chatStream(ChatRequest.of("stream", "q"), (i, text, reasoning) -> seen.add(reasoning + "|" + text));
        assertEquals("Hello", c.text());
        assertEquals("hmm ok", c.reasoning());
        assertEquals("stop", c.finishReason());
        assertEquals(new Completion.Usage(3, 2, 5), c.usage());
        assertEquals(List.of("hmm |", "ok|", "|Hel", "|lo"), seen);
        assertEquals("s", c.id());
        assertEquals("m", c.model());
    }

    @Test
    void streamsCompletionsByIndex() {
        Completion c = client().completeStream(CompletionRequest.of("text-stream", List.of("p0", "p1")), StreamListener.NONE);
        assertEquals(2, c.choices().size());
        assertEquals(new Completion.Choice(0, "Aa", null, "length"), c.choices().get(0));
        assertEquals(new Completion.Choice(1, "Bb", null, "stop"), c.choices().get(1));
    }

    @Test
    void listsModels() {
        assertEquals(List.of("a", "b"), client().models());
    }

    @ParameterizedTest(name = "{0} -> status {1}")
    @CsvSource(nullValues = "-", value = {
            "busy,    429, 7",
            "broken,  500, -",
            "garbage, 200, -",
            "cut,     200, -",
    })
    void failuresCarryStatusExcerptAndRetryAfterButNeverTheKey(String model, int status, Integer retryAfter) {
        ApiException e = assertThrows(ApiException.class, () -> {
            if (model.equals("cut")) client().chatStream(ChatRequest.of(model, "q"), StreamListener.NONE);
            else client().chat(ChatRequest.of(model, "q"));
        });
        assertEquals(status, e.status());
        assertEquals(retryAfter == null ? null : Duration.ofSeconds(retryAfter), e.retryAfter().orElse(null));
        assertTrue(e.bodyExcerpt().length() <= ApiException.EXCERPT + 3);
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(KEY), t.getMessage());
        }
        assertFalse(e.bodyExcerpt().contains(KEY));
        assertFalse(e.toString().contains(KEY));
    }

    @Test
    void aMissingKeyVariableIsNamedAndConnectionFailuresHaveStatusZero() {
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> new OpenAiClient(
                OpenAiClientConfig.of("http://127.0.0.1:1/v1").withApiKeyEnv("NO_SUCH_VAR"), name -> null));
        assertTrue(missing.getMessage().contains("NO_SUCH_VAR"));
        OpenAiClient dead = new OpenAiClient(OpenAiClientConfig.of("http://127.0.0.1:1/v1").withApiKeyEnv("K")
                .withConnectTimeout(Duration.ofSeconds(2)), name -> KEY);
        ApiException e = assertThrows(ApiException.class, () -> dead.chat(ChatRequest.of("m", "q")));
        assertEquals(0, e.status());
        assertTrue(e.retryable());
        assertFalse(e.getMessage().contains(KEY));
    }

    @Test
    void sendsOnlyTheOptionsThatWereSet() throws Exception {
        // The request body is what the stub sees; parse it back through a capturing context.
        List<String> bodies = new ArrayList<>();
        stub.createContext("/capture/", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] out = CANNED.get("reasoning").body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(out);
            }
        });
        OpenAiClient c = new OpenAiClient(OpenAiClientConfig.of("http://127.0.0.1:" + stub.getAddress().getPort() + "/capture"));
        c.chat(ChatRequest.of("m", "q"));
        c.chat(ChatRequest.of("m", List.of(ChatMessage.system("s"), ChatMessage.user("q"))).withMaxTokens(5).withTemperature(0)
                .withTopP(0.5).withStop("a", "b").withSeed(3).with("top_k", 4));
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(json.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}"), json.readTree(bodies.get(0)));
        assertEquals(json.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\","
                + "\"content\":\"q\"}],\"max_tokens\":5,\"temperature\":0.0,\"top_p\":0.5,\"stop\":[\"a\",\"b\"],\"seed\":3,"
                + "\"top_k\":4}"), json.readTree(bodies.get(1)));
    }
}
