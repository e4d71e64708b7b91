package org.reasonbridge.model.generate;

import java.util.List;

/**
 * Sees every sampled step of a generation and may change what comes next; test-time intervention (extend,
 * redirect, verify, budget forcing) is built on this. Tokens the hook spliced in are fed without asking it again.
 */
@FunctionalInterface
public interface DecodeHook {
    DecodeHook NONE = step -> DecodeAction.accept();

    DecodeAction onStep(DecodeStep step);

    /**
     * Row r of a batch steered by {@code hooks.get(r)}, which sees it as row 0: each row is decoded as it would be
     * alone under its own hook (a hook keeps per-row state, so requests batched together each bring a fresh one).
     */
    static DecodeHook perRow(List<? extends DecodeHook> hooks) {
        List<DecodeHook> own = List.copyOf(hooks);
        return step -> {
            if (step.row() >= own.size()) {
                throw new IllegalArgumentException("row " + step.row() + " of a batch with hooks for " + own.size() + " rows");
            }
            return own.get(step.row()).onStep(step.asRow(0));
        };
    }
}
