package org.reasonbridge.notebook;

import org.reasonbridge.model.levels.ReasoningLevel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reasonbridge.curation.CurationListener;
import org.reasonbridge.curation.CurationStage;
import org.reasonbridge.eval.EvaluationListener;
import org.reasonbridge.training.StepMetrics;
import org.reasonbridge.training.TrainingListener;

import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bar redraws in place (one output, then updates of it) and always shows the end. */
class ProgressTest {
    @RegisterExtension
    final RecordingSink sink = new RecordingSink();

    @Test
    void oneOutputThenUpdatesOfItEndingAtTheTotal() {
        Progress bar = Progress.bar("tokenize", 3);
        for (int i = 1; i <= 3; i++) bar.update(i, "note " + i);
        assertFalse(sink.sent.get(0).update());
        assertTrue(sink.sent.stream().skip(1).allMatch(RecordingSink.Sent::update));
        assertEquals(1, sink.sent.stream().map(RecordingSink.Sent::displayId).distinct().count());
        String last = sink.last().bundle().text();
        assertTrue(last.startsWith("tokenize [##############################] 3/3 (100%) \u00b7 note 3"), last);
        assertTrue(sink.last().bundle().data().get("text/html").contains("<progress value=\"3\" max=\"3\""));
    }

    @Test
    void labelsAndNotesAreEscapedInHtml() {
        Progress.bar("<x>", 1).update(1, "a&b");
        String html = sink.last().bundle().data().get("text/html");
        assertTrue(html.contains("&lt;x&gt;") && html.contains("a&amp;b"), html);
    }

    private static final java.util.Map<ReasoningLevel, Double> LEVELS = java.util.Map.of(ReasoningLevel.OUTPUT, 1.0,
            ReasoningLevel.STRATEGIC, 1.0, ReasoningLevel.TACTICAL, 1.0, ReasoningLevel.OPERATIONAL, 1.0);

    @Test
    void trainingListenerShowsStepsAndLoss() {
        TrainingListener l = Progress.training();
        l.onStep(new StepMetrics(1, 0, 2.5, LEVELS, 1e-4, 1, 100, 250), 2);
        l.onStep(new StepMetrics(2, 0, 2.25, LEVELS, 1e-4, 1, 100, 250), 2);
        String last = sink.last().bundle().text();
        assertTrue(last.startsWith("training [") && last.contains("2/2 (100%) \u00b7 epoch 0 \u00b7 loss 2.2500 \u00b7 250 tok/s"), last);
    }

    @Test
    void evaluationListenerShowsAccuracyAndFailures() {
        EvaluationListener l = Progress.evaluation();
        l.progress(3, 3, 2, 1);
        assertTrue(sink.last().bundle().text().contains("3/3 (100%) \u00b7 correct 2 (66.7%) \u00b7 failed 1"));
    }

    @Test
    void curationListenerDrawsOneBarPerStage() {
        CurationListener l = Progress.curation();
        l.progress(CurationStage.TEACHER, 1, 2);
        l.progress(CurationStage.TEACHER, 2, 2);
        l.progress(CurationStage.DIFFICULTY, 2, 2);
        assertEquals(2, sink.sent.stream().map(RecordingSink.Sent::displayId).distinct().count());
        String labels = sink.sent.stream().map(s -> s.bundle().text().split(" \\[")[0]).distinct().collect(Collectors.joining(","));
        assertEquals("curation: teacher,curation: difficulty", labels);
    }
}
