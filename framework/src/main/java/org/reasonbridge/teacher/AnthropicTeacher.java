package org.reasonbridge.teacher;

import org.reasonbridge.data.JsonLines;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;
import org.reasonbridge.http.ApiException;
import org.reasonbridge.http.JsonHttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Anthropic's Messages API with extended thinking: {@code thinking} content blocks are the reasoning, {@code text}
 * blocks the answer. Errors arrive as {@code {"type":"error","error":{"type","message"}}}; 429 and 529
 * (overloaded) are retryable like any 5xx.
 */
public final class AnthropicTeacher implements TeacherClient {
    static final String VERSION = "2023-06-01";

    private final TeacherEndpoint endpoint;
    private final JsonHttp post;

    public AnthropicTeacher(TeacherEndpoint endpoint, Function<String, String> environment) {
        this.endpoint = endpoint;
        this.post = new JsonHttp(endpoint.apiKeyEnv(), environment, java.time.Duration.ofSeconds(10), endpoint.timeout());
    }

    @Override
    public String name() {
        return "anthropic:" + endpoint.model();
    }

    @Override
    public Trace solve(Problem problem) {
        ObjectNode body = JsonLines.JSON.createObjectNode();
        body.put("model", endpoint.model());
        body.put("max_tokens", endpoint.maxTokens());
        body.putObject("thinking").put("type", "enabled").put("budget_tokens", endpoint.thinkingBudget());
        body.putArray("messages").addObject().put("role", "user").put("content", TeacherClient.prompt(problem));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("anthropic-version", VERSION);
        if (post.key() != null) headers.put("x-api-key", post.key());
        JsonNode root = post.post(URI.create(endpoint.baseUrl() + "/v1/messages"), body, headers);
        if ("error".equals(root.path("type").asText()) || !root.path("content").isArray()) {
            String m = post.excerpt(root.toString());
            throw new ApiException("POST /v1/messages: unexpected answer: " + m, 200, m, null, null);
        }
        StringBuilder thinking = new StringBuilder(), text = new StringBuilder();
        for (JsonNode block : root.get("content")) {
            switch (block.path("type").asText()) {
                case "thinking" -> thinking.append(block.path("thinking").asText());
                case "text" -> text.append(block.path("text").asText());
                default -> { } // redacted_thinking carries no readable reasoning; tool blocks are not asked for
            }
        }
        JsonNode usage = root.path("usage");
        return new Trace(problem.id(), name(), thinking.toString(), text.toString(), root.path("stop_reason").asText(""),
                usage.path("input_tokens").asInt(-1), usage.path("output_tokens").asInt(-1));
    }
}
