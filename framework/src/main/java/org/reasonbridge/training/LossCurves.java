package org.reasonbridge.training;

import org.reasonbridge.model.levels.ReasoningLevel;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

/**
 * A run's losses as a table to plot or query: one row per (step, part), the part being {@code total} (the
 * objective the optimizer saw: the λ-weighted sum for the hierarchical loss) or one level ({@code strategic},
 * {@code tactical}, {@code operational}, {@code output}: that level's mean token cross-entropy). Long rather than
 * wide, so a line chart grouped by {@code part} draws one curve per level.
 */
public final class LossCurves {
    /** The {@code part} of the optimizer's objective. */
    public static final String TOTAL = "total";

    private LossCurves() {
    }

    /** {@code history} (as {@link TrainingRun#train} returns it) as rows of step, part, loss. */
    public static Table of(List<StepMetrics> history) {
        IntColumn step = IntColumn.create("step");
        StringColumn part = StringColumn.create("part");
        DoubleColumn loss = DoubleColumn.create("loss");
        for (StepMetrics m : history) {
            step.append(m.step());
            part.append(TOTAL);
            loss.append(m.loss());
            for (ReasoningLevel level : ReasoningLevel.values()) {
                step.append(m.step());
                part.append(level.id());
                loss.append(m.levelLoss(level));
            }
        }
        return Table.create("losses", step, part, loss);
    }
}
