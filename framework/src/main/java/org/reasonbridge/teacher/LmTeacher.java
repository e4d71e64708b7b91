package org.reasonbridge.teacher;

import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.lm.LmReply;
import org.reasonbridge.lm.LmRequest;

/**
 * Any {@link LanguageModel} as a teacher: the problem as posed ({@link Problem#posed()}) and the run's
 * {@link TeacherPrompt} in one user message; the
 * reply's thinking and answer (split one way for every provider, {@link LmReply}), without the whitespace around
 * them, make the {@link Trace}. The model does not retry, so that {@link TeacherRun} journals every attempt.
 */
public final class LmTeacher implements TeacherClient {
    private final LanguageModel model;
    private final Integer maxTokens;

    /** @param maxTokens completion tokens per problem (thinking included), null = the model's default */
    public LmTeacher(LanguageModel model, Integer maxTokens) {
        if (maxTokens != null && maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
        this.model = model;
        this.maxTokens = maxTokens;
    }

    /** The model's default budget. */
    public LmTeacher(LanguageModel model) {
        this(model, null);
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public boolean concurrent() {
        return model.concurrent();
    }

    @Override
    public java.util.Map<String, Object> describe() {
        return model.describe();
    }

    @Override
    public Trace solve(Problem problem, TeacherPrompt prompt) {
        LmRequest r = LmRequest.chat(prompt.render(problem)).withSubject(problem.question());
        LmReply reply = model.answer(maxTokens == null ? r : r.withMaxTokens(maxTokens));
        return new Trace(problem.id(), name(), reply.thinking().strip(), reply.answer().strip(), reply.finishReason(),
                reply.promptTokens() == null ? -1 : reply.promptTokens(),
                reply.completionTokens() == null ? -1 : reply.completionTokens());
    }
}
