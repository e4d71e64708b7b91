package org.reasonbridge.inference;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The intervention knobs: validation and the phrase rotation. */
class InterventionConfigTest {
    @Test
    void badConfigsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> InterventionConfig.defaults().withMaxInterventions(-1));
        assertThrows(IllegalArgumentException.class, () -> InterventionConfig.defaults().withThinkingBudget(0));
        assertThrows(IllegalArgumentException.class, () -> new InterventionConfig(1, 10, List.of(), List.of("a"), List.of("b")));
    }

    @Test
    void phrasesRotateDeterministically() {
        InterventionConfig c = InterventionConfig.defaults();
        assertEquals(List.of("Wait", "Let me think further", "Wait"),
                List.of(c.phrase(ReasoningState.PARTIAL, 0), c.phrase(ReasoningState.PARTIAL, 1), c.phrase(ReasoningState.PARTIAL, 2)));
        assertThrows(IllegalArgumentException.class, () -> c.phrase(ReasoningState.COMPLETE, 0));
    }
}
