package org.reasonbridge.inference;

import org.reasonbridge.lm.ChatPrompt;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.lm.LmReply;
import org.reasonbridge.lm.LmRequest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A completions endpoint under a test-time policy, as one {@link LanguageModel}: a chat request is rendered locally
 * into the thinking-format prompt ({@link ChatPrompt}: the student's chat template, or the plain layout), then
 * {@link RemoteForcing} thinks and answers through the one decision loop, steered by the request's subject. The
 * reply's text is the whole continuation (thinking, the forced delimiter and lead-in, the answer), so it is split
 * and graded as a local model's would be; {@code attempts} counts the requests the run sent.
 */
final class SteeredEndpoint implements LanguageModel {
    /** Answer tokens when a request does not cap the total. */
    static final int ANSWER_TOKENS = 512;

    private final TestTimePolicy policy;
    private final LanguageModel completions;
    private final ChatPrompt prompts;

    SteeredEndpoint(TestTimePolicy policy, LanguageModel completions, ChatPrompt prompts) {
        if (policy.isNone()) throw new IllegalStateException("policy 'none' does not steer decoding");
        this.policy = policy;
        this.completions = Objects.requireNonNull(completions, "completions");
        this.prompts = Objects.requireNonNull(prompts, "prompts");
    }

    @Override
    public LmReply answer(LmRequest r) {
        String prompt = r.isChat() ? prompts.thinking(r.messages()) : r.prompt();
        int max = r.maxTokens() != null ? r.maxTokens() : policy.config().thinkingBudget() + ANSWER_TOKENS;
        RemoteForcing forcing = policy.remote(completions, ChatPrompt.FORMAT, ANSWER_TOKENS);
        if (r.temperature() != null || !r.stop().isEmpty()) forcing = forcing.with(r.temperature() == null ? 0 : r.temperature(), r.stop());
        RemoteForcing.Result out = forcing.run(prompt, r.aboutWhat(), max);
        Integer completion = out.answerTokens() == null ? null : out.thinkingTokens() + out.answerTokens();
        return new LmReply(prompt, out.completion(), null, out.finishReason(), out.promptTokens(), completion, out.requests(),
                out.report());
    }

    @Override
    public String name() {
        return completions.name();
    }

    @Override
    public boolean concurrent() {
        return completions.concurrent();
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>(completions.describe());
        m.put("policy", policy.name());
        m.put("policy_config", new java.util.TreeMap<>(policy.describe()));
        return m;
    }
}
