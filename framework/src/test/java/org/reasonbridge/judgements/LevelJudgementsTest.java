package org.reasonbridge.judgements;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.reasonbridge.levels.LevelSpan;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.levels.RuleSegmenter;
import org.reasonbridge.levels.SegmentedTrace;

/**
 * How well the rule segmenter's levels agree with the hand-labelled units of {@code judgements/levels.jsonl}:
 * prints precision, recall and the confusion matrix (the README of the set quotes them) and holds the scores at
 * or above the floors reached, so a rule change that makes the levels worse fails here. A unit's predicted level is
 * the level of most of its non-blank characters, so the set does not depend on the segmenter's own units.
 */
class LevelJudgementsTest {
    static final List<String> LEVELS = List.of("strategic", "tactical", "operational");
    /** Sources that mean no rule read the unit itself: it took a neighbour's level or the default. */
    static final Set<String> WITHOUT_RULE = Set.of(LevelSpan.CARRIED, LevelSpan.DEFAULT, RuleSegmenter.FILLER_SOURCE,
            RuleSegmenter.AFTER_PLAN_SOURCE, RuleSegmenter.AFTER_SETUP_SOURCE);

    /** Floors per class, {precision, recall} over the whole set: the measured values, rounded down. */
    private static final Map<String, double[]> FLOORS = Map.of(
            "strategic", new double[] {0.96, 0.89},
            "tactical", new double[] {0.86, 0.75},
            "operational", new double[] {0.91, 0.98});
    /** Floors of macro-F1 per split. */
    private static final Map<String, Double> MACRO_F1 = Map.of("all", 0.89, "test", 0.88, "holdout4", 0.78);
    /** At most this share of units may get their level without a rule reading them (0.43 before the work on rules). */
    private static final double MAX_WITHOUT_RULE = 0.20;

    @Test
    void ruleSegmenterAgreesWithTheLabels() {
        Scores scores = new Scores(LEVELS);
        int withoutRule = 0;
        RuleSegmenter segmenter = RuleSegmenter.standard();
        for (JudgementSets.LevelTrace trace : JudgementSets.levels()) {
            SegmentedTrace segmented = segmenter.segment(trace.text());
            for (JudgementSets.Unit unit : trace.units()) {
                Map<ReasoningLevel, Integer> chars = new EnumMap<>(ReasoningLevel.class);
                String source = null;
                for (LevelSpan span : segmented.spans()) {
                    int from = Math.max(span.start(), unit.start()), to = Math.min(span.end(), unit.end());
                    if (from >= to) continue;
                    if (source == null) source = span.source();
                    int n = 0;
                    for (int i = from; i < to; i++) if (!Character.isWhitespace(trace.text().charAt(i))) n++;
                    chars.merge(span.level(), n, Integer::sum);
                }
                String predicted = chars.entrySet().stream().max(Map.Entry.comparingByValue())
                        .map(e -> e.getKey().name().toLowerCase(Locale.ROOT)).orElse("none");
                if (WITHOUT_RULE.contains(source)) withoutRule++;
                scores.add(trace.split(), trace.id(), unit.level(), predicted,
                        "(" + source + ") " + trace.text().substring(unit.start(), unit.end()));
            }
        }
        scores.print("Rule segmenter on judgements/levels.jsonl (" + scores.all.total() + " units, " + withoutRule
                + " levelled without a rule: carried, default, filler, after a plan or a set-up)");
        scores.holdFloors(FLOORS, MACRO_F1);
        assertTrue(withoutRule <= MAX_WITHOUT_RULE * scores.all.total(), withoutRule + " units levelled without a rule");
    }
}
