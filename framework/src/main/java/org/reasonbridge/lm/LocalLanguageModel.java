package org.reasonbridge.lm;

import org.reasonbridge.model.Model;
import org.reasonbridge.model.generate.DecodeHook;
import org.reasonbridge.model.generate.Generation;
import org.reasonbridge.model.generate.GenerationConfig;
import org.reasonbridge.model.generate.TokenListener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A local model through the project's generator. A chat request is rendered by {@link ChatPrompt} (the chat
 * template, or the plain layout), ending with the thinking opener when {@link Options#openThinking}; a completion
 * prompt is continued as it is. A {@link DecodeHook} per request (a test-time policy from the registry, which sees
 * {@link LmRequest#aboutWhat()}) may steer the decoding. Several requests may be decoded as one batch
 * ({@link #answerAll}), each under its own hook; one call at a time, the model is not shared between threads.
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
        return answerAll(List.of(r)).get(0);
    }

    /**
     * Greedy requests with equal settings are decoded as one batch, each row under its own hook
     * ({@link DecodeHook#perRow}), so every reply is the one the request gets alone; sampled requests are decoded
     * alone (a batch seeds its rows by their index).
     */
    @Override
    public synchronized List<LmReply> answerAll(List<LmRequest> requests) {
        List<Asked> asked = requests.stream().map(this::ask).toList();
        LmReply[] replies = new LmReply[asked.size()];
        Map<GenerationConfig, List<Integer>> together = new LinkedHashMap<>();
        for (int i = 0; i < asked.size(); i++) {
            GenerationConfig c = asked.get(i).config;
            if (c.isGreedy()) together.computeIfAbsent(c, k -> new ArrayList<>()).add(i);
            else replies[i] = decode(List.of(asked.get(i))).get(0);
        }
        for (List<Integer> rows : together.values()) {
            List<LmReply> out = decode(rows.stream().map(asked::get).toList());
            for (int k = 0; k < rows.size(); k++) replies[rows.get(k)] = out.get(k);
        }
        return List.of(replies);
    }

    @Override
    public boolean batches() {
        return true;
    }

    /** A request made ready to decode: its prompt rendered and encoded, its settings, a fresh hook of its own. */
    private record Asked(String prompt, int[] ids, GenerationConfig config, DecodeHook hook) {
    }

    private Asked ask(LmRequest r) {
        String prompt = !r.isChat() ? r.prompt()
                : options.openThinking() ? prompts.thinking(r.messages()) : prompts.render(r.messages());
        int max = r.maxTokens() != null ? r.maxTokens() : options.maxTokens();
        double t = r.temperature() == null ? 0 : r.temperature();
        GenerationConfig config = t == 0 ? GenerationConfig.greedy(max) : GenerationConfig.greedy(max).withTemperature(t);
        if (!r.stop().isEmpty()) config = config.withStopStrings(r.stop().toArray(String[]::new));
        DecodeHook hook = Objects.requireNonNull(options.hooks().apply(r), "the hook factory returned null");
        return new Asked(prompt, model.tokenizer().encode(prompt), config, hook);
    }

    /** Decodes requests of one config as one batch. */
    private List<LmReply> decode(List<Asked> batch) {
        List<int[]> ids = batch.stream().map(Asked::ids).toList();
        DecodeHook hook = batch.size() == 1 ? batch.get(0).hook : DecodeHook.perRow(batch.stream().map(Asked::hook).toList());
        List<Generation> out = model.generator().generate(ids, batch.get(0).config, hook, TokenListener.NONE);
        List<LmReply> replies = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Generation g = out.get(i);
            DecodeHook own = batch.get(i).hook;
            replies.add(new LmReply(batch.get(i).prompt, g.text(), null, String.valueOf(g.finishReason()).toLowerCase(),
                    g.promptIds().length, g.generatedIds().length, 1, own instanceof SteeringReport s ? s.report(0) : null));
        }
        return replies;
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
