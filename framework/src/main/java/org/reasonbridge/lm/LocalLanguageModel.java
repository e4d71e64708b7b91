package org.reasonbridge.lm;

import org.reasonbridge.model.Model;
import org.reasonbridge.model.generate.DecodeHook;
import org.reasonbridge.model.generate.Generation;
import org.reasonbridge.model.generate.GenerationConfig;
import org.reasonbridge.model.generate.TokenListener;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A local model through the project's generator. A chat request is rendered by {@link ChatPrompt} (the chat
 * template, or the plain layout), ending with the thinking opener when {@link Options#openThinking}; a completion
 * prompt is continued as it is. A {@link DecodeHook} per request (a test-time policy from the registry, which sees
 * {@link LmRequest#aboutWhat()}) may steer the decoding. One request at a time: a hook steers a whole batch, and the
 * model is not shared between threads.
 */
public final class LocalLanguageModel implements LanguageModel {
    /**
     * How the model is asked.
     *
     * @param maxTokens    completion tokens when a request does not say, default 2048
     * @param openThinking end a chat prompt with the thinking opener (the project's thinking-format prompt, as
     *                     evaluation and the difficulty solvers ask), default true; false asks through the chat
     *                     template alone (a local teacher)
     * @param policy       the name of the test-time policy, for {@link #describe()}, default {@code none}
     * @param policyConfig every knob of that policy, JSON-ready, for {@link #describe()}; default empty
     * @param hooks        a fresh decode hook per request, default none ({@link DecodeHook#NONE}); one that is a
     *                     {@link SteeringReport} has its report put on the reply
     */
    public record Options(int maxTokens, boolean openThinking, String policy, Map<String, Object> policyConfig,
                          Function<LmRequest, DecodeHook> hooks) {
        public Options {
            if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
            Objects.requireNonNull(policy, "policy");
            policyConfig = Map.copyOf(Objects.requireNonNull(policyConfig, "policyConfig"));
            Objects.requireNonNull(hooks, "hooks");
        }

        public static Options defaults() {
            return new Options(2048, true, "none", Map.of(), r -> DecodeHook.NONE);
        }

        public Options withMaxTokens(int n) {
            return new Options(n, openThinking, policy, policyConfig, hooks);
        }

        public Options withOpenThinking(boolean open) {
            return new Options(maxTokens, open, policy, policyConfig, hooks);
        }

        /** Decoding steered by {@code hooks}, reported as policy {@code name} with its knobs {@code config}. */
        public Options withPolicy(String name, Map<String, Object> config, Function<LmRequest, DecodeHook> hooks) {
            return new Options(maxTokens, openThinking, name, config, hooks);
        }
    }

    private final Model model;
    private final Options options;
    private final ChatPrompt prompts;

    public LocalLanguageModel(Model model, Options options) {
        this.model = Objects.requireNonNull(model, "model");
        this.options = Objects.requireNonNull(options, "options");
        this.prompts = ChatPrompt.forTokenizer(model.tokenizer());
    }

    /** The thinking-format prompt, plain decoding. */
    public LocalLanguageModel(Model model) {
        this(model, Options.defaults());
    }

    public Model model() {
        return model;
    }

    @Override
    public synchronized LmReply answer(LmRequest r) {
        String prompt = !r.isChat() ? r.prompt()
                : options.openThinking() ? prompts.thinking(r.messages()) : prompts.render(r.messages());
        int max = r.maxTokens() != null ? r.maxTokens() : options.maxTokens();
        double t = r.temperature() == null ? 0 : r.temperature();
        GenerationConfig config = t == 0 ? GenerationConfig.greedy(max) : GenerationConfig.greedy(max).withTemperature(t);
        if (!r.stop().isEmpty()) config = config.withStopStrings(r.stop().toArray(String[]::new));
        DecodeHook hook = Objects.requireNonNull(options.hooks().apply(r), "the hook factory returned null");
        Generation g = model.generator().generate(List.of(model.tokenizer().encode(prompt)), config, hook,
                TokenListener.NONE).get(0);
        return new LmReply(prompt, g.text(), null, String.valueOf(g.finishReason()).toLowerCase(),
                g.promptIds().length, g.generatedIds().length, 1, hook instanceof SteeringReport s ? s.report(0) : null);
    }

    @Override
    public String name() {
        return "local:" + model.folder().getFileName();
    }

    private static java.nio.file.Path resolved(java.nio.file.Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    @Override
    public boolean concurrent() {
        return false;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "local");
        m.put("model", resolved(model.folder()).toString());
        m.put("prompt", prompts.template().isPresent() ? "chat_template" : "plain");
        m.put("thinking_opener", options.openThinking() ? ChatPrompt.FORMAT.start() : "");
        m.put("policy", options.policy());
        if (!options.policyConfig().isEmpty()) m.put("policy_config", new java.util.TreeMap<>(options.policyConfig()));
        m.put("backend", org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName());
        return m;
    }
}
