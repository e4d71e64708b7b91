package org.reasonbridge.lm;

import org.reasonbridge.http.ApiException;
import org.reasonbridge.model.tokenizer.ChatMessage;
import org.reasonbridge.openai.ChatRequest;
import org.reasonbridge.openai.Completion;
import org.reasonbridge.openai.OpenAiClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenAI-compatible chat endpoint (OpenAI, DeepSeek, vLLM, OpenRouter, our {@code serve}): the server applies the
 * model's template. Its reasoning comes from {@code reasoning} or the older {@code reasoning_content}, or from
 * {@code <think>} in the content when the server has no reasoning parser ({@link LmReply} splits it). A completion
 * request is sent as one user message.
 */
public final class OpenAiChatModel implements LanguageModel {
    private final OpenAiClient client;
    private final String model;

    public OpenAiChatModel(OpenAiClient client, String model) {
        if (model == null || model.isBlank()) throw new IllegalArgumentException("model must not be blank");
        this.client = client;
        this.model = model;
    }

    @Override
    public LmReply answer(LmRequest r) {
        List<ChatMessage> messages = r.isChat() ? r.messages() : List.of(ChatMessage.user(r.prompt()));
        ChatRequest c = ChatRequest.of(model, messages).withStop(r.stop().toArray(String[]::new));
        if (r.maxTokens() != null) c = c.withMaxTokens(r.maxTokens());
        if (r.temperature() != null) c = c.withTemperature(r.temperature());
        return reply(r.userText(), client.chat(c), "/chat/completions");
    }

    /** A reply from the first choice of {@code c}. */
    static LmReply reply(String prompt, Completion c, String what) {
        if (c.choices().isEmpty()) throw new ApiException(what + ": the response has no choices", 200, "", null, null);
        Completion.Usage u = c.usage();
        return new LmReply(prompt, c.text(), c.reasoning(), c.finishReason(), u == null ? null : u.promptTokens(),
                u == null ? null : u.completionTokens(), 1);
    }

    @Override
    public String name() {
        return "openai:" + model;
    }

    @Override
    public Map<String, Object> describe() {
        return describe(client, model, "chat");
    }

    static Map<String, Object> describe(OpenAiClient client, String model, String mode) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "endpoint");
        m.put("model", model);
        m.put("endpoint", client.config().baseUrl().toString());
        m.put("mode", mode);
        m.put("backend", "endpoint");
        return m;
    }

    @Override
    public String toString() {
        return "OpenAiChatModel[" + client.config().baseUrl() + ", model=" + model + "]";
    }
}
