package org.reasonbridge.openai;

import java.net.URI;
import java.time.Duration;

/**
 * Where an OpenAI-compatible endpoint is and how long to wait for it. The API key itself is never stored here,
 * only the name of the environment variable holding it, so configs can be logged and saved safely.
 *
 * @param baseUrl        the API root including {@code /v1}, e.g. {@code https://api.openai.com/v1}
 * @param apiKeyEnv      name of the environment variable with the key, sent as {@code Authorization: Bearer};
 *                       null = no key (default, for local servers)
 * @param connectTimeout to open a connection, default 10 s
 * @param requestTimeout until the response headers arrive (a stream's body may take longer), default 10 min
 */
public record OpenAiClientConfig(URI baseUrl, String apiKeyEnv, Duration connectTimeout, Duration requestTimeout) {
    public OpenAiClientConfig {
        if (baseUrl == null || baseUrl.getScheme() == null || !baseUrl.getScheme().matches("https?")) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL, got " + baseUrl);
        }
        String s = baseUrl.toString();
        if (s.endsWith("/")) baseUrl = URI.create(s.substring(0, s.length() - 1));
        if (apiKeyEnv != null && apiKeyEnv.isBlank()) throw new IllegalArgumentException("apiKeyEnv must not be blank");
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
        }
    }

    /** No key, 10 s to connect, 10 min to answer. */
    public static OpenAiClientConfig of(String baseUrl) {
        return new OpenAiClientConfig(URI.create(baseUrl), null, Duration.ofSeconds(10), Duration.ofMinutes(10));
    }

    public OpenAiClientConfig withApiKeyEnv(String name) {
        return new OpenAiClientConfig(baseUrl, name, connectTimeout, requestTimeout);
    }

    public OpenAiClientConfig withConnectTimeout(Duration d) {
        return new OpenAiClientConfig(baseUrl, apiKeyEnv, d, requestTimeout);
    }

    public OpenAiClientConfig withRequestTimeout(Duration d) {
        return new OpenAiClientConfig(baseUrl, apiKeyEnv, connectTimeout, d);
    }
}
