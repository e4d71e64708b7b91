package org.reasonbridge.inference;

import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.lm.ChatPrompt;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.lm.LocalLanguageModel;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.generate.DecodeHook;
import org.reasonbridge.model.tokenizer.Tokenizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The registry of test-time policies, by name, each with every knob in its {@link InterventionConfig}; local
 * decoding ({@link #hook}, {@link #local}), remote endpoints ({@link #remote}), {@code serve}, {@code eval} and
 * {@code sweep} all build their policy here:
 * <ul>
 *   <li>{@code none}: plain decoding;</li>
 *   <li>{@code gii}: guided inference intervention ({@link StateDetector} reads the state), K = 3 interventions,
 *       4096 thinking tokens, the method's phrases;</li>
 *   <li>{@code budget-forcing}: s1's baseline, the end of thinking ignored twice with "Wait", 4096 thinking tokens.</li>
 * </ul>
 *
 * @param name   {@code none}, {@code gii} or {@code budget-forcing}
 * @param config K, the thinking budget, the states intervened on, the phrases ({@code none} ignores it)
 */
public record TestTimePolicy(String name, InterventionConfig config) {
    public static final String NONE = "none";
    public static final String GII = "gii";
    public static final String BUDGET_FORCING = "budget-forcing";
    /** The thinking budget of every policy unless set. */
    public static final int THINKING_BUDGET = 4096;
    /** s1's budget forcing: how often the end of thinking is ignored unless set. */
    public static final int BUDGET_FORCING_WAITS = 2;

    private static final List<String> NAMES = List.of(NONE, GII, BUDGET_FORCING);
    private static final Map<String, TestTimePolicy> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put(NONE, new TestTimePolicy(NONE, InterventionConfig.defaults().withMaxInterventions(0)));
        KNOWN.put(GII, new TestTimePolicy(GII, InterventionConfig.defaults().withThinkingBudget(THINKING_BUDGET)));
        KNOWN.put(BUDGET_FORCING, new TestTimePolicy(BUDGET_FORCING,
                InterventionConfig.onePhrase(BudgetForcing.WAIT, BUDGET_FORCING_WAITS, THINKING_BUDGET)));
    }

    public TestTimePolicy {
        if (!NAMES.contains(name)) throw unknown(name);
        Objects.requireNonNull(config, "config");
    }

    /** The policy called {@code name}, with its defaults. */
    public static TestTimePolicy named(String name) {
        TestTimePolicy p = KNOWN.get(name);
        if (p == null) throw unknown(name);
        return p;
    }

    /** The names, in a stable order: none, gii, budget-forcing. */
    public static List<String> names() {
        return NAMES;
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown policy '" + name + "'; known: " + NAMES);
    }

    public TestTimePolicy withMaxInterventions(int k) {
        return new TestTimePolicy(name, config.withMaxInterventions(k));
    }

    public TestTimePolicy withThinkingBudget(int tokens) {
        return new TestTimePolicy(name, config.withThinkingBudget(tokens));
    }

    public TestTimePolicy withConfig(InterventionConfig c) {
        return new TestTimePolicy(name, c);
    }

    /**
     * This policy within {@code maxTokens} generated tokens in all: its thinking budget cut to leave
     * {@code answerTokens} for the forced end of thinking and the answer, so a generation never ends for length
     * before the answer is forced. {@code none} is returned as it is.
     */
    public TestTimePolicy fitting(int maxTokens, int answerTokens) {
        if (isNone()) return this;
        if (answerTokens < 1) throw new IllegalArgumentException("answerTokens must be >= 1, got " + answerTokens);
        int room = maxTokens - answerTokens;
        if (room < 1) {
            throw new IllegalArgumentException("max tokens " + maxTokens + " leave no thinking room after " + answerTokens
                    + " answer tokens");
        }
        return config.thinkingBudget() <= room ? this : withThinkingBudget(room);
    }

    /** Answer tokens a request's max tokens keeps for the forced end and the answer: a quarter, at most 512. */
    public static int answerTokens(int maxTokens) {
        return Math.max(1, Math.min(512, maxTokens / 4));
    }

    /**
     * This policy for one request of {@code maxTokens} generated tokens (as {@code serve} gets them): {@link #fitting}
     * with the forced end of thinking and answer lead-in ({@code leadInTokens}) plus {@link #answerTokens(int)} kept
     * for the answer, so the answer is forced, lead-in whole, before the request's length limit (a request too small
     * for any thinking gets a budget of one token).
     */
    public TestTimePolicy forRequest(int maxTokens, int leadInTokens) {
        if (isNone()) return this;
        int answer = leadInTokens + answerTokens(maxTokens);
        return maxTokens - answer < 1 ? withThinkingBudget(1) : fitting(maxTokens, answer);
    }

    /** {@link #forRequest(int, int)} for a local model: the lead-in of its thinking format, in its tokens. */
    public TestTimePolicy forRequest(Model model, int maxTokens) {
        if (isNone()) return this;
        Tokenizer t = model.tokenizer();
        return forRequest(maxTokens, t.encode(ThinkingFormat.QWEN3.resolve(t).forcedAnswer()).length);
    }

    /** The name and every knob ({@code none}: the name only), JSON-ready, as results files record them. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        if (!isNone()) m.putAll(config.toJson());
        return m;
    }

    /** Whether decoding is left alone. */
    public boolean isNone() {
        return name.equals(NONE);
    }

    /**
     * A fresh decode hook for one generation: {@link DecodeHook#NONE} for {@code none}, else a {@link SteeringHook}.
     *
     * @param format        where thinking ends (resolved for the tokenizer)
     * @param endOfSequence token ids that also count as an attempt to stop while thinking
     * @param problems      what each row is about (row r is assessed against {@code problems.get(r)} if present)
     */
    public DecodeHook hook(Tokenizer tokenizer, ThinkingFormat format, Set<Integer> endOfSequence, List<String> problems) {
        return isNone() ? DecodeHook.NONE : steering(tokenizer, format, endOfSequence, problems);
    }

    /** {@link #hook} for a local model: the Qwen3 / DeepSeek-R1 format, the model's stop tokens as end of sequence. */
    public DecodeHook hook(Model model, List<String> problems) {
        return isNone() ? DecodeHook.NONE : steering(model, problems);
    }

    /** The steering hook of {@code gii} or {@code budget-forcing}, which reports what it did; not for {@code none}. */
    public SteeringHook steering(Tokenizer tokenizer, ThinkingFormat format, Set<Integer> endOfSequence, List<String> problems) {
        return switch (name) {
            case GII -> new InterventionPolicy(tokenizer, format, config, problems, new StateDetector())
                    .withEndOfSequence(endOfSequence);
            case BUDGET_FORCING -> new BudgetForcing(tokenizer, format, config).withEndOfSequence(endOfSequence);
            default -> throw new IllegalStateException("policy '" + name + "' does not steer decoding");
        };
    }

    /** {@link #steering(Tokenizer, ThinkingFormat, Set, List)} for a local model, as {@link #hook(Model, List)}. */
    public SteeringHook steering(Model model, List<String> problems) {
        return steering(model.tokenizer(), ThinkingFormat.QWEN3.resolve(model.tokenizer()), model.stopTokenIds(), problems);
    }

    /**
     * A local model as a {@link LanguageModel} under this policy: the thinking-format prompt, a fresh hook per
     * request, which reads the request's subject ({@link org.reasonbridge.lm.LmRequest#aboutWhat()}).
     */
    public LocalLanguageModel local(Model model) {
        return local(model, LocalLanguageModel.Options.defaults());
    }

    /** {@link #local(Model)} with the local model's own options (token limit, prompt). */
    public LocalLanguageModel local(Model model, LocalLanguageModel.Options options) {
        return new LocalLanguageModel(model, options.withPolicy(name, describe(), r -> hook(model, List.of(r.aboutWhat()))));
    }

    /**
     * A completions endpoint under this policy ({@code gii} or {@code budget-forcing}) as a {@link LanguageModel}:
     * chat requests rendered by {@code prompts} into the thinking-format prompt, then thought and answered through
     * the one decision loop ({@link RemoteForcing}); a request's max tokens caps the whole generation, as locally.
     */
    public LanguageModel steering(LanguageModel completions, ChatPrompt prompts) {
        return new SteeredEndpoint(this, completions, prompts);
    }

    /** The remote driver of {@code gii} or {@code budget-forcing} for a completions endpoint (s1's way with vLLM). */
    public RemoteForcing remote(LanguageModel client, ThinkingFormat format, int maxAnswerTokens) {
        return switch (name) {
            case GII -> RemoteForcing.guided(client, format, config, new StateDetector(), maxAnswerTokens);
            case BUDGET_FORCING -> RemoteForcing.withConfig(client, format, config, maxAnswerTokens);
            default -> throw new IllegalStateException("policy '" + name + "' does not steer decoding");
        };
    }
}
