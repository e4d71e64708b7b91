package org.reasonbridge.teacher;

import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;
import org.reasonbridge.openai.ChatRequest;
import org.reasonbridge.openai.Completion;
import org.reasonbridge.openai.OpenAiClient;

/**
 * An OpenAI-compatible chat endpoint (OpenAI, DeepSeek, vLLM, OpenRouter) through {@link OpenAiClient}, which
 * reads the reasoning from {@code reasoning} or the older {@code reasoning_content}.
 */
public final class OpenAiTeacher implements TeacherClient {
    private final OpenAiClient client;
    private final String model;
    private final Integer maxTokens;

    /** @param maxTokens {@code max_tokens}, null = the server's default */
    public OpenAiTeacher(OpenAiClient client, String model, Integer maxTokens) {
        if (model == null || model.isBlank()) throw new IllegalArgumentException("model must not be blank");
        this.client = client;
        this.model = model;
        this.maxTokens = maxTokens;
    }

    @Override
    public String name() {
        return "openai:" + model;
    }

    @Override
    public Trace solve(Problem problem) {
        ChatRequest r = ChatRequest.of(model, TeacherClient.prompt(problem));
        Completion c = client.chat(maxTokens == null ? r : r.withMaxTokens(maxTokens));
        Completion.Usage u = c.usage();
        return new Trace(problem.id(), name(), c.reasoning(), c.text(), c.finishReason(),
                u == null ? -1 : u.promptTokens(), u == null ? -1 : u.completionTokens());
    }
}
