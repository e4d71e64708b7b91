package org.reasonbridge.inference;

import org.reasonbridge.model.generate.DecodeHook;

import java.util.List;

/**
 * A decode hook that steers a model's thinking ({@link InterventionPolicy}, {@link BudgetForcing}) and tells
 * afterwards, per row of the batch, what it did and how long the thinking was.
 */
public interface SteeringHook extends DecodeHook {
    /** Why and where it intervened in {@code row}. */
    List<Intervention> interventions(int row);

    /** Index in the row's generated tokens where the forced end of thinking starts, or -1 if it was not forced. */
    int forcedAt(int row);

    /**
     * Thinking tokens of {@code row}: generated before its thinking ended, naturally or forced, the spliced phrases
     * included (all so far while it is still thinking). The one count the sweep and the reports use.
     */
    int thinkingTokens(int row);
}
