package org.reasonbridge.lm;

import org.reasonbridge.http.JsonHttp;
import org.reasonbridge.model.tokenizer.ChatMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Anthropic's Messages API with extended thinking: {@code thinking} content blocks are the reasoning, {@code text}
 * blocks the answer. System messages go to {@code system}; a completion prompt is sent as one user message. Errors
 * arrive as {@code {"type":"error","error":{"type","message"}}}; 429 and 529 (overloaded) are retryable like any 5xx.
 */
public final class AnthropicModel implements LanguageModel {
    static final String VERSION = "2023-06-01";

    private final HostedEndpoint endpoint;
    private final JsonHttp http;

    public AnthropicModel(HostedEndpoint endpoint, Function<String, String> environment) {
        this.endpoint = endpoint;
        this.http = new JsonHttp(endpoint.apiKeyEnv(), environment, Duration.ofSeconds(10), endpoint.timeout());
    }

    @Override
    public String name() {
        return "anthropic:" + endpoint.model();
    }

    @Override
    public LmReply answer(LmRequest r) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("model", endpoint.model());
        body.put("max_tokens", r.maxTokens() != null ? r.maxTokens() : endpoint.maxTokens());
        body.putObject("thinking").put("type", "enabled").put("budget_tokens", endpoint.thinkingBudget());
        List<ChatMessage> messages = r.isChat() ? r.messages() : List.of(ChatMessage.user(r.prompt()));
        StringBuilder system = new StringBuilder();
        ArrayNode turns = body.putArray("messages");
        for (ChatMessage m : messages) {
            if (m.role().equals("system")) system.append(system.isEmpty() ? "" : "\n\n").append(m.content());
            else turns.addObject().put("role", m.role()).put("content", m.content());
        }
        if (!system.isEmpty()) body.put("system", system.toString());
        if (!r.stop().isEmpty()) r.stop().forEach(body.putArray("stop_sequences")::add);
        // extended thinking fixes the temperature at 1: a request's own is not sent
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("anthropic-version", VERSION);
        if (http.key() != null) headers.put("x-api-key", http.key());
        JsonNode root = http.post(URI.create(endpoint.baseUrl() + "/v1/messages"), body, headers);
        if ("error".equals(root.path("type").asText()) || !root.path("content").isArray()) {
            throw http.unexpected("POST /v1/messages", "unexpected answer", root);
        }
        StringBuilder thinking = null, text = new StringBuilder();
        for (JsonNode block : root.get("content")) {
            switch (block.path("type").asText()) {
                case "thinking" -> thinking = (thinking == null ? new StringBuilder() : thinking).append(block.path("thinking").asText());
                case "text" -> text.append(block.path("text").asText());
                default -> { } // redacted_thinking carries no readable reasoning; tool blocks are not asked for
            }
        }
        JsonNode usage = root.path("usage");
        return new LmReply(r.userText(), text.toString(), thinking == null ? null : thinking.toString(),
                root.path("stop_reason").asText(""), count(usage, "input_tokens"), count(usage, "output_tokens"), 1);
    }

    private static Integer count(JsonNode usage, String field) {
        return usage.has(field) ? usage.get(field).asInt() : null;
    }

    @Override
    public Map<String, Object> describe() {
        return Map.of("kind", "anthropic", "model", endpoint.model(), "endpoint", endpoint.baseUrl().toString(),
                "backend", "endpoint", "max_tokens", endpoint.maxTokens(), "thinking_budget", endpoint.thinkingBudget());
    }
}
