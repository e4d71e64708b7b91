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
import static org.junit.jupiter.api.Assertions.assertNull;
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
        // three pointers a call here (two pointer arrays, the integer arguments); JavaCPP's deallocator thread lowers
        // the count whenever a GC clears earlier garbage, so one of a few windows must see the allocations
        assertTrue(anyWindow(() -> Nd4j.getExecutioner().calculateOutputShape(op), delta -> delta >= 100),
                "ND4J's shape path no longer allocates JavaCPP pointers per call: OutputShapes may go");
    }

    @Test
    void reusesItsNativeArrays() {
        INDArray a = Nd4j.create(DataType.FLOAT, 5, 8), b = Nd4j.create(DataType.FLOAT, 6, 8);
        try (OutputShapes shapes = OutputShapes.of(op("matmul", new long[]{0, 1}, a, b), 2)) {
            assertNotNull(shapes);
            shapes.calculate(new INDArray[]{a, b});
            assertTrue(anyWindow(() -> shapes.calculate(new INDArray[]{a, b}), delta -> delta == 0),
                    "no JavaCPP allocation per call");
        }
    }

    /** Whether the change of JavaCPP's pointer count over 50 calls passes {@code test} in one of five windows. */
    private static boolean anyWindow(Runnable call, java.util.function.LongPredicate test) {
        for (int window = 0; window < 5; window++) {
            long before = Pointer.totalCount();
            for (int i = 0; i < 50; i++) call.run();
            if (test.test(Pointer.totalCount() - before)) return true;
        }
        return false;
    }

    @Test
    void offeredOnlyWhereNd4jsPathRuns() {
        INDArray a = Nd4j.create(DataType.FLOAT, 2, 3);
        assertNull(OutputShapes.of(op("matmul", new long[0], a, a), 0), "no inputs");
        DynamicCustomOp preset = DynamicCustomOp.builder("add").addInputs(a, a)
                .addOutputShape(LongShapeDescriptor.fromShape(new long[]{2, 3}, DataType.FLOAT)).build();
        assertNull(OutputShapes.of(preset, 2), "output shapes given with the op");
    }

    @Test
    void anInputThatBecomesEmptyOnTheSameInstance() {
        INDArray past = Nd4j.create(DataType.FLOAT, 1, 2, 5, 4), fresh = Nd4j.create(DataType.FLOAT, 1, 2, 3, 4);
        INDArray none = Nd4j.create(DataType.FLOAT, 1, 2, 0, 4);
        try (OutputShapes shapes = OutputShapes.of(op("concat", new long[]{2}, past, fresh), 2)) {
            assertNotNull(shapes);
            for (INDArray first : new INDArray[]{past, none, past}) {
                List<LongShapeDescriptor> expected = Nd4j.getExecutioner()
                        .calculateOutputShape(op("concat", new long[]{2}, first, fresh));
                assertEquals(expected, shapes.calculate(new INDArray[]{first, fresh}),
                        "past " + first.shapeInfoToString());
            }
        }
    }

    /** Ops with floating-point, boolean and data-type arguments: each kind reaches the shape function. */
    @Test
    void everyKindOfArgument() {
        INDArray x = Nd4j.create(DataType.FLOAT, 4, 6);
        DynamicCustomOp[] ops = {
                DynamicCustomOp.builder("clipbyvalue").addInputs(x).addFloatingPointArguments(-1.0, 1.0).build(),
                sum(x, true),
                sum(x, false),
                cast(x, DataType.DOUBLE),
        };
        for (DynamicCustomOp op : ops) {
            List<LongShapeDescriptor> expected = Nd4j.getExecutioner().calculateOutputShape(op);
            try (OutputShapes shapes = OutputShapes.of(op, 1)) {
                assertNotNull(shapes, op.opName());
                assertEquals(expected, shapes.calculate(new INDArray[]{x}), op.opName() + " " + expected);
            }
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
    void refusesAnotherNumberOfInputs() {
        INDArray a = Nd4j.create(DataType.FLOAT, 5, 8);
        try (OutputShapes shapes = OutputShapes.of(op("add", new long[0], a, a), 2)) {
            assertThrows(IllegalArgumentException.class, () -> shapes.calculate(new INDArray[]{a, a, a}));
        }
    }

    @Test
    void namesTheOpWhenNativeShapesFail() {
        INDArray a = Nd4j.create(DataType.FLOAT, 5, 8), b = Nd4j.create(DataType.FLOAT, 7, 3);
        try (OutputShapes shapes = OutputShapes.of(op("matmul", new long[]{0, 1}, a, b), 2)) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> shapes.calculate(new INDArray[]{a, b}));
            assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("[5,8]"), e.getMessage());
        }
    }

    private static DynamicCustomOp sum(INDArray x, boolean keepDims) {
        return DynamicCustomOp.builder("reduce_sum").addInputs(x).addIntegerArguments(1)
                .addBooleanArguments(keepDims).build();
    }

    private static DynamicCustomOp cast(INDArray x, DataType to) {
        DynamicCustomOp op = DynamicCustomOp.builder("cast").addInputs(x).build();
        op.addDArgument(to);
        return op;
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
