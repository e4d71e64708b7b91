package org.reasonbridge.model.levels;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The level a piece of a response is trained at: the answer part ({@link #OUTPUT}) and the thinking levels of the
 * method's hierarchy, from plan to arithmetic. This is the one home of the concept: every per-level name (teacher
 * tag, adapter tensor, graph variable, JSON key) is derived from {@link #id()}, and per-level values (λ, losses,
 * masks, metrics, adapter placements) are {@code EnumMap}s keyed by it, so a new level is a change to this file.
 *
 * <p>The order is the order of the loss formula {@code L = λ_out·L_out + λ_s·L_s + λ_t·L_t + λ_o·L_o}, of the
 * per-level keys in {@code metrics.jsonl} and of the labels {@link #index()}.
 */
public enum ReasoningLevel {
    /** The final answer or solution shown to the user (after {@code </think>}), including the markers around it. */
    OUTPUT(false, 1.0),
    /** Problem decomposition, choice of approach, the overall plan, changes of plan. */
    STRATEGIC(true, 0.5),
    /** Set-up of each sub-problem: variables, equations, cases, constraints, which theorem or algorithm. */
    TACTICAL(true, 0.3),
    /** Execution: calculations, algebra, step-by-step deductions, checks. */
    OPERATIONAL(true, 0.2);

    private static final List<ReasoningLevel> THINKING = Arrays.stream(values()).filter(ReasoningLevel::isThinking).toList();

    private final boolean thinking;
    private final double defaultLambda;

    ReasoningLevel(boolean thinking, double defaultLambda) {
        this.thinking = thinking;
        this.defaultLambda = defaultLambda;
    }

    /** The lowercase name every external name is built from, e.g. {@code strategic}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A camel-case JSON key: {@code prefix} then the id capitalised, e.g. {@code key("lambda")} = {@code lambdaStrategic}. */
    public String key(String prefix) {
        String id = id();
        return prefix + Character.toUpperCase(id.charAt(0)) + id.substring(1);
    }

    /** Whether this is a level of the thinking (taggable, with adapters) rather than the answer part. */
    public boolean isThinking() {
        return thinking;
    }

    /** The default λ of this level's loss term (the rationale is in {@code LossWeights}). */
    public double defaultLambda() {
        return defaultLambda;
    }

    /** The label of this level in per-token level arrays: its ordinal. */
    public int index() {
        return ordinal();
    }

    /** The thinking levels, in order: the levels a teacher tags and adapters serve. */
    public static List<ReasoningLevel> thinkingLevels() {
        return THINKING;
    }

    /** The tag name a teacher writes for this level ({@code strategic}), or empty for the answer part, which is never tagged. */
    public Optional<String> tagName() {
        return thinking ? Optional.of(id()) : Optional.empty();
    }

    /** The thinking level tagged {@code name} (any case), if any. */
    public static Optional<ReasoningLevel> ofTagName(String name) {
        return THINKING.stream().filter(l -> l.id().equalsIgnoreCase(name)).findFirst();
    }

    /** The level whose {@link #id()} is {@code id}; an unknown id is an error listing the known ones. */
    public static ReasoningLevel of(String id) {
        return find(Arrays.asList(values()), id, "level");
    }

    /** The thinking level whose {@link #id()} is {@code id}; anything else is an error listing the thinking levels. */
    public static ReasoningLevel ofThinking(String id) {
        return find(THINKING, id, "thinking level");
    }

    private static ReasoningLevel find(List<ReasoningLevel> among, String id, String what) {
        for (ReasoningLevel l : among) {
            if (l.id().equals(id)) return l;
        }
        throw new IllegalArgumentException("unknown " + what + " '" + id + "' ("
                + among.stream().map(ReasoningLevel::id).collect(Collectors.joining(", ")) + ")");
    }
}
