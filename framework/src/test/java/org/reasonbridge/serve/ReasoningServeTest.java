package org.reasonbridge.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.model.json.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --reasoning-parser} over the wire, on the tiny random model with a DeepSeek-R1-style template whose generation
 * prompt opens thinking: with the parser the (greedy, so identical) completion is all {@code reasoning_content}
 * until a {@code </think>}; without it, all {@code content}; streamed deltas add up to the same fields.
 */
class ReasoningServeTest {
    private static final String BODY = "{\"max_tokens\":12,\"temperature\":0,%s\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"}]}";
    private static Model model;
    private static OpenAiServer plain, parsed;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("tiny-r1");
        RandomCheckpoint.write(dir, ModelPreset.TINY.config(ModelFamily.QWEN2), 7, DType.F32);
        Path config = dir.resolve("tokenizer_config.json");
        ObjectNode tokenizer = (ObjectNode) Json.MAPPER.readTree(config.toFile());
        tokenizer.put("chat_template", "{% for m in messages %}<｜User｜>{{ m['content'] }}{% endfor %}<｜Assistant｜><think>\n");
        Json.MAPPER.writeValue(config.toFile(), tokenizer);
        model = Model.load(dir);
        plain = OpenAiServer.start(model, ServerConfig.defaults());
        parsed = OpenAiServer.start(model, ServerConfig.defaults().withReasoningParser("deepseek_r1"));
    }

    @AfterAll
    static void stop() {
        plain.close();
        parsed.close();
        model.close();
    }

    @Test
    void thinkingGoesToReasoningContent() throws Exception {
        JsonNode without = post(plain, "").at("/choices/0/message");
        JsonNode with = post(parsed, "").at("/choices/0/message");
        String text = without.get("content").asText();
        assertFalse(without.has("reasoning_content"));
        int close = text.indexOf("</think>");
        String reasoning = close < 0 ? text : text.substring(0, close);
        assertEquals(reasoning, with.get("reasoning_content").asText());
        assertEquals(close < 0 ? "" : text.substring(close + "</think>".length()), with.get("content").asText());
    }

    @Test
    void streamedDeltasAddUpToTheWholeMessage() throws Exception {
        JsonNode whole = post(parsed, "").at("/choices/0/message");
        String sse = HTTP.send(request(parsed, String.format(BODY, "\"stream\":true,")), HttpResponse.BodyHandlers.ofString()).body();
        StringBuilder reasoning = new StringBuilder(), content = new StringBuilder();
        for (String event : sse.split("\n\n")) {
            if (event.equals("data: [DONE]")) continue;
            JsonNode delta = Json.MAPPER.readTree(event.substring("data: ".length())).at("/choices/0/delta");
            if (delta.has("reasoning_content")) reasoning.append(delta.get("reasoning_content").asText());
            if (delta.has("content")) content.append(delta.get("content").asText());
        }
        assertTrue(reasoning.length() > 0, sse);
        assertEquals(whole.get("reasoning_content").asText(), reasoning.toString());
        assertEquals(whole.get("content").asText(), content.toString());
    }

    private static JsonNode post(OpenAiServer server, String extra) throws Exception {
        return Json.MAPPER.readTree(HTTP.send(request(server, String.format(BODY, extra)), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static HttpRequest request(OpenAiServer server, String body) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
