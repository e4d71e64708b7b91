package org.reasonbridge.model.exec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * A plan runs a reshape of a dense C-order intermediate as a view of it ({@link PlanStep}), so the intermediate's
 * buffer must stay out of the pool until the view's last reader has run, though the intermediate's own last reader
 * is the reshape: here the next op of the same shape would otherwise take that buffer and overwrite the view's floats.
 * Each case compares the plan's outputs, over two runs, with SameDiff's own session.
 */
class ReshapeViewTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "the view is read after its base is freed,  false, false",
        "a view of a view,                          true,  false",
        "the view is a requested output,            false, true",
    })
    void viewsKeepTheirBase(String name, boolean twice, boolean viewRequested) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, 4, 6);
        SDVariable a = x.mul("a", 2.0);                                        // [4, 6], pooled; read only by the reshape
        SDVariable v = sd.reshape("v", a, 6, 4);                               // a view of a
        if (twice) v = sd.reshape("v2", sd.reshape("v1", v, 24), 6, 4);        // views of views
        SDVariable b = x.add("b", v.sum("s"));                                 // [4, 6] after v: takes a's freed buffer
        SDVariable out = v.mul("out", sd.reshape("bt", b, 6, 4));             // reads the view after b was written
        String[] names = viewRequested ? new String[]{"out", v.name()} : new String[]{"out"};

        INDArray[] feeds = {values(1, 1), values(-5, 0.5f)};
        try (ExecutionPlan plan = ExecutionPlan.compile(sd, names)) {
            INDArray firstView = null; // the first run's requested view, kept as the caller got it
            for (INDArray feed : feeds) {
                Map<String, INDArray> expected = sd.output(Map.of("x", feed), names);
                Map<String, INDArray> got = plan.run(Map.of("x", feed));
                for (String n : names) {
                    assertArrayEquals(expected.get(n).data().asFloat(), got.get(n).dup('c').data().asFloat(), 0f, n);
                }
                if (viewRequested && firstView == null) firstView = got.get(v.name());
            }
            if (viewRequested) { // a requested output is the caller's: the second run must not have written into it
                assertArrayEquals(sd.output(Map.of("x", feeds[0]), v.name()).get(v.name()).data().asFloat(),
                        firstView.dup('c').data().asFloat(), 0f);
            }
        }
    }

    /** [4, 6] of start, start + step, ... */
    private static INDArray values(float start, float step) {
        float[] v = new float[24];
        for (int i = 0; i < v.length; i++) v[i] = start + i * step;
        return Nd4j.createFromArray(v).reshape(4, 6);
    }
}
