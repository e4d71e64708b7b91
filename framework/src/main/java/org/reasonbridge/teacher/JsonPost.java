package org.reasonbridge.teacher;

import org.reasonbridge.data.JsonLines;
import org.reasonbridge.http.ApiException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The HTTP part shared by the hosted teachers: POST a JSON body, return the parsed JSON object, or throw an
 * {@link ApiException} with status and {@code Retry-After}. The key is read once from the environment and
 * scrubbed from every message, since servers echo bad keys back.
 */
final class JsonPost {
    private final HttpClient http;
    private final Duration timeout;
    private final String apiKey; // never logged, never in a message

    JsonPost(TeacherEndpoint endpoint, Function<String, String> environment) {
        this.timeout = endpoint.timeout();
        if (endpoint.apiKeyEnv() != null) {
            String key = environment.apply(endpoint.apiKeyEnv());
            if (key == null || key.isBlank()) {
                throw new IllegalStateException("environment variable " + endpoint.apiKeyEnv() + " (the API key) is not set");
            }
            this.apiKey = key.strip();
        } else {
            this.apiKey = null;
        }
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The key, for the one header that carries it; null when none is configured. */
    String key() {
        return apiKey;
    }

    /** POSTs {@code body}; {@code headers} may hold the key, they are never put in a message. */
    JsonNode post(URI uri, JsonNode body, Map<String, String> headers) {
        String what = "POST " + uri.getPath();
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json");
        headers.forEach(b::header);
        HttpResponse<String> resp;
        try {
            byte[] bytes = JsonLines.JSON.writeValueAsBytes(body);
            resp = http.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new ApiException(what + ": timed out after " + timeout.toMillis() + " ms", 0, "", null, e);
        } catch (IOException e) {
            throw new ApiException(what + ": " + redact(e.toString()), 0, "", null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(what + ": interrupted", 0, "", null, e);
        }
        String text = resp.body();
        if (resp.statusCode() / 100 != 2) {
            Duration retry = resp.headers().firstValue("Retry-After").flatMap(JsonPost::seconds).orElse(null);
            throw new ApiException(what + ": HTTP " + resp.statusCode() + (retry != null ? " (retry after "
                    + retry.toMillis() + " ms)" : "") + ": " + excerpt(text), resp.statusCode(), excerpt(text), retry, null);
        }
        try {
            JsonNode root = JsonLines.JSON.readTree(text);
            if (root == null || !root.isObject()) throw new JsonProcessingException("not a JSON object") { };
            return root;
        } catch (JsonProcessingException e) {
            // a 200 whose body is cut off was still paid for; status 200 makes it final rather than retried
            throw new ApiException(what + ": malformed JSON from provider: " + excerpt(text), 200, excerpt(text), null, null);
        }
    }

    String excerpt(String s) {
        if (s == null) return "";
        return redact(s.length() > ApiException.EXCERPT ? s.substring(0, ApiException.EXCERPT) + "..." : s);
    }

    String redact(String s) {
        return apiKey == null || s == null ? s : s.replace(apiKey, "***");
    }

    /** {@code Retry-After} in seconds (the HTTP-date form is rare from API servers and is ignored). */
    private static Optional<Duration> seconds(String v) {
        try {
            return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(v.strip()) * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
