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
 * the thinking budget. While it thinks, the path is watched ({@link PathMonitor}, {@link #onProgress}): on a loop,
 * recurring failed checks or a stall the unproductive stretch is cut and a redirect phrase spliced in its place,
 * within the limits of {@link RedirectConfig}. The local decode hook ({@link InterventionPolicy}) and the remote driver
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

        /**
         * Cut the thinking at character {@code cut} and continue it with {@code splice} (a space, unless the cut is at
         * the start, then the phrase).
         */
        record Redirect(Intervention intervention, int cut, String splice) implements Decision {
        }
    }

    private final InterventionConfig config;
    private final Function<String, Assessment> assessor;
    private final List<Intervention> interventions = new ArrayList<>();
    private final Map<ReasoningState, Integer> used = new EnumMap<>(ReasoningState.class);
    private final PathMonitor monitor;
    private int redirects;
    private int thinkingTokens;
    private int forcedAt = -1;
    private boolean ended;

    /** @param assessor reads the state from the thinking so far (the detector, or "always PARTIAL" for s1) */
    InterventionLoop(InterventionConfig config, Function<String, Assessment> assessor) {
        this.config = Objects.requireNonNull(config, "config");
        this.assessor = Objects.requireNonNull(assessor, "assessor");
        this.monitor = new PathMonitor(config.redirect());
    }

    /** Whether the path is still watched (redirection on and redirects left, thinking not ended). */
    boolean watching() {
        return !ended && monitor.active();
    }

    /**
     * The thinking has grown to {@code thinking}: a redirect if the path is unproductive, else null.
     *
     * @param tokens   how many thinking tokens a piece of text is (the tokenizer locally, an estimate remotely)
     * @param position a character offset of {@code thinking} as the driver's position (a token index locally)
     * @param fits     whether the splice at that position stays within the thinking budget (locally: the tokens kept
     *                 and the phrase's; a redirect that would not fit is not made, so the forced answer still fits)
     */
    Decision.Redirect onProgress(String thinking, ToIntFunction<String> tokens, java.util.function.IntUnaryOperator position,
                                 java.util.function.BiPredicate<Integer, String> fits) {
        if (!watching()) return null;
        PathMonitor.Found f = monitor.check(thinking, tokens);
        if (f == null) return null;
        String phrase = config.redirect().phrase(redirects);
        String splice = f.cut() == 0 || Character.isWhitespace(phrase.charAt(0)) ? phrase : " " + phrase;
        int at = position.applyAsInt(f.cut());
        if (!fits.test(at, splice)) return null;
        redirects++;
        String kept = thinking.substring(0, f.cut());
        Intervention i = new Intervention(Intervention.REDIRECT, at, assessor.apply(kept).state(), f.evidence(), splice,
                thinkingTokens, Math.max(0, position.applyAsInt(thinking.length()) - at));
        interventions.add(i);
        monitor.redirected(kept, f.cut() + splice.length());
        return new Decision.Redirect(i, f.cut(), splice);
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
        if (interventions.size() - redirects >= config.maxInterventions()) return new Decision.End();
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
