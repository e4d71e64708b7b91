package org.reasonbridge.model.exec;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link OutputShapes}: the same shapes as ND4J's CPU executioner for the ops a decoder plan runs (arguments, shape
 * vectors read by value, empty inputs, several outputs), without allocating native memory per call. One case pins the
 * ND4J behaviour it works around and fails once ND4J stops allocating per call.
 */
class OutputShapesTest {

    @Test
    void upstreamStillAllocatesNativeArgumentsOnEveryCall() {
        DynamicCustomOp op = op("matmul", new long[]{0, 1}, Nd4j.create(DataType.FLOAT, 5, 8),
                Nd4j.create(DataType.FLOAT, 6, 8));
        Nd4j.getExecutioner().calculateOutputShape(op);
        long before = Pointer.totalCount();
        for (int i = 0; i < 50; i++) Nd4j.getExecutioner().calculateOutputShape(op);
        assertTrue(Pointer.totalCount() - before >= 50, "ND4J's shape path no longer allocates JavaCPP pointers per "
                + "call (or a GC ran meanwhile): OutputShapes may go");
    }

    @Test
    void reusesItsNativeArrays() {
        INDArray a = Nd4j.create(DataType.FLOAT, 5, 8), b = Nd4j.create(DataType.FLOAT, 6, 8);
        try (OutputShapes shapes = OutputShapes.of(op("matmul", new long[]{0, 1}, a, b), 2)) {
            assertNotNull(shapes);
            shapes.calculate(new INDArray[]{a, b});
            long before = Pointer.totalCount();
            for (int i = 0; i < 50; i++) shapes.calculate(new INDArray[]{a, b});
            assertTrue(Pointer.totalCount() <= before, "no JavaCPP allocation per call");
        }
    }

    /** Each row: an op, its integer arguments, and its inputs' shapes (INT64 inputs by value: v=1;2;3). */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "matmul    | 0;1   | 5,8 & 6,8",
            "matmul    | 1;0   | 8,5 & 8,6",
            "matmul    |       | 2,3,4,8 & 2,3,8,5",
            "reshape   |       | 2,3,4 & v=-1;4",
            "reshape   |       | 2,3,4 & v=1;6;-1",
            "reshape   |       | 0,3,4 & v=-1;12",
            "concat    | 2     | 1,2,0,4 & 1,2,3,4",
            "concat    | 0     | 2,5 & 3,5 & 1,5",
            "add       |       | 4,1,3 & 5,3",
            "multiply  |       | 7,9 & 7,9",
            "permute   | 0;2;1 | 2,3,4",
            "split     | 2;3   | 2,3,8",
            "shape_of  |       | 2,3,4",
    })
    void sameShapesAsNd4j(String name, String iArgs, String inputs) {
        String[] parts = inputs.split("&");
        INDArray[] in = new INDArray[parts.length];
        for (int i = 0; i < parts.length; i++) in[i] = array(parts[i].trim());
        DynamicCustomOp op = op(name, longs(iArgs), in);
        List<LongShapeDescriptor> expected = Nd4j.getExecutioner().calculateOutputShape(op);
        assertFalse(expected.isEmpty());
        try (OutputShapes shapes = OutputShapes.of(op, in.length)) {
            assertNotNull(shapes);
            assertEquals(expected, shapes.calculate(in));
            assertEquals(expected, shapes.calculate(in), "the second call, on the reused arrays");
        }
    }

    @Test
    void namesTheOpWhenNativeShapesFail() {
        INDArray a = Nd4j.create(DataType.FLOAT, 5, 8), b = Nd4j.create(DataType.FLOAT, 7, 3);
        try (OutputShapes shapes = OutputShapes.of(op("matmul", new long[]{0, 1}, a, b), 2)) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> shapes.calculate(new INDArray[]{a, b}));
            assertTrue(e.getMessage().contains("matmul"), e.getMessage());
        }
    }

    private static DynamicCustomOp op(String name, long[] iArgs, INDArray... inputs) {
        DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(name).addInputs(inputs);
        for (long i : iArgs) b.addIntegerArguments(i);
        return b.build();
    }

    /** "2,3,4" a FLOAT array of that shape; "v=-1;4" an INT64 vector of those values. */
    private static INDArray array(String spec) {
        if (spec.startsWith("v=")) return Nd4j.createFromArray(longs(spec.substring(2)));
        String[] d = spec.split(",");
        long[] shape = new long[d.length];
        for (int i = 0; i < d.length; i++) shape[i] = Long.parseLong(d[i].trim());
        return Nd4j.create(DataType.FLOAT, shape);
    }

    private static long[] longs(String spec) {
        if (spec == null || spec.isBlank()) return new long[0];
        String[] v = spec.split(";");
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Long.parseLong(v[i].trim());
        return out;
    }
}
