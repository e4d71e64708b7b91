package org.reasonbridge.analysis;

import org.junit.jupiter.api.Test;
import org.reasonbridge.demo.Exercise;
import org.reasonbridge.demo.MiniDomain;
import org.reasonbridge.demo.MiniTeacher;
import org.reasonbridge.demo.TeacherStyle;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The step classifier on the mini world teacher's traces, whose step types are known by construction
 * (demo.TraceWriter): the strategic block is the plan (problem decomposition), tactical lines set a step up
 * (approach selection), operational lines are work (calculation) except "Check: ..." and "Wait, let me recheck"
 * (verification) and "Wait, that is wrong" (backtracking). Measured twice: on the tagged traces (the tags help) and
 * on the same traces without tags (rules alone). The accuracy is printed; the floors are what was measured.
 */
class TeacherTraceStepsTest {
    private record Labelled(StepType type, String text) {
    }

    /** Labels from the tagged thinking's structure. */
    private static List<Labelled> labels(String tagged) {
        List<Labelled> out = new ArrayList<>();
        String level = null;
        for (String line : tagged.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) continue;
            if (l.matches("</?(strategic|tactical|operational)>")) {
                level = l.startsWith("</") ? null : l.substring(1, l.length() - 1);
                continue;
            }
            StepType t = switch (level) {
                case "strategic" -> StepType.DECOMPOSITION;
                case "tactical" -> StepType.APPROACH;
                default -> l.startsWith("Check:") || l.startsWith("Wait, let me recheck") ? StepType.VERIFICATION
                        : l.startsWith("Wait, that is wrong") ? StepType.BACKTRACKING : StepType.CALCULATION;
            };
            out.add(new Labelled(t, l));
        }
        return out;
    }

    @Test
    void stepTypesOfTheTeachersTraces() {
        TeacherStyle style = TeacherStyle.defaults().withoutFlaws().withCorrections(0.3, 0.3);
        MiniTeacher tagged = new MiniTeacher(style), plain = new MiniTeacher(style.withTags(false));
        StepClassifier rules = StepClassifier.standard();
        SplittableRandom r = new SplittableRandom(5);
        int n = 0, rightTagged = 0, rightPlain = 0;
        Map<StepType, int[]> perType = new EnumMap<>(StepType.class);
        Map<String, Integer> misses = new java.util.TreeMap<>();
        for (MiniDomain d : MiniDomain.values()) {
            for (int level = 1; level <= 5; level++) {
                for (int k = 0; k < 6; k++) {
                    Exercise e = d.generate(r, level);
                    String thinkingTagged = tagged.answer(e.text()).thinking(), thinkingPlain = plain.answer(e.text()).thinking();
                    List<Labelled> want = labels(thinkingTagged);
                    List<ReasoningStep> withTags = rules.steps("<think>\n" + thinkingTagged + "\n</think>\nThe answer is \\boxed{" + e.answer() + "}.");
                    List<ReasoningStep> withoutTags = rules.steps("<think>\n" + thinkingPlain + "\n</think>\nThe answer is \\boxed{" + e.answer() + "}.");
                    assertEquals(want.size(), withTags.size(), thinkingTagged);
                    assertEquals(want.size(), withoutTags.size(), thinkingPlain);
                    for (int i = 0; i < want.size(); i++) {
                        StepType t = want.get(i).type();
                        n++;
                        int[] c = perType.computeIfAbsent(t, x -> new int[3]);
                        c[0]++;
                        if (withTags.get(i).type() == t) {
                            rightTagged++;
                            c[1]++;
                        }
                        if (withoutTags.get(i).type() == t) {
                            rightPlain++;
                            c[2]++;
                        } else {
                            misses.merge(d.id() + ": want " + t.label() + ", got " + withoutTags.get(i).type().label()
                                    + " (" + withoutTags.get(i).rule() + ")", 1, Integer::sum);
                        }
                    }
                }
            }
        }
        double accTagged = (double) rightTagged / n, accPlain = (double) rightPlain / n;
        System.out.printf(Locale.ROOT, "teacher traces: %d steps; with tags %d right = %.3f; without tags %d right = %.3f%n",
                n, rightTagged, accTagged, rightPlain, accPlain);
        perType.forEach((t, c) -> System.out.printf(Locale.ROOT, "  %-22s %5d steps, with tags %.3f, without %.3f%n",
                t.label(), c[0], (double) c[1] / c[0], (double) c[2] / c[0]));
        misses.forEach((m, c) -> System.out.println("  untagged miss x" + c + " " + m));
        assertTrue(accTagged >= TAGGED_MEASURED, "with tags: " + accTagged);
        assertTrue(accPlain >= PLAIN_MEASURED, "without tags: " + accPlain);
    }

    // measured 1.000 and 0.981 (2564 steps); a little below, so a reworded teacher line does not fail the build
    static final double TAGGED_MEASURED = 0.99, PLAIN_MEASURED = 0.95;
}
