package org.reasonbridge.eval;

import java.util.Map;

/**
 * One line of the samples log (lm-evaluation-harness's {@code --log_samples} in spirit): what was asked, what
 * came back, how it was graded. A sample whose {@code error} is set failed permanently and counts as wrong.
 *
 * @param id               the problem id
 * @param prompt           what was sent
 * @param completion       the model's text ("" when it failed)
 * @param reasoning        an endpoint's separate reasoning, or null
 * @param extracted        the answer (or code) taken from the completion, or null when none was found
 * @param gold             the reference answer
 * @param verdict          whether it is right
 * @param promptTokens     null when unknown
 * @param completionTokens null when unknown
 * @param seconds          wall-clock time of the sample, grading included (in a batch: its share of the
 *                         batch's decoding)
 * @param attempts         requests made
 * @param execution        for code: PASSED, FAILED or TIMEOUT; else null
 * @param error            why the sample failed, or null
 * @param steering         what a test-time policy did (thinking tokens, where the answer was forced, every
 *                         intervention with its position, state, evidence and phrase), or null without a policy
 * @param run              the fingerprint of the run that wrote it ({@link RunRecord}), or null
 */
public record Sample(String id, String prompt, String completion, String reasoning, String extracted, String gold,
                     boolean verdict, Integer promptTokens, Integer completionTokens, double seconds, int attempts,
                     String execution, String error, Map<String, Object> steering, String run) {
    public Sample {
        if (id == null) throw new IllegalArgumentException("a sample needs an id");
        if (error != null && verdict) throw new IllegalArgumentException("a failed sample cannot be right");
    }

    /** A sample without a policy's record, not yet stamped with its run. */
    public Sample(String id, String prompt, String completion, String reasoning, String extracted, String gold,
                  boolean verdict, Integer promptTokens, Integer completionTokens, double seconds, int attempts,
                  String execution, String error) {
        this(id, prompt, completion, reasoning, extracted, gold, verdict, promptTokens, completionTokens, seconds,
                attempts, execution, error, null, null);
    }

    /** This sample stamped with the fingerprint of the run that made it. */
    public Sample withRun(String fingerprint) {
        return new Sample(id, prompt, completion, reasoning, extracted, gold, verdict, promptTokens, completionTokens,
                seconds, attempts, execution, error, steering, fingerprint);
    }

    public boolean failed() {
        return error != null;
    }
}
