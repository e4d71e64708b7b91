package org.reasonbridge.training;

import org.junit.jupiter.api.Test;
import org.reasonbridge.model.levels.ReasoningLevel;
import tech.tablesaw.api.Table;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Step metrics as a long table: the objective and each level's loss, one row per (step, part). */
class LossCurvesTest {
    private static StepMetrics step(int n, double loss, double output, double strategic, double tactical, double operational) {
        Map<ReasoningLevel, Double> levels = new EnumMap<>(ReasoningLevel.class);
        levels.put(ReasoningLevel.OUTPUT, output);
        levels.put(ReasoningLevel.STRATEGIC, strategic);
        levels.put(ReasoningLevel.TACTICAL, tactical);
        levels.put(ReasoningLevel.OPERATIONAL, operational);
        return new StepMetrics(n, 0, loss, levels, 0.01, 1.0, 100, 1000.0);
    }

    @Test
    void oneRowPerStepAndPart() {
        Table t = LossCurves.of(List.of(step(1, 9.0, 4, 3, 2, 1), step(2, 8.0, 3.5, 2.5, 1.5, 0.5)));
        assertEquals(List.of("step", "part", "loss"), t.columnNames());
        assertEquals(10, t.rowCount());
        assertEquals(List.of("total", "output", "strategic", "tactical", "operational"), t.stringColumn("part").asList().subList(0, 5));
        assertEquals(List.of(9.0, 4.0, 3.0, 2.0, 1.0), t.doubleColumn("loss").asList().subList(0, 5));
        assertEquals(List.of(2, 2, 2, 2, 2), t.intColumn("step").asList().subList(5, 10));
    }

    @Test
    void noStepsNoRows() {
        assertEquals(0, LossCurves.of(List.of()).rowCount());
    }
}
