package org.reasonbridge.eval;

import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.openai.ChatRequest;
import org.reasonbridge.openai.Completion;
import org.reasonbridge.openai.CompletionRequest;
import org.reasonbridge.openai.OpenAiClient;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An OpenAI-compatible endpoint (vLLM, a provider, our {@code serve}) for baselines: the user turn as a chat
 * message (the server applies the model's template and thinking) or as a raw completions prompt; greedy.
 */
final class EndpointSolver implements Solver {
    private final OpenAiClient client;
    private final String model;
    private final boolean chat;
    private final RetryPolicy retry;
    private final RetryPolicy.Sleeper sleeper;

    EndpointSolver(OpenAiClient client, String model, boolean chat, RetryPolicy retry, RetryPolicy.Sleeper sleeper) {
        this.client = client;
        this.model = model;
        this.chat = chat;
        this.retry = retry;
        this.sleeper = sleeper;
    }

    @Override
    public Answer solve(Request r) {
        RetryPolicy.Attempted<Completion> c = retry.call(() -> chat
                ? client.chat(ChatRequest.of(model, r.userText()).withMaxTokens(r.maxTokens()).withTemperature(0))
                : client.complete(CompletionRequest.of(model, r.userText()).withMaxTokens(r.maxTokens()).withTemperature(0)),
                sleeper);
        Completion.Usage u = c.value().usage();
        return new Answer(r.userText(), c.value().text(), c.value().reasoning(), u == null ? null : u.promptTokens(),
                u == null ? null : u.completionTokens(), c.attempts());
    }

    @Override
    public boolean concurrent() {
        return true;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "endpoint");
        m.put("model", model);
        m.put("endpoint", client.config().baseUrl().toString());
        m.put("mode", chat ? "chat" : "completions");
        m.put("backend", "endpoint");
        m.put("retry", Map.of("max_attempts", retry.maxAttempts(), "initial_delay_ms", retry.initialDelay().toMillis(),
                "max_delay_ms", retry.maxDelay().toMillis()));
        return m;
    }
}
