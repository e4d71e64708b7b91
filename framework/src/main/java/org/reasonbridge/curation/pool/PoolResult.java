package org.reasonbridge.curation.pool;

import org.reasonbridge.curation.audit.Decision;

import org.reasonbridge.data.Problem;

import java.util.ArrayList;
import java.util.List;

/** What a pool stage leaves: the problems kept, in their order, and a {@link Decision} for every one dropped or reported. */
public record PoolResult(List<Problem> kept, List<Decision> decisions) {
    public PoolResult {
        kept = List.copyOf(kept);
        decisions = List.copyOf(decisions);
    }

    /** The decisions of one stage. */
    public List<Decision> decisions(PoolStage stage) {
        return decisions.stream().filter(d -> d.stage().equals(stage.id)).toList();
    }

    /** This result's kept problems through {@code next}, with both audits in order. */
    public PoolResult then(java.util.function.Function<List<Problem>, PoolResult> next) {
        PoolResult r = next.apply(kept);
        List<Decision> all = new ArrayList<>(decisions);
        all.addAll(r.decisions);
        return new PoolResult(r.kept, all);
    }
}
