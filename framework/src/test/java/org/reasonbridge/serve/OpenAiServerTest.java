package org.reasonbridge.serve;

import org.reasonbridge.model.tokenizer.ChatMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.model.generate.DecodeHook;
import org.reasonbridge.model.generate.Generation;
import org.reasonbridge.model.generate.GenerationConfig;
import org.reasonbridge.model.generate.TokenListener;

import org.reasonbridge.openai.ChatRequest;
import org.reasonbridge.openai.Completion;
import org.reasonbridge.openai.CompletionRequest;
import org.reasonbridge.openai.StreamListener;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our client against our server on 127.0.0.1: answers equal {@code Model.generate/chat} with the same settings. */
class OpenAiServerTest {
    static TinyServer tiny;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        tiny = new TinyServer();
    }

    @AfterAll
    static void stop() {
        tiny.close();
    }

    static String model() {
        return tiny.server.modelName();
    }

    @ParameterizedTest(name = "chat \"{0}\", max_tokens {1}, stop \"{2}\"")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "Hello        | 12 | -",
            "What is 2+2? | 20 | -",
            "Hi           | 1  | -",
            "Hi           | 0  | -",
            "Tell a story | 24 | e",
    })
    void chatEqualsModelChat(String message, int maxTokens, String stop) {
        GenerationConfig cfg = GenerationConfig.greedy(maxTokens);
        ChatRequest req = ChatRequest.of(model(), message).withMaxTokens(maxTokens).withTemperature(0);
        if (stop != null) {
            cfg = cfg.withStopStrings(stop);
            req = req.withStop(stop);
        }
        Generation expected = tiny.model.chat(List.of(Map.of("role", "user", "content", message)), cfg);
        Completion got = tiny.client.chat(req);
        assertEquals(expected.text(), got.text());
        assertEquals(Responses.finishReason(expected.finishReason()), got.finishReason());
        assertEquals(expected.promptIds().length, got.usage().promptTokens());
        assertEquals(expected.generatedIds().length, got.usage().completionTokens());
        assertEquals(got.usage().promptTokens() + got.usage().completionTokens(), got.usage().totalTokens());
        assertEquals(model(), got.model());
        assertTrue(got.id().startsWith("chatcmpl-"), got.id());

        StringBuilder deltas = new StringBuilder();
        Completion streamed = tiny.client.chatStream(req, (i, text, reasoning) -> deltas.append(text));
        assertEquals(expected.text(), streamed.text(), "streamed chunks concatenate to the whole answer");
        assertEquals(expected.text(), deltas.toString());
        assertEquals(got.finishReason(), streamed.finishReason());
        if (stop != null) assertFalse(deltas.toString().contains(stop), "no part of a stop string is streamed");
    }

    @ParameterizedTest(name = "completion \"{0}\", max_tokens {1}, stop \"{2}\", echo {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "Once upon a time | 16 | -  | false",
            "1, 2, 3,         | 8  | -  | true",
            "The              | 30 | a  | false",
            "x                | 5  | -  | false",
    })
    void completionEqualsModelGenerate(String prompt, int maxTokens, String stop, boolean echo) {
        GenerationConfig cfg = GenerationConfig.greedy(maxTokens);
        CompletionRequest req = CompletionRequest.of(model(), prompt).withMaxTokens(maxTokens).withTemperature(0).withEcho(echo);
        if (stop != null) {
            cfg = cfg.withStopStrings(stop);
            req = req.withStop(stop);
        }
        Generation expected = tiny.model.generate(prompt, cfg);
        String text = (echo ? prompt : "") + expected.text();
        assertEquals(text, tiny.client.complete(req).text());
        StringBuilder deltas = new StringBuilder();
        Completion streamed = tiny.client.completeStream(req, (i, t, r) -> deltas.append(t));
        assertEquals(text, streamed.text());
        assertEquals(text, deltas.toString());
        assertEquals(Responses.finishReason(expected.finishReason()), streamed.finishReason());
    }

    @Test
    void promptListGivesOneIndexedChoiceEach() {
        List<String> prompts = List.of("alpha", "beta gamma", "delta");
        Completion got = tiny.client.complete(CompletionRequest.of(model(), prompts).withMaxTokens(6).withTemperature(0));
        assertEquals(3, got.choices().size());
        int promptTokens = 0;
        for (int i = 0; i < prompts.size(); i++) {
            Generation g = tiny.model.generate(prompts.get(i), GenerationConfig.greedy(6));
            assertEquals(i, got.choices().get(i).index());
            assertEquals(g.text(), got.choices().get(i).text());
            promptTokens += g.promptIds().length;
        }
        assertEquals(promptTokens, got.usage().promptTokens());
        Completion streamed = tiny.client.completeStream(CompletionRequest.of(model(), prompts).withMaxTokens(6)
                .withTemperature(0), StreamListener.NONE);
        for (int i = 0; i < prompts.size(); i++) assertEquals(got.choices().get(i).text(), streamed.choices().get(i).text());
    }

    @Test
    void systemMessageAndTemplateVariablesReachTheTemplate() {
        List<Map<String, Object>> messages = List.of(Map.of("role", "system", "content", "Be brief."),
                Map.of("role", "user", "content", "Why?"));
        Generation expected = tiny.model.chat(messages, GenerationConfig.greedy(10), Map.of("enable_thinking", false),
                DecodeHook.NONE, TokenListener.NONE);
        Completion got = tiny.client.chat(ChatRequest.of(model(), List.of(ChatMessage.system("Be brief."), ChatMessage.user("Why?")))
                .withMaxTokens(10).withTemperature(0).with("chat_template_kwargs", Map.of("enable_thinking", false)));
        assertEquals(expected.text(), got.text());
    }

    @Test
    void seededSamplingRepeatsAndMatchesTheModel() {
        GenerationConfig cfg = new GenerationConfig(12, 0.9, 5, 0.95, 42, null, List.of());
        Generation expected = tiny.model.generate("Sampling", cfg);
        CompletionRequest req = CompletionRequest.of(model(), "Sampling").withMaxTokens(12).withTemperature(0.9)
                .withTopP(0.95).withSeed(42).with("top_k", 5);
        assertEquals(expected.text(), tiny.client.complete(req).text());
        assertEquals(expected.text(), tiny.client.complete(req).text());
    }

    @Test
    void modelsListsTheOneModel() {
        assertEquals(List.of("tiny-qwen2"), tiny.client.models());
    }

    @Test
    void rawWireShapes() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI base = tiny.server.baseUrl();
        JsonNode chat = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tiny-qwen2\",\"max_tokens\":3,\"temperature\":0,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("chat.completion", chat.get("object").asText());
        assertTrue(chat.get("created").isIntegralNumber());
        assertEquals("assistant", chat.at("/choices/0/message/role").asText());
        assertEquals(0, chat.at("/choices/0/index").asInt());
        assertTrue(chat.at("/usage/total_tokens").isInt());

        HttpResponse<String> sse = http.send(HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"max_tokens\":3,\"temperature\":0,\"stream\":true,"
                        + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(sse.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        assertTrue(sse.body().endsWith("data: [DONE]\n\n"), sse.body());
        List<JsonNode> chunks = new ArrayList<>();
        for (String event : sse.body().split("\n\n")) {
            assertTrue(event.startsWith("data: "), event);
            if (!event.equals("data: [DONE]")) chunks.add(JSON.readTree(event.substring(6)));
        }
        assertEquals("assistant", chunks.get(0).at("/choices/0/delta/role").asText());
        chunks.forEach(c -> assertEquals("chat.completion.chunk", c.get("object").asText()));
        assertEquals(1, chunks.stream().filter(c -> c.at("/choices/0/finish_reason").isTextual()).count());
        JsonNode last = chunks.get(chunks.size() - 1);
        assertEquals(0, last.get("choices").size());
        assertTrue(last.at("/usage/completion_tokens").asInt() <= 3);

        JsonNode text = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":[\"a\",\"b\"],\"max_tokens\":2,\"temperature\":0}"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("text_completion", text.get("object").asText());
        assertEquals(1, text.at("/choices/1/index").asInt());
        assertTrue(text.at("/choices/1/text").isTextual());
        assertTrue(text.at("/choices/0/finish_reason").isTextual());

        JsonNode health = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base.resolve("/health").toString()))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("ok", health.get("status").asText());
        JsonNode models = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/models")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("list", models.get("object").asText());
        assertEquals("model", models.at("/data/0/object").asText());
    }
}
