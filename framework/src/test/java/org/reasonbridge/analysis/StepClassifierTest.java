package org.reasonbridge.analysis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.model.levels.ReasoningLevel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The step classifier measured on {@code src/test/resources/analysis/labelled-steps.tsv}: a small hand-labelled
 * set. "dev" rows were seen while writing the rules; "heldout" rows were labelled before the rules ran on them
 * (first measured 38/40, then 39/40 after rules added for the teacher's traces, one of which fixed a held-out miss
 * already seen); "fresh" rows, free-form phrasing, were labelled after that and measured once, untouched: 20/30.
 * The test prints the accuracy of each split and every miss, and asserts no more than what was measured.
 */
class StepClassifierTest {
    private record Labelled(String split, StepType type, String text) {
    }

    private static List<Labelled> labelled() throws IOException {
        List<Labelled> out = new ArrayList<>();
        try (InputStream in = StepClassifierTest.class.getResourceAsStream("/analysis/labelled-steps.tsv")) {
            int line = 0;
            for (String row : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                line++;
                if (row.isBlank() || row.startsWith("#")) continue;
                String[] f = row.split("\t");
                if (f.length != 3) throw new IllegalStateException("labelled-steps.tsv line " + line + ": want 3 fields, got " + f.length);
                out.add(new Labelled(f[0], StepType.parse(f[1]), f[2]));
            }
        }
        return out;
    }

    /** Accuracy of the standard rules on one split, printing every miss. */
    private static double accuracy(List<Labelled> set, String split) {
        StepClassifier c = StepClassifier.standard();
        int n = 0, right = 0;
        for (Labelled l : set) {
            if (!l.split.equals(split)) continue;
            n++;
            ReasoningStep s = c.classify(0, l.text, null);
            if (s.type() == l.type) right++;
            else System.out.println("  miss [" + split + "] want " + l.type.label() + ", got " + s.type().label() + " (" + s.rule() + "): " + l.text);
        }
        double acc = (double) right / n;
        System.out.printf(Locale.ROOT, "step classifier on %s: %d/%d = %.3f%n", split, right, n, acc);
        return acc;
    }

    @Test
    void accuracyOnTheHandLabelledSteps() throws IOException {
        List<Labelled> set = labelled();
        assertEquals(110, set.size());
        double dev = accuracy(set, "dev"), held = accuracy(set, "heldout"), fresh = accuracy(set, "fresh");
        // floors at what was measured when the rules were written (see the printed lines), not more
        assertTrue(dev >= DEV_MEASURED, "dev accuracy fell: " + dev);
        assertTrue(held >= HELDOUT_MEASURED, "held-out accuracy fell: " + held);
        assertTrue(fresh >= FRESH_MEASURED, "fresh accuracy fell: " + fresh);
    }

    static final double DEV_MEASURED = 1.0, HELDOUT_MEASURED = 0.975, FRESH_MEASURED = 0.66;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Wait, that is wrong: 3 + 4 = 7.               | BACKTRACKING",
            "Wait, let me recheck: 3 + 4 = 7. It holds.     | VERIFICATION",
            "Check: 12 - 7 = 5.                             | VERIFICATION",
            "We need the total cost. Plan: add the prices.  | DECOMPOSITION",
            "Subtract 3 from both sides.                    | APPROACH",
            "30 - 3 = 27, so 3x = 27.                       | CALCULATION",
            "So the answer is 9.                            | CALCULATION"})
    void theTeachersLinesGetTheirTypes(String text, StepType type) {
        assertEquals(type, StepClassifier.standard().classify(text));
    }

    @Test
    void stepsOfATaggedThinkingTraceCarryTheirLevels() {
        String response = "<think>\n<strategic>\nWe need x. Plan: subtract.\n</strategic>\n<tactical>\nThe sum is known.\n"
                + "</tactical>\n<operational>\n5 - 2 = 3.\n</operational>\n</think>\nThe answer is \\boxed{3}.";
        List<ReasoningStep> steps = StepClassifier.standard().steps(response);
        assertEquals(3, steps.size(), steps.toString());
        assertEquals(List.of(ReasoningLevel.STRATEGIC, ReasoningLevel.TACTICAL, ReasoningLevel.OPERATIONAL),
                steps.stream().map(ReasoningStep::level).toList());
        // "The sum is known." matches no rule: its tag decides
        assertEquals(StepType.APPROACH, steps.get(1).type());
        assertEquals("level: tactical", steps.get(1).rule());
        assertEquals(List.of(0, 1, 2), steps.stream().map(ReasoningStep::index).toList());
    }

    @Test
    void untaggedAndBrokenTracesStillSplit() {
        StepClassifier c = StepClassifier.standard();
        List<ReasoningStep> plain = c.steps("3 + 4 = 7.\n\nThe answer is \\boxed{7}.");
        assertEquals(2, plain.size());
        assertNull(plain.get(0).level());
        // an unclosed tag breaks the format: the tags go, the lines stay, no levels
        List<ReasoningStep> broken = c.steps("<think><strategic>\nWe need x.\n5 - 2 = 3.\n</think>\nx = 3");
        assertEquals(2, broken.size(), broken.toString());
        assertEquals("We need x.", broken.get(0).text());
    }
}
