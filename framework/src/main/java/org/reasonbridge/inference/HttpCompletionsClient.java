package org.reasonbridge.inference;

import org.reasonbridge.openai.CompletionRequest;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;
import org.reasonbridge.http.ApiException;


import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * {@link CompletionsClient} over HTTP: {@code POST {base}/v1/completions} with {@code {model, prompt, max_tokens,
 * stop, temperature}}; reads {@code choices[0].text}, {@code choices[0].finish_reason} and
 * {@code usage.completion_tokens}. The API key is read from an environment variable (by the shared
 * {@link org.reasonbridge.http.JsonHttp}), sent as a Bearer token, and never logged or put in an exception.
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

    private final Config config;
    private final OpenAiClient client;

    public HttpCompletionsClient(Config config) {
        this(config, System::getenv);
    }

    /** With {@code env} standing in for the environment (tests). */
    HttpCompletionsClient(Config config, UnaryOperator<String> env) {
        this.config = config;
        // Config.baseUrl is the server root (s1 style); the OpenAI client wants the API root with /v1.
        String root = config.baseUrl().toString().replaceAll("/+$", "");
        OpenAiClientConfig c = OpenAiClientConfig.of(root + "/v1").withRequestTimeout(config.timeout());
        this.client = new OpenAiClient(config.apiKeyEnv() == null ? c : c.withApiKeyEnv(config.apiKeyEnv()), env::apply);
    }

    @Override
    public Completion complete(String prompt, int maxTokens, List<String> stop, double temperature) {
        CompletionRequest request = CompletionRequest.of(config.model(), prompt).withMaxTokens(maxTokens)
                .withTemperature(temperature).withStop(stop.toArray(String[]::new));
        try {
            org.reasonbridge.openai.Completion c = client.complete(request);
            if (c.choices().isEmpty()) throw new CompletionsException(200, this + ": the response has no choices", null);
            var choice = c.choices().get(0);
            return new Completion(choice.text() == null ? "" : choice.text(),
                    choice.finishReason() == null ? "" : choice.finishReason(),
                    c.usage() == null ? -1 : c.usage().completionTokens());
        } catch (ApiException e) {
            throw new CompletionsException(e.status(), e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "HttpCompletionsClient[" + config.baseUrl() + ", model=" + config.model() + "]";
    }
}
