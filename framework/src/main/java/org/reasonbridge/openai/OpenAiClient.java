package org.reasonbridge.openai;

import org.reasonbridge.http.ApiException;
import org.reasonbridge.http.JsonHttp;
import org.reasonbridge.model.json.Json;
import org.reasonbridge.model.tokenizer.ChatMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A client for OpenAI-compatible servers (OpenAI, vLLM, llama.cpp, our own {@code serve}): chat completions,
 * completions, both whole or streamed as server-sent events, and the model list. Thread-safe; no retries (a
 * failed call throws {@link ApiException} with the status and {@code Retry-After} a caller's policy needs).
 */
public final class OpenAiClient {
    private final ObjectMapper json = Json.MAPPER;
    private final OpenAiClientConfig config;
    private final JsonHttp http;

    public OpenAiClient(OpenAiClientConfig config) {
        this(config, System::getenv);
    }

    /** As {@link #OpenAiClient(OpenAiClientConfig)}, reading the key's variable from {@code environment}. */
    public OpenAiClient(OpenAiClientConfig config, Function<String, String> environment) {
        this.config = config;
        this.http = new JsonHttp(config.apiKeyEnv(), environment, config.connectTimeout(), config.requestTimeout());
    }

    public OpenAiClientConfig config() {
        return config;
    }

    // ---- Calls

    public Completion chat(ChatRequest request) {
        return parse(post("/chat/completions", chatBody(request, false)), true);
    }

    /** Streams the answer to {@code listener} and returns it assembled. */
    public Completion chatStream(ChatRequest request, StreamListener listener) {
        return stream("/chat/completions", chatBody(request, true), true, listener);
    }

    public Completion complete(CompletionRequest request) {
        return parse(post("/completions", completionBody(request, false)), false);
    }

    public Completion completeStream(CompletionRequest request, StreamListener listener) {
        return stream("/completions", completionBody(request, true), false, listener);
    }

    /** The ids of the models the server offers. */
    public List<String> models() {
        JsonNode root = checked(http.get(uri("/models"), headers()), "/models");
        List<String> ids = new ArrayList<>();
        for (JsonNode m : root.path("data")) ids.add(m.path("id").asText());
        return ids;
    }

    // ---- Request bodies

    private ObjectNode chatBody(ChatRequest r, boolean stream) {
        ObjectNode b = json.createObjectNode();
        b.put("model", r.model());
        ArrayNode messages = b.putArray("messages");
        for (ChatMessage m : r.messages()) messages.addObject().put("role", m.role()).put("content", m.content());
        options(b, r.maxTokens(), r.temperature(), r.topP(), r.stop(), r.seed(), r.extra(), stream);
        return b;
    }

    private ObjectNode completionBody(CompletionRequest r, boolean stream) {
        ObjectNode b = json.createObjectNode();
        b.put("model", r.model());
        if (r.prompts().size() == 1) b.put("prompt", r.prompts().get(0));
        else r.prompts().forEach(b.putArray("prompt")::add);
        if (r.echo()) b.put("echo", true);
        options(b, r.maxTokens(), r.temperature(), r.topP(), r.stop(), r.seed(), r.extra(), stream);
        return b;
    }

    private void options(ObjectNode b, Integer maxTokens, Double temperature, Double topP, List<String> stop, Long seed,
                         Map<String, Object> extra, boolean stream) {
        if (maxTokens != null) b.put("max_tokens", maxTokens);
        if (temperature != null) b.put("temperature", temperature);
        if (topP != null) b.put("top_p", topP);
        // always a list, as s1's vLLM calls send it; OpenAI accepts a string or a list
        if (!stop.isEmpty()) stop.forEach(b.putArray("stop")::add);
        if (seed != null) b.put("seed", seed);
        extra.forEach((k, v) -> b.set(k, json.valueToTree(v)));
        if (stream) b.put("stream", true);
    }

    // ---- HTTP (the shared JsonHttp: key, redaction, Retry-After, timeouts)

    private URI uri(String path) {
        return URI.create(config.baseUrl() + path);
    }

    private Map<String, String> headers() {
        return http.key() == null ? Map.of() : Map.of("Authorization", "Bearer " + http.key());
    }

    private JsonNode post(String path, ObjectNode body) {
        return checked(http.post(uri(path), body, headers()), path);
    }

    // ---- Responses

    /** An OpenAI-style {@code {"error": ...}} in a 200 answer is an error too. */
    private JsonNode checked(JsonNode root, String what) {
        if (root.hasNonNull("error")) throw http.unexpected(what, "error in answer", root.get("error"));
        return root;
    }

    private Completion parse(JsonNode root, boolean chat) {
        List<Completion.Choice> choices = new ArrayList<>();
        for (JsonNode c : root.path("choices")) {
            JsonNode m = chat ? c.path("message") : c;
            choices.add(new Completion.Choice(c.path("index").asInt(choices.size()), text(m, chat ? "content" : "text"),
                    reasoning(m), textOrNull(c.get("finish_reason"))));
        }
        return new Completion(root.path("id").asText(""), root.path("model").asText(""), choices, usage(root.get("usage")));
    }

    private Completion stream(String path, ObjectNode body, boolean chat, StreamListener listener) {
        HttpResponse<InputStream> resp = http.postStreaming(uri(path), body, headers());
        Map<Integer, StringBuilder[]> parts = new TreeMap<>(); // index -> {text, reasoning}
        Map<Integer, String> finish = new TreeMap<>();
        String[] head = {"", ""};
        Completion.Usage[] usage = {null};
        try (InputStream in = resp.body()) {
            boolean done = ServerSentEvents.read(in, data -> {
                JsonNode chunk = checked(http.parse(path, data), path);
                if (head[0].isEmpty()) {
                    head[0] = chunk.path("id").asText("");
                    head[1] = chunk.path("model").asText("");
                }
                if (chunk.hasNonNull("usage")) usage[0] = usage(chunk.get("usage"));
                for (JsonNode c : chunk.path("choices")) {
                    int index = c.path("index").asInt(0);
                    JsonNode d = chat ? c.path("delta") : c;
                    String text = text(d, chat ? "content" : "text");
                    String reasoning = reasoning(d);
                    StringBuilder[] sb = parts.computeIfAbsent(index, i -> new StringBuilder[]{new StringBuilder(), null});
                    sb[0].append(text);
                    if (reasoning != null) sb[1] = (sb[1] == null ? new StringBuilder() : sb[1]).append(reasoning);
                    if (c.hasNonNull("finish_reason")) finish.put(index, c.get("finish_reason").asText());
                    if (!text.isEmpty() || (reasoning != null && !reasoning.isEmpty())) {
                        listener.onDelta(index, text, reasoning == null ? "" : reasoning);
                    }
                }
            });
            if (!done && finish.isEmpty()) {
                throw new ApiException(path + ": the stream ended before [DONE]", resp.statusCode(), "", null, null);
            }
        } catch (IOException e) {
            throw new ApiException(path + ": stream broken: " + e, resp.statusCode(), "", null, e);
        } catch (UncheckedIOException e) {
            throw new ApiException(path + ": stream broken: " + e.getCause(), resp.statusCode(), "", null, e);
        }
        List<Completion.Choice> choices = new ArrayList<>();
        parts.forEach((i, sb) -> choices.add(new Completion.Choice(i, sb[0].toString(),
                sb[1] == null ? null : sb[1].toString(), finish.get(i))));
        return new Completion(head[0], head[1], choices, usage[0]);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    /** {@code reasoning} (vLLM since 0.10, OpenRouter) or the older {@code reasoning_content} (DeepSeek, vLLM). */
    private static String reasoning(JsonNode node) {
        String r = textOrNull(node.get("reasoning"));
        return r != null ? r : textOrNull(node.get("reasoning_content"));
    }

    private static String textOrNull(JsonNode v) {
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Completion.Usage usage(JsonNode u) {
        if (u == null || !u.isObject()) return null;
        int p = u.path("prompt_tokens").asInt(), c = u.path("completion_tokens").asInt();
        return new Completion.Usage(p, c, u.path("total_tokens").asInt(p + c));
    }
}
