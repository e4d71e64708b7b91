package org.reasonbridge.lm;

import org.reasonbridge.openai.CompletionRequest;
import org.reasonbridge.openai.OpenAiClient;

import java.util.Map;

/**
 * An OpenAI-compatible completions endpoint ({@code /v1/completions}, as vLLM serves it): the prompt is continued as
 * it is, which is how s1 drives a student and how the remote test-time driver splices its phrases. A chat request
 * is sent as the text of its last user message (no template is applied).
 */
public final class OpenAiCompletionsModel implements LanguageModel {
    private final OpenAiClient client;
    private final String model;

    public OpenAiCompletionsModel(OpenAiClient client, String model) {
        if (model == null || model.isBlank()) throw new IllegalArgumentException("model must not be blank");
        this.client = client;
        this.model = model;
    }

    @Override
    public LmReply answer(LmRequest r) {
        CompletionRequest c = CompletionRequest.of(model, r.userText()).withStop(r.stop().toArray(String[]::new));
        if (r.maxTokens() != null) c = c.withMaxTokens(r.maxTokens());
        if (r.temperature() != null) c = c.withTemperature(r.temperature());
        return OpenAiChatModel.reply(r.userText(), client.complete(c), "/completions");
    }

    @Override
    public String name() {
        return "openai:" + model;
    }

    @Override
    public Map<String, Object> describe() {
        return OpenAiChatModel.describe(client, model, "completions");
    }

    @Override
    public String toString() {
        return "OpenAiCompletionsModel[" + client.config().baseUrl() + ", model=" + model + "]";
    }
}
