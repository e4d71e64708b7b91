package org.reasonbridge.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.reasonbridge.model.Model;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HEAD /health, one model by id, a 5xx logged with its cause, and a taken port named. */
class ServerEndpointsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void healthAnswersHeadAndModelsAnswerById() throws Exception {
        try (TinyServer tiny = new TinyServer()) {
            URI root = tiny.server.baseUrl().resolve("/");
            HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(root.resolve("/health"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
            JsonNode health = JSON.readTree(get(root.resolve("/health")).body());
            assertEquals(tiny.server.contextLimit().maxModelLen(), health.get("max_model_len").asInt());

            HttpResponse<String> one = get(root.resolve("/v1/models/tiny-qwen2"));
            assertEquals(200, one.statusCode(), one.body());
            JsonNode m = JSON.readTree(one.body());
            assertEquals("tiny-qwen2", m.get("id").asText());
            assertEquals("model", m.get("object").asText());
            HttpResponse<String> other = get(root.resolve("/v1/models/gpt-4"));
            assertEquals(404, other.statusCode());
            assertEquals("model_not_found", JSON.readTree(other.body()).at("/error/code").asText());
        }
    }

    @Test
    void aServerErrorIsLoggedWithItsCause() throws Exception {
        try (Model m = ServerLifecycleTest.tinyModel();
             OpenAiServer s = OpenAiServer.start(m, ServerConfig.defaults(), req -> step -> {
                 throw new IllegalStateException("policy exploded at step " + step.step());
             })) {
            PrintStream err = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            HttpResponse<String> r;
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                r = HTTP.send(HttpRequest.newBuilder(s.baseUrl().resolve("/v1/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"x\", \"max_tokens\": 3}")).build(),
                        HttpResponse.BodyHandlers.ofString());
            } finally {
                System.setErr(err);
            }
            assertEquals(500, r.statusCode(), r.body());
            assertEquals("server_error", JSON.readTree(r.body()).at("/error/type").asText());
            String log = captured.toString(StandardCharsets.UTF_8);
            assertTrue(log.contains("serve: 500 on POST /v1/completions"), log);
            assertTrue(log.contains("policy exploded at step 0"), log);
            assertTrue(log.contains("\tat "), "with the stack trace: " + log);
        }
    }

    @Test
    void aTakenPortIsNamed() throws Exception {
        try (TinyServer first = new TinyServer()) {
            int port = first.server.address().getPort();
            BindException e = assertThrows(BindException.class,
                    () -> OpenAiServer.start(first.model, ServerConfig.defaults().withPort(port)));
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        }
    }

    static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
