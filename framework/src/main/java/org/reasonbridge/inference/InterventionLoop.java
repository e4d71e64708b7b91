package org.reasonbridge.inference;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The test-time decision, written once for one generation (one row): the model tried to end its thinking; read
 * its state, and splice in that state's next phrase, let it end, or force the answer when the phrase would overrun
 * the thinking budget. The local decode hook ({@link InterventionPolicy}) and the remote driver
 * ({@link RemoteForcing}) both ask it, so a student decoded here and one behind vLLM are steered alike; they differ
 * only in how they notice an attempt to stop and how they splice text.
 *
 * <p>Thinking tokens are counted one way: tokens generated before the thinking ended (natural or forced), the
 * phrases spliced in included when the driver can count them ({@link #advance}); the drivers report that count.
 */
final class InterventionLoop {
    /** What to do about an attempt to end the thinking. */
    sealed interface Decision {
        /** Splice {@code intervention.phrase()} in place of the end. */
        record Intervene(Intervention intervention) implements Decision {
        }

        /** Let the model end its thinking (the state is complete, no intervention left, or none for this state). */
        record End() implements Decision {
        }

        /** Close the thinking and force the answer lead-in. */
        record Force() implements Decision {
        }
    }

    private final InterventionConfig config;
    private final Function<String, Assessment> assessor;
    private final List<Intervention> interventions = new ArrayList<>();
    private final Map<ReasoningState, Integer> used = new EnumMap<>(ReasoningState.class);
    private int thinkingTokens;
    private int forcedAt = -1;
    private boolean ended;

    /** @param assessor reads the state from the thinking so far (the detector, or "always PARTIAL" for s1) */
    InterventionLoop(InterventionConfig config, Function<String, Assessment> assessor) {
        this.config = Objects.requireNonNull(config, "config");
        this.assessor = Objects.requireNonNull(assessor, "assessor");
    }

    /** Records that {@code tokens} thinking tokens have been generated so far. */
    void advance(int tokens) {
        thinkingTokens = tokens;
    }

    /** Whether the thinking budget is spent: the answer must be forced now. */
    boolean budgetSpent() {
        return thinkingTokens >= config.thinkingBudget();
    }

    /**
     * The model tried to end its thinking, {@code thinking} so far.
     *
     * @param position   where a phrase would go (a token index locally, a character offset remotely)
     * @param phraseCost thinking tokens a phrase adds (0 when the driver cannot count them, as s1's remote loop)
     */
    Decision onEndAttempt(String thinking, int position, ToIntFunction<String> phraseCost) {
        if (interventions.size() >= config.maxInterventions()) return new Decision.End();
        Assessment a = assessor.apply(thinking);
        if (a.state() == ReasoningState.COMPLETE || !config.intervenesOn(a.state())) return new Decision.End();
        String phrase = config.phrase(a.state(), used.merge(a.state(), 1, Integer::sum) - 1);
        if (thinkingTokens + phraseCost.applyAsInt(phrase) > config.thinkingBudget()) return new Decision.Force();
        Intervention i = new Intervention(position, a.state(), a.evidence(), phrase, thinkingTokens);
        interventions.add(i);
        return new Decision.Intervene(i);
    }

    /** The thinking ended here, forced. */
    void forced() {
        ended = true;
        forcedAt = thinkingTokens;
    }

    /** The thinking ended here, by the model. */
    void ended() {
        ended = true;
    }

    boolean isEnded() {
        return ended;
    }

    List<Intervention> interventions() {
        return List.copyOf(interventions);
    }

    int forcedAt() {
        return forcedAt;
    }

    int thinkingTokens() {
        return thinkingTokens;
    }
}
