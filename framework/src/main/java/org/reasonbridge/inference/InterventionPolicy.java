package org.reasonbridge.inference;

import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.model.generate.DecodeAction;
import org.reasonbridge.model.generate.DecodeHook;
import org.reasonbridge.model.generate.DecodeStep;
import org.reasonbridge.model.tokenizer.Tokenizer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Guided inference intervention as a {@link DecodeHook}: while the model thinks, each completed word is shown to the
 * loop's path monitor, and an unproductive stretch (a loop, recurring failed checks, a stall) is taken back
 * ({@link DecodeAction#rewind}) and a redirect phrase spliced where it began; when the model proposes to end its thinking (the delimiter's
 * token, the proposed token completing the delimiter string, or an end-of-sequence token), the one decision loop
 * ({@code InterventionLoop}, shared with {@link RemoteForcing}) decides: while fewer than K interventions were made,
 * the end is suppressed, the {@link StateDetector} reads the thinking, and the phrase for that state is spliced in
 * instead (a COMPLETE state lets it end). When the thinking budget is spent, the delimiter
 * and the answer lead-in are spliced and the model answers. An end-of-sequence while thinking that is let through
 * is replaced by the delimiter and lead-in too, so every row gets an answer.
 * <p>
 * Thinking is counted from the first generated token (the prompt ends with {@link ThinkingFormat#start()}). With
 * string detection, the tokens of a suppressed delimiter emitted before the last one stay in the text. One policy
 * serves one {@code generate} call (its rows are kept apart); {@link #interventions(int)} tells afterwards why it
 * intervened.
 */
public final class InterventionPolicy implements SteeringHook {
    private final Tokenizer tokenizer;
    private final ThinkingFormat format;
    private final InterventionConfig config;
    private final BiFunction<Integer, String, Assessment> assessor;
    private final Set<Integer> endOfSequence;
    private final Map<Integer, InterventionLoop> rows = new HashMap<>();

    /** A policy for one problem ({@code problem} may be null) with the default detector. */
    public InterventionPolicy(Tokenizer tokenizer, ThinkingFormat format, InterventionConfig config, String problem) {
        this(tokenizer, format, config, problem == null ? List.of() : List.of(problem), new StateDetector());
    }

    /** A policy for a batch: row r is assessed against {@code problems.get(r)} (if present) by {@code detector}. */
    public InterventionPolicy(Tokenizer tokenizer, ThinkingFormat format, InterventionConfig config,
                              List<String> problems, StateDetector detector) {
        this(tokenizer, format, config, (row, thinking) ->
                detector.assess(thinking, row < problems.size() ? problems.get(row) : null), eos(tokenizer));
    }

    InterventionPolicy(Tokenizer tokenizer, ThinkingFormat format, InterventionConfig config,
                       BiFunction<Integer, String, Assessment> assessor, Set<Integer> endOfSequence) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.format = Objects.requireNonNull(format, "format");
        this.config = Objects.requireNonNull(config, "config");
        this.assessor = assessor;
        this.endOfSequence = Set.copyOf(endOfSequence);
    }

    /** The tokenizer's end-of-sequence token, if it names one. */
    static Set<Integer> eos(Tokenizer tokenizer) {
        Set<Integer> ids = new HashSet<>();
        tokenizer.eosToken().ifPresent(t -> tokenizer.tokenId(t).ifPresent(ids::add));
        return ids;
    }

    /** This policy, also treating {@code ids} as end-of-sequence (e.g. the model's generation_config ids). */
    public InterventionPolicy withEndOfSequence(Set<Integer> ids) {
        Set<Integer> all = new HashSet<>(endOfSequence);
        all.addAll(ids);
        return new InterventionPolicy(tokenizer, format, config, assessor, all);
    }

    /** Why and where it intervened in row 0. */
    public List<Intervention> interventions() {
        return interventions(0);
    }

    @Override
    public List<Intervention> interventions(int row) {
        InterventionLoop r = rows.get(row);
        return r == null ? List.of() : r.interventions();
    }

    @Override
    public int forcedAt(int row) {
        InterventionLoop r = rows.get(row);
        return r == null ? -1 : r.forcedAt();
    }

    @Override
    public int thinkingTokens(int row) {
        InterventionLoop r = rows.get(row);
        return r == null ? 0 : r.thinkingTokens();
    }

    @Override
    public DecodeAction onStep(DecodeStep step) {
        InterventionLoop row = rows.computeIfAbsent(step.row(),
                r -> new InterventionLoop(config, thinking -> assessor.apply(r, thinking)));
        if (row.isEnded()) return DecodeAction.accept();
        int thinking = step.step();
        row.advance(thinking);
        if (row.budgetSpent()) return force(row);
        boolean eos = endOfSequence.contains(step.proposed());
        if (!eos && !proposesEnd(step)) return row.watching() ? watch(row, step) : DecodeAction.accept();
        InterventionLoop.Decision d = row.onEndAttempt(format.thinkingOf(step.text()), thinking,
                phrase -> tokenizer.encode(phrase).length);
        if (d instanceof InterventionLoop.Decision.Intervene i) return DecodeAction.splice(tokenizer.encode(i.intervention().phrase()));
        if (d instanceof InterventionLoop.Decision.Force || eos) return force(row);
        row.ended();
        return DecodeAction.accept();
    }

    /**
     * Shows the path monitor the text once the proposed token ends a word (its text holds a space), with that token,
     * so words complete as they would in a remote round; a redirect takes the cut tokens back and splices the phrase.
     */
    private DecodeAction watch(InterventionLoop row, DecodeStep step) {
        String piece = tokenizer.decode(new int[]{step.proposed()});
        if (piece.chars().noneMatch(Character::isWhitespace)) return DecodeAction.accept();
        int[] ids = step.generated();
        InterventionLoop.Decision.Redirect r = row.onProgress(step.text() + piece, t -> tokenizer.encode(t).length,
                cut -> tokensWithin(ids, cut), (keep, splice) -> keep + tokenizer.encode(splice).length < config.thinkingBudget());
        if (r == null) return DecodeAction.accept();
        return DecodeAction.rewind(r.intervention().position(), tokenizer.encode(r.splice()));
    }

    /** The most leading tokens of {@code ids} whose text is at most {@code chars} long. */
    private int tokensWithin(int[] ids, int chars) {
        int lo = 0, hi = ids.length;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (tokenizer.decode(Arrays.copyOf(ids, mid)).length() <= chars) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    private DecodeAction force(InterventionLoop row) {
        row.forced();
        return DecodeAction.splice(tokenizer.encode(format.forcedAnswer()));
    }

    /** The delimiter's token, or the proposed token completing the delimiter string. */
    private boolean proposesEnd(DecodeStep step) {
        if (format.endTokenId() >= 0 && step.proposed() == format.endTokenId()) return true;
        int[] generated = step.generated();
        // each character of the delimiter comes from at least one token, so its length in tokens bounds the tail
        int k = Math.min(generated.length, format.end().length());
        int[] tail = Arrays.copyOfRange(generated, generated.length - k, generated.length + 1);
        tail[k] = step.proposed();
        String with = tokenizer.decode(tail);
        return with.contains(format.end()) && !tokenizer.decode(Arrays.copyOf(tail, k)).contains(format.end());
    }
}
