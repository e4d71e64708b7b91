package org.reasonbridge.analysis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The case study on the hand-written folders (see {@link Fixtures}); expected counts worked out from their traces. */
class CaseStudyTest {
    private static final StepClassifier RULES = StepClassifier.standard();

    private static double metric(Table t, String metric, String column) {
        for (int r = 0; r < t.rowCount(); r++) {
            if (t.stringColumn("metric").get(r).equals(metric)) return t.doubleColumn(column).get(r);
        }
        throw new AssertionError("no metric " + metric + " in\n" + t.print());
    }

    @Test
    void baseAndEnhancedSideBySide() {
        RunFolder base = RunFolder.load(Fixtures.run("base")), rb = RunFolder.load(Fixtures.run("reasonbridge"));
        Table t = CaseStudy.compare("base", base, "ReasonBridge", rb, RULES);
        System.out.println(t.print());
        // base (no thinking markers: the whole reply is its trace): 1 + 1 + 1 + 3 + 1 + 2 = 9 lines; ReasonBridge: 3 + 3 + 3 + 3 + 2 + 5 = 19 steps
        assertEquals(9 / 6.0, metric(t, "mean steps per trace", "base"), 1e-12);
        assertEquals(19 / 6.0, metric(t, "mean steps per trace", "ReasonBridge"), 1e-12);
        // checks in p1 and p4 of ReasonBridge; none in the base
        assertEquals(2 / 6.0, metric(t, "verification rate", "ReasonBridge"), 1e-12);
        assertEquals(0.0, metric(t, "verification rate", "base"), 1e-12);
        // backtracks: ReasonBridge p2 and p6, both right; the base p6 ("Wait, that is wrong"), wrong
        assertEquals(2 / 6.0, metric(t, "backtracking rate", "ReasonBridge"), 1e-12);
        assertEquals(1.0, metric(t, "error recovery", "ReasonBridge"), 1e-12);
        assertEquals(0.0, metric(t, "error recovery", "base"), 1e-12);
        assertEquals(5 / 6.0, metric(t, "accuracy", "ReasonBridge"), 1e-12);
        double shares = 0;
        for (StepType s : StepType.values()) shares += metric(t, "share of steps: " + s.label(), "ReasonBridge");
        assertEquals(1.0, shares, 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CaseStudy.compare("base", RunFolder.load(Fixtures.run("other-problems")), "ReasonBridge", rb, RULES));
        assertTrue(e.getMessage().contains("other-problems"), e.getMessage());
    }

    @Test
    void theFlowCountsTransitionsAndDrawsThem(@TempDir Path dir) throws Exception {
        RunFolder rb = RunFolder.load(Fixtures.run("reasonbridge"));
        PatternFlow f = CaseStudy.flow(rb, RULES);
        assertEquals(6, f.traces());
        assertEquals(6, f.starts(StepType.DECOMPOSITION), "every trace opens with its plan");
        // p6: calculation -> backtracking -> calculation; p2: calculation -> backtracking
        assertEquals(2, f.count(StepType.CALCULATION, StepType.BACKTRACKING));
        assertEquals(1, f.count(StepType.BACKTRACKING, StepType.CALCULATION));
        assertEquals(2, f.count(StepType.CALCULATION, StepType.VERIFICATION));
        Table t = f.table();
        assertEquals(t.intColumn("count").sum(), 19 - 6, "one transition per step after the first");
        Path png = dir.resolve("flow.png");
        f.write(png, "ReasonBridge: step transitions");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(800, img.getWidth());
        int ink = 0;
        for (int x = 0; x < img.getWidth(); x += 2) for (int y = 60; y < img.getHeight(); y += 2) if ((img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) ink++;
        assertTrue(ink > 2000, "a drawn graph, not a blank image: " + ink);
    }

    @Test
    void everyStepIsARow() {
        Table t = CaseStudy.steps(RunFolder.load(Fixtures.run("reasonbridge")), RULES);
        assertEquals(19, t.rowCount());
        assertEquals(List.of("problem", "correct", "index", "level", "type", "rule", "text"), t.columnNames());
        assertEquals("strategic", t.stringColumn("level").get(0));
    }
}
