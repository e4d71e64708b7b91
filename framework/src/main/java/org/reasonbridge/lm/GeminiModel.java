package org.reasonbridge.lm;

import org.reasonbridge.http.JsonHttp;
import org.reasonbridge.model.tokenizer.ChatMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Gemini's {@code generateContent} with thought summaries: parts marked {@code thought: true} are the reasoning,
 * the other parts the answer. Completion tokens are candidates plus thoughts, as both are billed. System messages
 * go to {@code systemInstruction}, the assistant's turns as role {@code model}.
 */
public final class GeminiModel implements LanguageModel {
    private final HostedEndpoint endpoint;
    private final JsonHttp http;

    public GeminiModel(HostedEndpoint endpoint, Function<String, String> environment) {
        this.endpoint = endpoint;
        this.http = new JsonHttp(endpoint.apiKeyEnv(), environment, Duration.ofSeconds(10), endpoint.timeout());
    }

    @Override
    public String name() {
        return "gemini:" + endpoint.model();
    }

    @Override
    public LmReply answer(LmRequest r) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        List<ChatMessage> messages = r.isChat() ? r.messages() : List.of(ChatMessage.user(r.prompt()));
        ArrayNode contents = body.putArray("contents");
        for (ChatMessage m : messages) {
            if (m.role().equals("system")) {
                body.putObject("systemInstruction").putArray("parts").addObject().put("text", m.content());
            } else {
                contents.addObject().put("role", m.role().equals("assistant") ? "model" : m.role())
                        .putArray("parts").addObject().put("text", m.content());
            }
        }
        ObjectNode generation = body.putObject("generationConfig");
        generation.put("maxOutputTokens", r.maxTokens() != null ? r.maxTokens() : endpoint.maxTokens());
        if (r.temperature() != null) generation.put("temperature", r.temperature());
        if (!r.stop().isEmpty()) r.stop().forEach(generation.putArray("stopSequences")::add);
        generation.putObject("thinkingConfig").put("includeThoughts", true).put("thinkingBudget", endpoint.thinkingBudget());
        Map<String, String> headers = new HashMap<>();
        if (http.key() != null) headers.put("x-goog-api-key", http.key());
        String path = "/v1beta/models/" + endpoint.model() + ":generateContent";
        JsonNode root = http.post(URI.create(endpoint.baseUrl() + path), body, headers);
        JsonNode candidate = root.path("candidates").path(0);
        // a blocked prompt answers 200 with promptFeedback and no candidates
        if (!candidate.isObject()) throw http.unexpected("POST " + path, "no candidate in answer", root);
        StringBuilder thinking = null, text = new StringBuilder();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("thought").asBoolean(false)) {
                thinking = (thinking == null ? new StringBuilder() : thinking).append(part.path("text").asText(""));
            } else {
                text.append(part.path("text").asText(""));
            }
        }
        JsonNode u = root.path("usageMetadata");
        Integer completion = u.has("candidatesTokenCount") || u.has("thoughtsTokenCount")
                ? u.path("candidatesTokenCount").asInt(0) + u.path("thoughtsTokenCount").asInt(0) : null;
        return new LmReply(r.userText(), text.toString(), thinking == null ? null : thinking.toString(),
                candidate.path("finishReason").asText(""), u.has("promptTokenCount") ? u.get("promptTokenCount").asInt() : null,
                completion, 1);
    }

    @Override
    public Map<String, Object> describe() {
        return Map.of("kind", "gemini", "model", endpoint.model(), "endpoint", endpoint.baseUrl().toString(),
                "backend", "endpoint", "max_tokens", endpoint.maxTokens(), "thinking_budget", endpoint.thinkingBudget());
    }
}
