package org.reasonbridge.inference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.reasonbridge.data.ThinkingFormat;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry: names, consistent defaults, every knob settable, and what each policy builds. */
class TestTimePolicyTest {
    @ParameterizedTest
    @CsvSource({
            // name,          K, budget, states intervened on,          first PARTIAL phrase
            "none,            0, 4096,   PARTIAL UNCERTAIN UNVERIFIED,  Wait",
            "gii,             3, 4096,   PARTIAL UNCERTAIN UNVERIFIED,  Wait",
            "budget-forcing,  2, 4096,   PARTIAL,                       Wait"})
    void defaults(String name, int k, int budget, String states, String phrase) {
        TestTimePolicy p = TestTimePolicy.named(name);
        assertEquals(name, p.name());
        assertEquals(k, p.config().maxInterventions());
        assertEquals(budget, p.config().thinkingBudget());
        assertEquals(Set.of(states.split(" ")).stream().map(ReasoningState::valueOf).collect(java.util.stream.Collectors.toSet()),
                p.config().interventions());
        assertEquals(phrase, p.config().phrase(ReasoningState.PARTIAL, 0));
        assertEquals(name.equals("none"), p.isNone());
    }

    @Test
    void knobsAreSetWithoutLosingTheOthers() {
        TestTimePolicy p = TestTimePolicy.named("budget-forcing").withMaxInterventions(7).withThinkingBudget(99);
        assertEquals(7, p.config().maxInterventions());
        assertEquals(99, p.config().thinkingBudget());
        assertEquals(List.of("Wait"), p.config().extensions());
        assertEquals(Set.of(ReasoningState.PARTIAL), p.config().interventions());
        assertEquals(TestTimePolicy.named("gii"), TestTimePolicy.named("gii"), "records: equal knobs, equal policies");
    }

    @Test
    void unknownNamesAndBadKnobsAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> TestTimePolicy.named("s1"));
        assertTrue(e.getMessage().contains("[none, gii, budget-forcing]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TestTimePolicy("magic", InterventionConfig.defaults()));
        assertThrows(IllegalArgumentException.class, () -> InterventionConfig.defaults()
                .withInterventions(Set.of(ReasoningState.COMPLETE)));
        assertThrows(IllegalStateException.class, () -> TestTimePolicy.named("none")
                .remote(r -> null, ThinkingFormat.QWEN3, 8));
    }
}
