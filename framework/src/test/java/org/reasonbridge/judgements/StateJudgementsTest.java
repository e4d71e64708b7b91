package org.reasonbridge.judgements;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.reasonbridge.curation.filter.QualityRule;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;
import org.reasonbridge.inference.Assessment;
import org.reasonbridge.inference.StateDetector;

/**
 * How well the state detector agrees with the hand-labelled trace endings of {@code judgements/states.jsonl}:
 * prints precision, recall and the confusion matrix, holds them at or above the floors reached, and requires that
 * no correct enumeration, trial-and-check or case analysis is called a contradiction (so the quality filter keeps
 * such teacher traces and guided inference does not ask to double-check them).
 */
class StateJudgementsTest {
    static final List<String> STATES = List.of("complete", "partial", "uncertain", "unverified");

    /** Floors per class, {precision, recall} over the whole set: the measured values, rounded down. */
    private static final Map<String, double[]> FLOORS = Map.of(
            "complete", new double[] {0.92, 0.88},
            "partial", new double[] {0.91, 1.0},
            "uncertain", new double[] {1.0, 1.0},
            "unverified", new double[] {0.91, 0.89});
    /** Floors of macro-F1 per split. */
    private static final Map<String, Double> MACRO_F1 = Map.of("all", 0.94, "test", 0.89, "holdout2", 0.89);

    /** Where an iterated variable must not read as a contradiction. */
    private static final Set<String> ITERATING = Set.of("enumeration", "trial-and-check", "case-analysis");

    private static final StateDetector DETECTOR = new StateDetector();

    @Test
    void stateDetectorAgreesWithTheLabels() {
        Scores scores = new Scores(STATES);
        for (JudgementSets.Ending e : JudgementSets.states()) {
            Assessment a = DETECTOR.assess(e.thinking(), e.problem());
            scores.add(e.split(), e.id(), e.state(), a.state().name().toLowerCase(Locale.ROOT), a.evidence().toString());
        }
        scores.print("State detector on judgements/states.jsonl (" + scores.all.total() + " trace endings)");
        scores.holdFloors(FLOORS, MACRO_F1);
    }

    @Test
    void noFalseContradictionsInEnumerationsTrialsAndCases() {
        List<String> flagged = new ArrayList<>();
        int checked = 0;
        for (JudgementSets.Ending e : JudgementSets.states()) {
            if (!ITERATING.contains(e.phenomenon()) || e.state().equals("unverified")) continue;
            checked++;
            var errors = DETECTOR.errors(e.thinking());
            if (!errors.isEmpty()) flagged.add(e.id() + ": " + errors);
            Trace trace = new Trace(e.id(), "teacher", e.thinking(), "", "stop", 0, 0);
            var dropped = QualityRule.CONTRADICTORY_STEPS.check(new Problem(e.id(), e.problem(), ""), trace);
            if (dropped.isPresent()) flagged.add(e.id() + " dropped by contradictory-steps: " + dropped.get());
        }
        System.out.println(flagged.size() + " false contradictions in " + checked + " enumerations, trials and case analyses"
                + (flagged.isEmpty() ? "" : ":\n" + String.join("\n", flagged)));
        assertEquals(List.of(), flagged);
    }
}
