package org.reasonbridge.eval;

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
 * @param seconds          wall-clock time of the sample, grading included
 * @param attempts         requests made
 * @param execution        for code: PASSED, FAILED or TIMEOUT; else null
 * @param error            why the sample failed, or null
 */
public record Sample(String id, String prompt, String completion, String reasoning, String extracted, String gold,
                     boolean verdict, Integer promptTokens, Integer completionTokens, double seconds, int attempts,
                     String execution, String error) {
    public Sample {
        if (id == null) throw new IllegalArgumentException("a sample needs an id");
        if (error != null && verdict) throw new IllegalArgumentException("a failed sample cannot be right");
    }

    public boolean failed() {
        return error != null;
    }
}
