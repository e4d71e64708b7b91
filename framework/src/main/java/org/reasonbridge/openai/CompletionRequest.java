package org.reasonbridge.openai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A legacy completions request: raw prompts, one choice each. Null options are left to the server.
 *
 * @param model       the model id
 * @param prompts     one or more prompts (sent as a string when there is one)
 * @param maxTokens   {@code max_tokens}, null = server default (OpenAI: 16)
 * @param temperature null = server default
 * @param topP        null = server default
 * @param stop        stop strings, default none
 * @param seed        null = none
 * @param echo        prepend the prompt to each text, default false
 * @param extra       more body fields, default none
 */
public record CompletionRequest(String model, List<String> prompts, Integer maxTokens, Double temperature, Double topP,
                                List<String> stop, Long seed, boolean echo, Map<String, Object> extra) {
    public CompletionRequest {
        if (model == null || model.isBlank()) throw new IllegalArgumentException("model must not be blank");
        prompts = List.copyOf(prompts);
        if (prompts.isEmpty()) throw new IllegalArgumentException("prompts must not be empty");
        if (maxTokens != null && maxTokens < 0) throw new IllegalArgumentException("maxTokens must be >= 0, got " + maxTokens);
        stop = stop == null ? List.of() : List.copyOf(stop);
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }

    public static CompletionRequest of(String model, String prompt) {
        return new CompletionRequest(model, List.of(prompt), null, null, null, List.of(), null, false, Map.of());
    }

    public static CompletionRequest of(String model, List<String> prompts) {
        return new CompletionRequest(model, prompts, null, null, null, List.of(), null, false, Map.of());
    }

    public CompletionRequest withMaxTokens(int n) {
        return new CompletionRequest(model, prompts, n, temperature, topP, stop, seed, echo, extra);
    }

    public CompletionRequest withTemperature(double t) {
        return new CompletionRequest(model, prompts, maxTokens, t, topP, stop, seed, echo, extra);
    }

    public CompletionRequest withTopP(double p) {
        return new CompletionRequest(model, prompts, maxTokens, temperature, p, stop, seed, echo, extra);
    }

    public CompletionRequest withStop(String... s) {
        return new CompletionRequest(model, prompts, maxTokens, temperature, topP, List.of(s), seed, echo, extra);
    }

    public CompletionRequest withSeed(long s) {
        return new CompletionRequest(model, prompts, maxTokens, temperature, topP, stop, s, echo, extra);
    }

    public CompletionRequest withEcho(boolean e) {
        return new CompletionRequest(model, prompts, maxTokens, temperature, topP, stop, seed, e, extra);
    }

    public CompletionRequest with(String field, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(extra);
        m.put(field, value);
        return new CompletionRequest(model, prompts, maxTokens, temperature, topP, stop, seed, echo, m);
    }
}
