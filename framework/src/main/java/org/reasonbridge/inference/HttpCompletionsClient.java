package org.reasonbridge.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * {@link CompletionsClient} over HTTP: {@code POST {base}/v1/completions} with {@code {model, prompt, max_tokens,
 * stop, temperature}}; reads {@code choices[0].text}, {@code choices[0].finish_reason} and
 * {@code usage.completion_tokens}. The API key is read from an environment variable, sent as a Bearer token, and
 * never logged or put in an exception.
 */
public final class HttpCompletionsClient implements CompletionsClient {
    /**
     * Where and how to call.
     *
     * @param baseUrl   the server, e.g. {@code http://localhost:8000} (without {@code /v1})
     * @param model     the model name the server expects
     * @param apiKeyEnv the environment variable holding the API key; null = send no key (a local vLLM)
     * @param timeout   per request, default 10 minutes (long thinking is slow)
     */
    public record Config(URI baseUrl, String model, String apiKeyEnv, Duration timeout) {
        public Config {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(model, "model");
            timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
        }

        public static Config of(String baseUrl, String model) {
            return new Config(URI.create(baseUrl), model, null, null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Config config;
    private final URI endpoint;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    public HttpCompletionsClient(Config config) {
        this(config, System::getenv);
    }

    /** With {@code env} standing in for the environment (tests). */
    HttpCompletionsClient(Config config, UnaryOperator<String> env) {
        this.config = config;
        String base = config.baseUrl().toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base + "/v1/completions");
        if (config.apiKeyEnv() != null) {
            String key = env.apply(config.apiKeyEnv());
            if (key == null || key.isBlank()) {
                throw new IllegalStateException("environment variable " + config.apiKeyEnv() + " (the API key) is not set");
            }
            this.apiKey = key;
        } else {
            this.apiKey = null;
        }
    }

    @Override
    public Completion complete(String prompt, int maxTokens, List<String> stop, double temperature) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", config.model());
        body.put("prompt", prompt);
        body.put("max_tokens", maxTokens);
        var stops = body.putArray("stop");
        stop.forEach(stops::add);
        body.put("temperature", temperature);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(config.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null) request.header("Authorization", "Bearer " + apiKey);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CompletionsException(0, "POST " + endpoint + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionsException(0, "POST " + endpoint + " interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new CompletionsException(response.statusCode(), "POST " + endpoint + " returned HTTP "
                    + response.statusCode() + ": " + excerpt(response.body()), null);
        }
        try {
            JsonNode json = JSON.readTree(response.body());
            JsonNode choice = json.path("choices").path(0);
            if (!choice.path("text").isTextual()) throw new IOException("no choices[0].text");
            JsonNode tokens = json.path("usage").path("completion_tokens");
            return new Completion(choice.get("text").asText(), choice.path("finish_reason").asText(""),
                    tokens.canConvertToInt() ? tokens.asInt() : -1);
        } catch (IOException e) {
            throw new CompletionsException(response.statusCode(), "POST " + endpoint + ": unreadable response ("
                    + e.getMessage() + "): " + excerpt(response.body()), e);
        }
    }

    private static String excerpt(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }

    @Override
    public String toString() {
        return "HttpCompletionsClient[" + endpoint + ", model=" + config.model() + "]";
    }
}
