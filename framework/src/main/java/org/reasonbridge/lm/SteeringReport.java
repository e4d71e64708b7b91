package org.reasonbridge.lm;

import java.util.Map;

/**
 * A decode hook that tells what it did to a row of its generation, as JSON-ready values (thinking tokens, where
 * the answer was forced, each intervention), so a local model's reply carries it ({@link LmReply#steering()}).
 */
public interface SteeringReport {
    /** What the hook did to {@code row}. */
    Map<String, Object> report(int row);
}
