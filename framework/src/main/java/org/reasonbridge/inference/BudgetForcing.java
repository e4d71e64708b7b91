package org.reasonbridge.inference;

import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.model.generate.DecodeAction;
import org.reasonbridge.model.generate.DecodeHook;
import org.reasonbridge.model.generate.DecodeStep;
import org.reasonbridge.model.tokenizer.Tokenizer;

import java.util.List;
import java.util.Set;

/**
 * s1's budget forcing (arXiv 2501.19393), the baseline for GII: the end-of-thinking delimiter is ignored
 * {@code ignores} times, "Wait" being appended in its place, and at {@code maxThinkingTokens} the delimiter and
 * the answer lead-in are forced. It is GII with a detector that always answers PARTIAL and one phrase.
 */
public final class BudgetForcing implements DecodeHook {
    /** What s1 appends in place of the delimiter. */
    public static final String WAIT = "Wait";
    private final InterventionPolicy policy;

    public BudgetForcing(Tokenizer tokenizer, ThinkingFormat format, int ignores, int maxThinkingTokens) {
        InterventionConfig config = new InterventionConfig(ignores, maxThinkingTokens, List.of(WAIT), List.of(WAIT),
                List.of(WAIT));
        Assessment alwaysExtend = new Assessment(ReasoningState.PARTIAL, List.of());
        this.policy = new InterventionPolicy(tokenizer, format, config, (row, thinking) -> alwaysExtend,
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

    public int forcedAt(int row) {
        return policy.forcedAt(row);
    }

    public int thinkingTokens(int row) {
        return policy.thinkingTokens(row);
    }
}
