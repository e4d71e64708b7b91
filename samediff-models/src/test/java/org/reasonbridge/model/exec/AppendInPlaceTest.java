package org.reasonbridge.model.exec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A plan's in-place concat into a caller's buffer against the graph's own concat: a KV cache's growth by a step. */
class AppendInPlaceTest {
    private static final float UNTOUCHED = 7f;

    /** The graph of a KV cache layer: present = concat(past, new) along axis 2, plus a reader of it. */
    private static SameDiff graph() {
        SameDiff sd = SameDiff.create();
        SDVariable past = sd.placeHolder("past", DataType.FLOAT, 2, 3, -1, 4);
        SDVariable fresh = sd.placeHolder("new", DataType.FLOAT, 2, 3, -1, 4);
        SDVariable present = sd.concat("present", 2, past, fresh);
        present.sum("total");
        return sd;
    }

    private static INDArray positions(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    /** past given as the buffer's own start (no copy), as a separate array (copied in), or empty. */
    @ParameterizedTest(name = "past {0} positions, {1} new, capacity {2}, past a view of the buffer: {3}")
    @CsvSource({"5, 1, 8, true", "5, 3, 8, true", "7, 1, 8, true", "5, 1, 8, false", "0, 4, 4, true", "0, 4, 6, false"})
    void equalsTheGraphsConcatAndWritesOnlyItsPositions(int p, int t, int capacity, boolean view) {
        SameDiff sd = graph();
        INDArray buffer = Nd4j.valueArrayOf(new long[]{2, 3, capacity, 4}, UNTOUCHED, DataType.FLOAT);
        INDArray pastValues = Nd4j.rand(DataType.FLOAT, 2, 3, p, 4);
        INDArray past = pastValues;
        if (view && p > 0) {
            positions(buffer, 0, p).assign(pastValues);
            past = positions(buffer, 0, p);
        }
        // the new positions as the decoder has them: a permuted view ([B, T, H, d] read as [B, H, T, d])
        INDArray fresh = Nd4j.rand(DataType.FLOAT, 2, t, 3, 4).permute(0, 2, 1, 3);
        Map<String, INDArray> feed = Map.of("past", past, "new", fresh);
        INDArray expected = sd.output(feed, "present").get("present");
        try (ExecutionPlan plan = ExecutionPlan.compile(sd, "present", "total")) {
            Map<String, INDArray> out = plan.run(feed, Map.of("present", buffer));
            INDArray got = out.get("present");
            assertEquals(expected, got);
            assertEquals(NativeAddress.of(buffer), NativeAddress.of(got), "a view of the buffer");
            assertEquals(expected.sumNumber().doubleValue(), out.get("total").getDouble(0), 1e-4, "readers see it");
            if (p + t < capacity) {
                assertTrue(positions(buffer, p + t, capacity).eq(UNTOUCHED).all(), "positions past the concat untouched");
            }
        }
    }

    @Test
    void refusesWhatItCannotComputeInPlace() {
        SameDiff sd = graph();
        Map<String, INDArray> feed = Map.of("past", Nd4j.rand(DataType.FLOAT, 2, 3, 5, 4), "new", Nd4j.rand(DataType.FLOAT, 2, 3, 1, 4));
        try (ExecutionPlan plan = ExecutionPlan.compile(sd, "present", "total")) {
            assertThrows(IllegalArgumentException.class, () -> plan.run(feed, Map.of("present", Nd4j.create(DataType.FLOAT, 2, 3, 5, 4))),
                    "no room for the new position");
            assertThrows(IllegalArgumentException.class, () -> plan.run(feed, Map.of("present", Nd4j.create(DataType.FLOAT, 2, 2, 8, 4))),
                    "other dimensions differ");
            assertThrows(IllegalArgumentException.class, () -> plan.run(feed, Map.of("total", Nd4j.create(DataType.FLOAT, 1))),
                    "not a concat");
        }
    }
}
