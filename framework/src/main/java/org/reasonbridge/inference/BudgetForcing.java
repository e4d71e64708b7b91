package org.reasonbridge.inference;

import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.model.generate.DecodeAction;
import org.reasonbridge.model.generate.DecodeStep;
import org.reasonbridge.model.tokenizer.Tokenizer;

import java.util.List;
import java.util.Set;

/**
 * s1's budget forcing (arXiv 2501.19393), the baseline for GII: the end-of-thinking delimiter is ignored
 * {@code ignores} times, "Wait" being appended in its place, and at {@code maxThinkingTokens} the delimiter and
 * the answer lead-in are forced. It is GII with a detector that always answers PARTIAL and one phrase.
 */
public final class BudgetForcing implements SteeringHook {
    /** What s1 appends in place of the delimiter. */
    public static final String WAIT = "Wait";
    /** s1 reads no state: every attempt to stop is met with an extension. */
    static final Assessment ALWAYS_EXTEND = new Assessment(ReasoningState.PARTIAL, List.of());
    private final InterventionPolicy policy;

    public BudgetForcing(Tokenizer tokenizer, ThinkingFormat format, int ignores, int maxThinkingTokens) {
        this(tokenizer, format, InterventionConfig.onePhrase(WAIT, ignores, maxThinkingTokens));
    }

    /** Budget forcing with every knob of {@code config} (its phrases, usually one: "Wait"). */
    public BudgetForcing(Tokenizer tokenizer, ThinkingFormat format, InterventionConfig config) {
        this.policy = new InterventionPolicy(tokenizer, format, config, (row, thinking) -> ALWAYS_EXTEND,
                InterventionPolicy.eos(tokenizer));
    }

    /** Also treats {@code ids} as end-of-sequence while thinking (as s1's stop tokens). */
    public BudgetForcing withEndOfSequence(Set<Integer> ids) {
        return new BudgetForcing(policy.withEndOfSequence(ids));
    }

    private BudgetForcing(InterventionPolicy policy) {
        this.policy = policy;
    }

    @Override
    public DecodeAction onStep(DecodeStep step) {
        return policy.onStep(step);
    }

    /** Each "Wait", where it went (state is always PARTIAL). */
    public List<Intervention> waits(int row) {
        return policy.interventions(row);
    }

    @Override
    public List<Intervention> interventions(int row) {
        return policy.interventions(row);
    }

    @Override
    public int forcedAt(int row) {
        return policy.forcedAt(row);
    }

    @Override
    public int thinkingTokens(int row) {
        return policy.thinkingTokens(row);
    }
}
