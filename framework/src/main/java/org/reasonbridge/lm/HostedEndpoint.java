package org.reasonbridge.lm;

import java.net.URI;
import java.time.Duration;

/**
 * Where a hosted model API (Anthropic, Gemini) is and how to call it. Holds only the NAME of the environment
 * variable with the API key, so an endpoint can be logged and saved safely.
 *
 * @param baseUrl        the API root without version, e.g. {@code https://api.anthropic.com}
 * @param model          the model id
 * @param apiKeyEnv      environment variable holding the key; null = send none (local test servers)
 * @param maxTokens      answer budget including thinking when a request does not say, default 16384
 * @param thinkingBudget thinking tokens asked for, default 8192 (Anthropic requires it below maxTokens)
 * @param timeout        per request, until the response headers arrive, default 10 min
 */
public record HostedEndpoint(URI baseUrl, String model, String apiKeyEnv, int maxTokens, int thinkingBudget,
                              Duration timeout) {
    public HostedEndpoint {
        if (baseUrl == null || baseUrl.getScheme() == null || !baseUrl.getScheme().matches("https?")) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL, got " + baseUrl);
        }
        String s = baseUrl.toString();
        if (s.endsWith("/")) baseUrl = URI.create(s.substring(0, s.length() - 1));
        if (model == null || model.isBlank()) throw new IllegalArgumentException("model must not be blank");
        if (apiKeyEnv != null && apiKeyEnv.isBlank()) throw new IllegalArgumentException("apiKeyEnv must not be blank");
        if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
        if (thinkingBudget < 0) throw new IllegalArgumentException("thinkingBudget must be >= 0, got " + thinkingBudget);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** Defaults for everything but where, which model and which key variable. */
    public static HostedEndpoint of(String baseUrl, String model, String apiKeyEnv) {
        return new HostedEndpoint(URI.create(baseUrl), model, apiKeyEnv, 16384, 8192, Duration.ofMinutes(10));
    }

    public HostedEndpoint withBudget(int maxTokens, int thinkingBudget) {
        return new HostedEndpoint(baseUrl, model, apiKeyEnv, maxTokens, thinkingBudget, timeout);
    }

    public HostedEndpoint withTimeout(Duration d) {
        return new HostedEndpoint(baseUrl, model, apiKeyEnv, maxTokens, thinkingBudget, d);
    }
}
