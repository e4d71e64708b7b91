package org.reasonbridge.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SafetensorsRoundTripTest {

    @TempDir
    Path dir;

    /** Values that exercise every rounding path: specials, half subnormals, ties, overflow. */
    static float[] awkwardValues() {
        float[] fixed = {0f, -0f, 1f, -1f, 1f / 3, (float) Math.PI, 1e-3f, 65504f, 65519f, 65520f, 1e5f, -1e30f,
            0x1p-24f, 0x1p-25f, 0x3p-25f, 0x1.ffcp-15f, 1e-10f, Float.MIN_VALUE, Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0x3F808000),
            Float.intBitsToFloat(0x3F818000), Float.intBitsToFloat(0xFFC00001)};
        float[] all = Arrays.copyOf(fixed, 60);
        Random rnd = new Random(7);
        for (int i = fixed.length; i < all.length; i++) {
            all[i] = (float) rnd.nextGaussian() * (i % 2 == 0 ? 1e-4f : 3f);
        }
        return all;
    }

    static UnaryOperator<Float> rounding(DType dtype) {
        return switch (dtype) {
            case F32 -> v -> v;
            case BF16 -> LowPrecision::roundToBf16;
            case F16 -> LowPrecision::roundToHalf;
            default -> throw new IllegalArgumentException(dtype.name());
        };
    }

    static void assertSameFloats(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            boolean same = Float.isNaN(expected[i]) ? Float.isNaN(actual[i])
                    : Float.floatToRawIntBits(expected[i]) == Float.floatToRawIntBits(actual[i]);
            int at = i;
            assertTrue(same, () -> what + "[" + at + "]: expected " + expected[at] + " got " + actual[at]);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "BF16", "F16"})
    void writtenValuesReadBackAsTheirRounding(DType dtype) throws IOException {
        float[] values = awkwardValues(); // 60 values
        float[] expected = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            expected[i] = rounding(dtype).apply(values[i]);
        }
        INDArray matrix = Nd4j.create(values, new long[] {6, 10}, 'c');
        INDArray transposed = matrix.transpose(); // an f-order view: the writer must lay it out in c order
        Path file = dir.resolve("t.safetensors");
        new SafetensorsWriter(dtype).metadata("format", "pt")
                .add("flat", values, 60)
                .add("matrix", matrix)
                .add("transposed", transposed)
                .add("double", matrix.castTo(DataType.DOUBLE))
                .add("scalar", new float[] {2.5f})
                .add("empty", new float[0], 0, 3)
                .write(file);
        // tiny chunks force the chunked path through every tensor
        for (long chunk : new long[] {SafetensorsFile.DEFAULT_CHUNK_BYTES, 8, 24}) {
            try (SafetensorsFile f = SafetensorsFile.open(file, chunk)) {
                assertEquals(Map.of("format", "pt"), f.metadata());
                assertEquals(List.of("double", "empty", "flat", "matrix", "scalar", "transposed"),
                        List.copyOf(f.tensors().keySet()), "byte order = name order");
                assertEquals(dtype, f.info("flat").dtype());
                assertSameFloats(expected, f.readFloatArray("flat"), dtype + " flat");
                assertSameFloats(expected, f.readFloat("flat").toFloatVector(), dtype + " flat INDArray");
                INDArray m = f.readFloat("matrix");
                assertEquals(DataType.FLOAT, m.dataType());
                assertArrayEquals(new long[] {6, 10}, m.shape());
                assertSameFloats(expected, m.reshape(60).toFloatVector(), dtype + " matrix");
                assertSameFloats(expected, f.readFloat("double").reshape(60).toFloatVector(), dtype + " double");
                INDArray t = f.readFloat("transposed");
                assertArrayEquals(new long[] {10, 6}, t.shape());
                assertSameFloats(expected, t.transpose().dup('c').reshape(60).toFloatVector(), dtype + " transposed");
                assertEquals(0, f.readFloat("scalar").rank());
                assertEquals(2.5f, f.readFloat("scalar").getFloat(0L));
                assertArrayEquals(new long[] {0, 3}, f.readFloat("empty").shape());
                assertEquals(0, f.readFloatArray("empty").length);
            }
        }
    }

    @Test
    void headerIsPaddedWithSpacesToAMultipleOf8() throws IOException {
        Path file = dir.resolve("pad.safetensors");
        new SafetensorsWriter(DType.F32).add("a", new float[] {1, 2}, 2).write(file);
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, (8 + n) % 8);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        // the reference writer's compact JSON, then spaces
        assertEquals("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", header.stripTrailing());
        assertTrue(header.length() - header.stripTrailing().length() < 8);
        assertEquals(8 + n + 8, bytes.length);
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("w.safetensors");
        new SafetensorsWriter(DType.F32).add("a", new float[] {1}, 1).write(file);
        new SafetensorsWriter(DType.BF16).add("b", new float[] {2, 3}, 2).write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(List.of("b"), List.copyOf(f.tensors().keySet()));
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void writerRefusesWhatItCannotWrite() {
        assertThrows(IllegalArgumentException.class, () -> new SafetensorsWriter(DType.I64));
        SafetensorsWriter w = new SafetensorsWriter(DType.F32).add("a", new float[] {1}, 1);
        assertThrows(IllegalArgumentException.class, () -> w.add("a", new float[] {1}, 1), "duplicate");
        assertThrows(IllegalArgumentException.class, () -> w.add("__metadata__", new float[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> w.add("b", new float[] {1, 2}, 3), "length");
        assertThrows(IllegalArgumentException.class, () -> w.add("c", Nd4j.zeros(DataType.HALF, 2)));
    }

    @Test
    void readsAfterCloseFail(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("c.safetensors");
        new SafetensorsWriter(DType.F32).add("a", new float[] {1}, 1).write(file);
        SafetensorsFile f = SafetensorsFile.open(file);
        f.close();
        assertThrows(IllegalStateException.class, () -> f.readFloat("a"));
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "BF16"})
    void largeTensorReadsFastAndCorrectly(DType dtype) throws IOException {
        int rows = 4096;
        int cols = 4096; // 16 Mi elements: 64 MiB as FP32
        INDArray source = Nd4j.rand(DataType.FLOAT, rows, cols);
        Path file = dir.resolve("big.safetensors");
        long t0 = System.nanoTime();
        new SafetensorsWriter(dtype).add("w", source).write(file);
        long t1 = System.nanoTime();
        INDArray read;
        long t2;
        long t3;
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            f.readFloat("w").close(); // warm the page cache and the JIT; free at once, or JavaCPP's
            // maxBytes accounting (default -Xmx) triggers System.gc() inside the next allocation
            f.readFloatArray("w");
            t2 = System.nanoTime();
            read = f.readFloat("w");
            t3 = System.nanoTime();
            f.readFloatArray("w");
        }
        long t4 = System.nanoTime();
        double mb = (double) rows * cols * dtype.byteSize() / 1e6;
        // readFloat includes the off-heap allocation (page faults)
        System.out.printf("safetensors %s %dx%d (%.0f MB on disk): write %.0f MB/s, readFloat %.0f MB/s (%.0f ms),"
                + " readFloatArray %.0f MB/s (%.0f ms)%n", dtype, rows, cols, mb, mb / ((t1 - t0) / 1e9),
                mb / ((t3 - t2) / 1e9), (t3 - t2) / 1e6, mb / ((t4 - t3) / 1e9), (t4 - t3) / 1e6);
        assertArrayEquals(new long[] {rows, cols}, read.shape());
        Random rnd = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            int r = rnd.nextInt(rows);
            int c = rnd.nextInt(cols);
            float want = rounding(dtype).apply(source.getFloat(r, c));
            assertEquals(want, read.getFloat(r, c), 0f, () -> r + "," + c);
        }
        assertEquals(rounding(dtype).apply(source.getFloat(rows - 1, cols - 1)), read.getFloat(rows - 1, cols - 1));
        try (SafetensorsFile chunked = SafetensorsFile.open(file, 1 << 20)) {
            assertTrue(chunked.readFloat("w").equals(read), "chunked read (1 MiB reads) equals the one-read read");
        }
        assertFalse(read.isView());
    }
}
