package org.reasonbridge.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.reasonbridge.model.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * JSON over HTTP for every model API client (OpenAI-compatible, Anthropic, Gemini): the API key read once from an
 * environment variable and scrubbed from every message (servers echo bad keys back), connect and request timeouts,
 * and every failure as an {@link ApiException} with the status and {@code Retry-After} a {@link RetryPolicy}
 * reads. No retries here: a caller's policy decides. Thread-safe.
 */
public final class JsonHttp {
    private static final ObjectMapper JSON = Json.MAPPER;

    private final String apiKey; // never logged, never in a message
    private final Duration requestTimeout;
    private final HttpClient http;

    /**
     * @param apiKeyEnv      the environment variable holding the key, or null for none (local servers)
     * @param environment    reads a variable ({@code System::getenv}; tests pass a map)
     * @param connectTimeout to open a connection
     * @param requestTimeout until the response headers arrive (a stream's body may take longer)
     * @throws IllegalStateException naming the variable when it is not set
     */
    public JsonHttp(String apiKeyEnv, Function<String, String> environment, Duration connectTimeout, Duration requestTimeout) {
        if (apiKeyEnv != null) {
            String key = environment.apply(apiKeyEnv);
            if (key == null || key.isBlank()) {
                throw new IllegalStateException("environment variable " + apiKeyEnv + " (the API key) is not set");
            }
            this.apiKey = key.strip();
        } else {
            this.apiKey = null;
        }
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The key, for the one header that carries it; null when none is configured. */
    public String key() {
        return apiKey;
    }

    /** POSTs {@code body} and returns the answer, a JSON object; {@code headers} may hold the key. */
    public JsonNode post(URI uri, JsonNode body, Map<String, String> headers) {
        String what = "POST " + uri.getPath();
        return parse(what, send(what, postRequest(uri, body, headers), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** POSTs {@code body} and returns the open response (a stream of server-sent events); the caller closes its body. */
    public HttpResponse<InputStream> postStreaming(URI uri, JsonNode body, Map<String, String> headers) {
        return send("POST " + uri.getPath(), postRequest(uri, body, headers), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** GETs {@code uri} and returns the answer, a JSON object. */
    public JsonNode get(URI uri, Map<String, String> headers) {
        String what = "GET " + uri.getPath();
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json");
        headers.forEach(b::header);
        return parse(what, send(what, b.GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /**
     * {@code body} as a JSON object, or an {@link ApiException} with status 200: an answer that arrived broken was
     * still paid for, so it is final rather than retried.
     */
    public JsonNode parse(String what, String body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) {
                throw new ApiException(what + ": the answer is not a JSON object: " + excerpt(body), 200, excerpt(body), null, null);
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new ApiException(what + ": the answer is not valid JSON: " + excerpt(body), 200, excerpt(body), null, e);
        }
    }

    /** A well-formed answer that is still no answer (an error object, no candidates): final, like a broken one. */
    public ApiException unexpected(String what, String why, JsonNode answer) {
        String m = excerpt(answer.toString());
        return new ApiException(what + ": " + why + ": " + m, 200, m, null, null);
    }

    /** The start of {@code s}, at most {@link ApiException#EXCERPT} characters, without the key. */
    public String excerpt(String s) {
        if (s == null) return "";
        return redact(s.length() > ApiException.EXCERPT ? s.substring(0, ApiException.EXCERPT) + "..." : s);
    }

    /** {@code s} with the key replaced by {@code ***}. */
    public String redact(String s) {
        return apiKey == null || s == null ? s : s.replace(apiKey, "***");
    }

    private HttpRequest postRequest(URI uri, JsonNode body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream");
        headers.forEach(b::header);
        try {
            return b.POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request not serialisable to JSON", e);
        }
    }

    /** Sends and returns a 2xx response; anything else becomes an {@link ApiException}. */
    private <T> HttpResponse<T> send(String what, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        HttpResponse<T> resp;
        try {
            resp = http.send(request, handler);
        } catch (HttpTimeoutException e) {
            throw new ApiException(what + ": timed out after " + requestTimeout.toMillis() + " ms", 0, "", null, e);
        } catch (IOException e) {
            throw new ApiException(what + ": " + redact(e.toString()), 0, "", null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(what + ": interrupted", 0, "", null, e);
        }
        if (resp.statusCode() / 100 == 2) return resp;
        String excerpt = excerpt(bodyText(resp.body()));
        Duration retry = resp.headers().firstValue("Retry-After").flatMap(JsonHttp::seconds).orElse(null);
        throw new ApiException(what + ": HTTP " + resp.statusCode() + (retry != null ? " (retry after " + retry.toMillis()
                + " ms)" : "") + ": " + excerpt, resp.statusCode(), excerpt, retry, null);
    }

    private static String bodyText(Object body) {
        if (body instanceof String s) return s;
        if (body instanceof InputStream in) {
            try (in) {
                return new String(in.readNBytes(ApiException.EXCERPT * 4), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }
        return "";
    }

    /** {@code Retry-After} in seconds (the HTTP-date form is rare from API servers and is ignored). */
    static Optional<Duration> seconds(String v) {
        try {
            return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(v.strip()) * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
