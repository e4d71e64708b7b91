package org.reasonbridge.model.exec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A step that writes a later step's output early keeps doing so only where every run of it in a schedule comes before
 * that step ({@link ExecutionPlan#keepEarlyWritesFirst}): written after, the output would be overwritten or written
 * after it was freed. Steps here are stand-ins that only name their slots: the rule is about the order alone.
 */
class EarlyOutputsTest {

    /** Step 0 writes slot 9 early, the output of step 1; step 2 is unrelated. */
    @ParameterizedTest(name = "order {0}: kept {1}")
    @CsvSource({
        "'0,1,2',   true",
        "'2,0,1',   true",
        "'1,0,2',   false", // after its reader's producer
        "'0,1,0,2', false", // again after it (a recomputing schedule rerunning the writer late)
        "'0,0,1,2', true",  // again, but still before
    })
    void keptOnlyWhereTheWriterRunsFirst(String order, boolean kept) {
        Writer writer = new Writer(9);
        Step[] steps = {writer, new Slots(new int[]{9}), new Slots(new int[]{4})};
        ExecutionPlan.keepEarlyWritesFirst(steps, Arrays.stream(order.split(",")).mapToInt(Integer::parseInt).toArray());
        assertEquals(kept, writer.earlyOutputs().length == 1);
    }

    private static class Slots implements Step {
        private final int[] out;

        Slots(int[] out) {
            this.out = out;
        }

        @Override
        public int[] inputs() {
            return NONE;
        }

        @Override
        public int[] outputs() {
            return out;
        }

        @Override
        public void execute(INDArray[] values, boolean[] escapes, ArrayPool.Key[] pooled, ArrayPool pool) {
            throw new UnsupportedOperationException("never run");
        }

        @Override
        public void close() {
        }
    }

    private static final class Writer extends Slots {
        private int[] early;

        Writer(int early) {
            super(new int[]{0});
            this.early = new int[]{early};
        }

        @Override
        public int[] earlyOutputs() {
            return early;
        }

        @Override
        public void dropEarlyOutputs() {
            early = NONE;
        }
    }
}
