package org.reasonbridge.serve;

import org.reasonbridge.inference.BudgetForcing;
import org.reasonbridge.inference.InterventionConfig;
import org.reasonbridge.inference.InterventionPolicy;
import org.reasonbridge.inference.StateDetector;
import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.generate.DecodeHook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The test-time policies the server can apply to every request ({@code serve --policy NAME}), with the method's
 * defaults and the Qwen3 / DeepSeek-R1 thinking format ({@code <think>}...{@code </think>}):
 * <ul>
 *   <li>{@code none}: plain decoding;</li>
 *   <li>{@code gii}: guided inference intervention, at most 3 interventions, 4096 thinking tokens;</li>
 *   <li>{@code budget-forcing}: s1's baseline, "Wait" twice, 4096 thinking tokens.</li>
 * </ul>
 */
public final class Policies {
    /** s1's budget forcing: how often the end of thinking is ignored. */
    static final int BUDGET_FORCING_WAITS = 2;
    static final int THINKING_BUDGET = 4096;

    private static final Map<String, BiFunction<Model, GenerationRequest, DecodeHook>> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("none", (model, request) -> DecodeHook.NONE);
        KNOWN.put("gii", (model, request) -> new InterventionPolicy(model.tokenizer(), format(model),
                InterventionConfig.defaults().withThinkingBudget(THINKING_BUDGET), problems(request), new StateDetector())
                .withEndOfSequence(model.stopTokenIds()));
        KNOWN.put("budget-forcing", (model, request) -> new BudgetForcing(model.tokenizer(), format(model),
                BUDGET_FORCING_WAITS, THINKING_BUDGET).withEndOfSequence(model.stopTokenIds()));
    }

    private Policies() {
    }

    public static Set<String> names() {
        return KNOWN.keySet();
    }

    /** An error naming the known policies when {@code name} is none of them. */
    public static void check(String name) {
        if (!KNOWN.containsKey(name)) {
            throw new IllegalArgumentException("unknown policy '" + name + "'; known: " + KNOWN.keySet());
        }
    }

    /** A fresh decode hook per request for {@code model}. */
    public static Function<GenerationRequest, DecodeHook> forModel(String name, Model model) {
        check(name);
        BiFunction<Model, GenerationRequest, DecodeHook> f = KNOWN.get(name);
        return request -> f.apply(model, request);
    }

    private static ThinkingFormat format(Model model) {
        return ThinkingFormat.QWEN3.resolve(model.tokenizer());
    }

    /** What each row of the request is about: the last user message of a chat, or each completion prompt. */
    private static List<String> problems(GenerationRequest r) {
        if (r.kind() == GenerationRequest.Kind.COMPLETION) return r.prompts();
        for (int i = r.messages().size() - 1; i >= 0; i--) {
            Map<String, Object> m = r.messages().get(i);
            if ("user".equals(m.get("role"))) return List.of(String.valueOf(m.get("content")));
        }
        return List.of("");
    }
}
