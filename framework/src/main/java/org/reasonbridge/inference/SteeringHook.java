package org.reasonbridge.inference;

import org.reasonbridge.lm.SteeringReport;
import org.reasonbridge.model.generate.DecodeHook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decode hook that steers a model's thinking ({@link InterventionPolicy}, {@link BudgetForcing}) and tells
 * afterwards, per row of the batch, what it did and how long the thinking was.
 */
public interface SteeringHook extends DecodeHook, SteeringReport {
    /** Why and where it intervened in {@code row}. */
    List<Intervention> interventions(int row);

    /** Index in the row's generated tokens where the forced end of thinking starts, or -1 if it was not forced. */
    int forcedAt(int row);

    /**
     * Thinking tokens of {@code row}: generated before its thinking ended, naturally or forced, the spliced phrases
     * included (all so far while it is still thinking). The one count the sweep and the reports use.
     */
    int thinkingTokens(int row);

    /** {@code thinking_tokens}, {@code forced_at} (-1: the model ended its thinking) and every intervention. */
    @Override
    default Map<String, Object> report(int row) {
        return report(thinkingTokens(row), forcedAt(row), interventions(row));
    }

    /** The one JSON shape of what a policy did, for local hooks and remote runs alike. */
    static Map<String, Object> report(int thinkingTokens, int forcedAt, List<Intervention> interventions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("thinking_tokens", thinkingTokens);
        m.put("forced_at", forcedAt);
        m.put("interventions", interventions.stream().map(Intervention::toJson).toList());
        return m;
    }
}
