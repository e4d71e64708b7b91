package org.reasonbridge.inference;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How often, on which states and with what words a test-time policy intervenes.
 *
 * @param maxInterventions at most this many interventions per generation (K), default 3
 * @param thinkingBudget   thinking tokens at most (phrases spliced in count); then the end of thinking and the answer
 *                         lead-in are forced; default 4096
 * @param extensions       phrases for {@link ReasoningState#PARTIAL}, default "Wait", "Let me think further"
 * @param redirections     phrases for {@link ReasoningState#UNCERTAIN}, default "Alternatively, let's try a
 *                         different approach"
 * @param verifications    phrases for {@link ReasoningState#UNVERIFIED}, default "Let me double-check my work"
 * @param interventions    the states that get an intervention, default all three (PARTIAL, UNCERTAIN, UNVERIFIED);
 *                         a state left out lets the model end its thinking, as COMPLETE does
 * @param redirect         redirection during generation on an unproductive path (its own limits, apart from K),
 *                         default {@link RedirectConfig#defaults()}; {@link RedirectConfig#off()} for s1
 */
public record InterventionConfig(int maxInterventions, int thinkingBudget, List<String> extensions,
                                 List<String> redirections, List<String> verifications,
                                 Set<ReasoningState> interventions, RedirectConfig redirect) {
    public static final List<String> EXTENSIONS = List.of("Wait", "Let me think further");
    public static final List<String> REDIRECTIONS = List.of("Alternatively, let's try a different approach");
    public static final List<String> VERIFICATIONS = List.of("Let me double-check my work");
    /** The states an intervention exists for. */
    public static final Set<ReasoningState> ALL = Set.copyOf(EnumSet.of(ReasoningState.PARTIAL,
            ReasoningState.UNCERTAIN, ReasoningState.UNVERIFIED));

    public InterventionConfig {
        if (maxInterventions < 0) throw new IllegalArgumentException("maxInterventions must be >= 0, got " + maxInterventions);
        if (thinkingBudget < 1) throw new IllegalArgumentException("thinkingBudget must be >= 1, got " + thinkingBudget);
        extensions = nonEmpty(extensions, "extensions");
        redirections = nonEmpty(redirections, "redirections");
        verifications = nonEmpty(verifications, "verifications");
        if (interventions.contains(ReasoningState.COMPLETE)) {
            throw new IllegalArgumentException("COMPLETE has no intervention: the model ends its thinking");
        }
        interventions = Set.copyOf(interventions);
        java.util.Objects.requireNonNull(redirect, "redirect");
    }

    /** These states intervened on, redirection by default. */
    public InterventionConfig(int maxInterventions, int thinkingBudget, List<String> extensions, List<String> redirections,
                              List<String> verifications, Set<ReasoningState> interventions) {
        this(maxInterventions, thinkingBudget, extensions, redirections, verifications, interventions,
                RedirectConfig.defaults());
    }

    /** Every intervention on, redirection by default. */
    public InterventionConfig(int maxInterventions, int thinkingBudget, List<String> extensions, List<String> redirections,
                              List<String> verifications) {
        this(maxInterventions, thinkingBudget, extensions, redirections, verifications, ALL);
    }

    private static List<String> nonEmpty(List<String> phrases, String name) {
        List<String> copy = List.copyOf(phrases);
        if (copy.isEmpty() || copy.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException(name + " must be a non-empty list of non-empty phrases");
        }
        return copy;
    }

    /** The defaults: K = 3, a budget of 4096 thinking tokens, the method's phrases, every intervention. */
    public static InterventionConfig defaults() {
        return new InterventionConfig(3, 4096, EXTENSIONS, REDIRECTIONS, VERIFICATIONS);
    }

    /** One phrase for every state ({@code "Wait"} for s1's budget forcing), only extensions, no redirection. */
    public static InterventionConfig onePhrase(String phrase, int maxInterventions, int thinkingBudget) {
        return new InterventionConfig(maxInterventions, thinkingBudget, List.of(phrase), List.of(phrase), List.of(phrase),
                Set.of(ReasoningState.PARTIAL), RedirectConfig.off());
    }

    public InterventionConfig withMaxInterventions(int k) {
        return new InterventionConfig(k, thinkingBudget, extensions, redirections, verifications, interventions, redirect);
    }

    public InterventionConfig withThinkingBudget(int tokens) {
        return new InterventionConfig(maxInterventions, tokens, extensions, redirections, verifications, interventions, redirect);
    }

    public InterventionConfig withInterventions(Set<ReasoningState> states) {
        return new InterventionConfig(maxInterventions, thinkingBudget, extensions, redirections, verifications, states, redirect);
    }

    /** These knobs with other phrases per state. */
    public InterventionConfig withPhrases(List<String> extend, List<String> redirect, List<String> verify) {
        return new InterventionConfig(maxInterventions, thinkingBudget, extend, redirect, verify, interventions, this.redirect);
    }

    /** These knobs with other redirection limits and phrases. */
    public InterventionConfig withRedirect(RedirectConfig r) {
        return new InterventionConfig(maxInterventions, thinkingBudget, extensions, redirections, verifications, interventions, r);
    }

    /** Every knob, JSON-ready (snake_case; the states in their natural order): what results files record. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max_interventions", maxInterventions);
        m.put("thinking_budget", thinkingBudget);
        m.put("interventions", interventions.stream().sorted().map(Enum::name).toList());
        m.put("extensions", extensions);
        m.put("redirections", redirections);
        m.put("verifications", verifications);
        m.put("redirect", redirect.toJson());
        return m;
    }

    /** Whether {@code state} gets an intervention (never COMPLETE). */
    public boolean intervenesOn(ReasoningState state) {
        return interventions.contains(state);
    }

    /** The phrases for {@code state}; empty for COMPLETE (no intervention). */
    public List<String> phrases(ReasoningState state) {
        return switch (state) {
            case COMPLETE -> List.of();
            case PARTIAL -> extensions;
            case UNCERTAIN -> redirections;
            case UNVERIFIED -> verifications;
        };
    }

    /** The {@code n}-th phrase used for {@code state} (0-based), rotating through its list. */
    public String phrase(ReasoningState state, int n) {
        List<String> list = phrases(state);
        if (list.isEmpty()) throw new IllegalArgumentException("no intervention for " + state);
        return list.get(n % list.size());
    }
}
