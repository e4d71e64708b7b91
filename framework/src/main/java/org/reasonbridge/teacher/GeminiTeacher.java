package org.reasonbridge.teacher;

import org.reasonbridge.data.JsonLines;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;
import org.reasonbridge.http.ApiException;
import org.reasonbridge.http.JsonHttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Gemini's {@code generateContent} with thought summaries: parts marked {@code thought: true} are the reasoning,
 * the other parts the answer. Completion tokens are candidates plus thoughts, as both are billed.
 */
public final class GeminiTeacher implements TeacherClient {
    private final TeacherEndpoint endpoint;
    private final JsonHttp post;

    public GeminiTeacher(TeacherEndpoint endpoint, Function<String, String> environment) {
        this.endpoint = endpoint;
        this.post = new JsonHttp(endpoint.apiKeyEnv(), environment, java.time.Duration.ofSeconds(10), endpoint.timeout());
    }

    @Override
    public String name() {
        return "gemini:" + endpoint.model();
    }

    @Override
    public Trace solve(Problem problem) {
        ObjectNode body = JsonLines.JSON.createObjectNode();
        body.putArray("contents").addObject().put("role", "user")
                .putArray("parts").addObject().put("text", TeacherClient.prompt(problem));
        body.putObject("generationConfig").put("maxOutputTokens", endpoint.maxTokens())
                .putObject("thinkingConfig").put("includeThoughts", true).put("thinkingBudget", endpoint.thinkingBudget());
        Map<String, String> headers = new HashMap<>();
        if (post.key() != null) headers.put("x-goog-api-key", post.key());
        String path = "/v1beta/models/" + endpoint.model() + ":generateContent";
        JsonNode root = post.post(URI.create(endpoint.baseUrl() + path), body, headers);
        JsonNode candidate = root.path("candidates").path(0);
        if (!candidate.isObject()) {
            // a blocked prompt answers 200 with promptFeedback and no candidates
            String m = post.excerpt(root.toString());
            throw new ApiException("POST " + path + ": no candidate in answer: " + m, 200, m, null, null);
        }
        StringBuilder thinking = new StringBuilder(), text = new StringBuilder();
        for (JsonNode part : candidate.path("content").path("parts")) {
            (part.path("thought").asBoolean(false) ? thinking : text).append(part.path("text").asText(""));
        }
        JsonNode u = root.path("usageMetadata");
        int completion = u.has("candidatesTokenCount") || u.has("thoughtsTokenCount")
                ? u.path("candidatesTokenCount").asInt(0) + u.path("thoughtsTokenCount").asInt(0) : -1;
        return new Trace(problem.id(), name(), thinking.toString(), text.toString(), candidate.path("finishReason").asText(""),
                u.path("promptTokenCount").asInt(-1), completion);
    }
}
