package org.reasonbridge.model.generate;

import java.util.function.Supplier;

/**
 * One decode step of one row, as a {@link DecodeHook} sees it.
 *
 * @param row       the row of the batch (0 for a single prompt)
 * @param step      tokens generated so far in this row (= index of the token being chosen)
 * @param prompt    the row's prompt ids
 * @param generated the row's generated ids so far
 * @param logits    the raw next-token logits [V] (before temperature)
 * @param proposed  the token the sampler chose
 * @param textSoFar decodes {@code generated} on demand
 */
public record DecodeStep(int row, int step, int[] prompt, int[] generated, float[] logits, int proposed,
                         Supplier<String> textSoFar) {
    /** The generated text so far (decoded on each call). */
    public String text() {
        return textSoFar.get();
    }

    /** This step as row {@code r} sees it (a batch's row shown to a hook of its own). */
    public DecodeStep asRow(int r) {
        return r == row ? this : new DecodeStep(r, step, prompt, generated, logits, proposed, textSoFar);
    }
}
