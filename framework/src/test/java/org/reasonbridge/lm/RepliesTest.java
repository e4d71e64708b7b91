package org.reasonbridge.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.model.tokenizer.ChatMessage;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every provider's wire format, from a local server answering as the real one does, gives the same thinking and
 * answer: a reasoning field, {@code <think>} inside the content (vLLM without a reasoning parser, R1-style hosted
 * models), s1's markers, Anthropic's thinking blocks, Gemini's thought parts.
 */
class RepliesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;
    private final List<JsonNode> requests = new ArrayList<>();
    private final AtomicInteger failFirst = new AtomicInteger();
    private String answer;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(JSON.readTree(exchange.getRequestBody()));
            boolean fail = failFirst.getAndDecrement() > 0;
            byte[] bytes = (fail ? "{\"error\": \"busy\"}" : answer).getBytes(StandardCharsets.UTF_8);
            if (fail) exchange.getResponseHeaders().add("Retry-After", "0");
            exchange.sendResponseHeaders(fail ? 503 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private LanguageModel model(String kind) {
        OpenAiClient openai = new OpenAiClient(OpenAiClientConfig.of(base() + "/v1"));
        HostedEndpoint hosted = HostedEndpoint.of(base(), "m", null).withTimeout(Duration.ofSeconds(5));
        return switch (kind) {
            case "chat" -> new OpenAiChatModel(openai, "m");
            case "completions" -> new OpenAiCompletionsModel(openai, "m");
            case "anthropic" -> new AnthropicModel(hosted, System::getenv);
            case "gemini" -> new GeminiModel(hosted, System::getenv);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "||", value = {
            "reasoning field || chat || {\"choices\":[{\"message\":{\"content\":\"B\",\"reasoning\":\"T\"},\"finish_reason\":\"stop\"}]}",
            "reasoning_content || chat || {\"choices\":[{\"message\":{\"content\":\"B\",\"reasoning_content\":\"T\"},\"finish_reason\":\"stop\"}]}",
            "<think> in the content || chat || {\"choices\":[{\"message\":{\"content\":\"<think>T</think>B\"},\"finish_reason\":\"stop\"}]}",
            "R1 style, no opener || chat || {\"choices\":[{\"message\":{\"content\":\"T</think>B\"},\"finish_reason\":\"stop\"}]}",
            "s1 markers || completions || {\"choices\":[{\"text\":\"<|im_start|>thinkT<|im_start|>answerB<|im_end|>\",\"finish_reason\":\"stop\"}]}",
            "thinking blocks || anthropic || {\"content\":[{\"type\":\"thinking\",\"thinking\":\"T\"},{\"type\":\"text\",\"text\":\"B\"}],\"stop_reason\":\"end_turn\"}",
            "thought parts || gemini || {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"T\",\"thought\":true},{\"text\":\"B\"}]},\"finishReason\":\"STOP\"}]}",
    })
    void everyProviderSplitsAlike(String name, String kind, String body) {
        answer = body;
        LmReply r = model(kind).answer(LmRequest.chat(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Q?")))
                .withMaxTokens(64).withStop(List.of("\n\n")));
        assertEquals("T", r.thinking(), name);
        assertEquals("B", r.answer(), name);
        assertEquals(1, r.attempts());
        JsonNode sent = requests.get(0);
        switch (kind) {
            case "chat" -> assertEquals(List.of("system", "user", "64", "\n\n"), List.of(sent.at("/messages/0/role").asText(),
                    sent.at("/messages/1/role").asText(), sent.path("max_tokens").asText(), sent.at("/stop/0").asText()));
            case "completions" -> assertEquals(List.of("Q?", "64"), List.of(sent.path("prompt").asText(), sent.path("max_tokens").asText()));
            case "anthropic" -> assertEquals(List.of("Be brief.", "user", "64", "\n\n"), List.of(sent.path("system").asText(),
                    sent.at("/messages/0/role").asText(), sent.path("max_tokens").asText(), sent.at("/stop_sequences/0").asText()));
            default -> assertEquals(List.of("Be brief.", "user", "64", "\n\n"), List.of(sent.at("/systemInstruction/parts/0/text").asText(),
                    sent.at("/contents/0/role").asText(), sent.at("/generationConfig/maxOutputTokens").asText(),
                    sent.at("/generationConfig/stopSequences/0").asText()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"chat", "completions", "anthropic", "gemini"})
    void retryingCountsTheRequests(String kind) {
        answer = Map.of("chat", "{\"choices\":[{\"message\":{\"content\":\"B\"}}]}",
                "completions", "{\"choices\":[{\"text\":\"B\"}]}",
                "anthropic", "{\"content\":[{\"type\":\"text\",\"text\":\"B\"}]}",
                "gemini", "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"B\"}]}}]}").get(kind);
        failFirst.set(2);
        LmReply r = model(kind).retrying(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)), d -> { })
                .answer(LmRequest.chat("Q?"));
        assertEquals(3, r.attempts());
        assertEquals("B", r.answer());
    }
}
