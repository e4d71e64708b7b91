package org.reasonbridge.model.generate;

/**
 * Sees every sampled step of a generation and may change what comes next; test-time intervention (extend,
 * redirect, verify, budget forcing) is built on this. Tokens the hook spliced in are fed without asking it again.
 */
@FunctionalInterface
public interface DecodeHook {
    DecodeHook NONE = step -> DecodeAction.accept();

    DecodeAction onStep(DecodeStep step);
}
