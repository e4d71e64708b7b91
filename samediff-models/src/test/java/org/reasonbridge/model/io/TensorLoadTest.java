package org.reasonbridge.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.reasonbridge.model.io.SafetensorsRoundTripTest.assertSameFloats;
import static org.reasonbridge.model.io.SafetensorsRoundTripTest.awkwardValues;
import static org.reasonbridge.model.io.SafetensorsRoundTripTest.rounding;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Tensors as loaded into ND4J arrays, for every stored type, through every path of {@link SafetensorsFile#readFloat}:
 * small tensors (ND4J's memory), tensors past a huge page (anonymous memory), reads in small chunks, and private
 * maps of the file; each must equal the stored values' FP32 widening bit for bit, and outlive the file.
 */
class TensorLoadTest {

    @TempDir
    Path dir;

    /** Elements of the large case: 2.5 MiB as FP32, past {@link WeightMemory#HUGE_PAGE}, and not a multiple of it. */
    private static final int LARGE = 640 * 1024 + 3;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType dtype : List.of(DType.F32, DType.BF16, DType.F16)) {
            for (int rows : new int[] {1, LARGE / 3}) {
                for (String how : List.of("read", "chunked", "mapped")) {
                    cases.add(Arguments.of(dtype, rows, how));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} [{1} x 3] {2}")
    @MethodSource("cases")
    void loadsTheWideningOfTheStoredValues(DType dtype, int rows, String how) throws IOException {
        float[] values = values(rows * 3);
        Path file = dir.resolve("t.safetensors");
        // a small tensor first, so the tested one starts at an offset that is not page aligned
        new SafetensorsWriter(dtype).add("norm", new float[] {1, 2, 3}, 3).add("w", values, rows, 3).write(file);
        float[] expected = new float[values.length];
        for (int i = 0; i < values.length; i++) expected[i] = rounding(dtype).apply(values[i]);
        INDArray a;
        try (SafetensorsFile f = SafetensorsFile.open(file, how.equals("chunked") ? 1 << 16 : SafetensorsFile.DEFAULT_CHUNK_BYTES)) {
            a = f.readFloat("w", how.equals("mapped"));
            assertSameFloats(expected, f.readFloatArray("w"), "readFloatArray");
        }
        Files.delete(file); // the arrays hold their memory (or their map) themselves
        collectGarbage();
        assertArrayEquals(new long[] {rows, 3}, a.shape());
        assertEquals('c', a.ordering());
        assertSameFloats(expected, a.reshape(-1).toFloatVector(), dtype + " " + how);
    }

    @Test
    void aFileCutShortAfterOpeningIsAnErrorNamingTheFileAndTheTensor() throws IOException {
        Path file = dir.resolve("cut.safetensors");
        new SafetensorsWriter(DType.BF16).add("a", new float[] {1, 2}, 2).add("b", values(LARGE), LARGE).write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            TensorInfo b = f.info("b");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(b.offset() + b.byteLength() / 2);
            }
            for (boolean map : new boolean[] {false, true}) {
                TestFiles.assertRefused(file, "tensor 'b' (bytes " + b.offset() + " to " + (b.offset() + b.byteLength())
                        + ") is cut off: the file ends at byte " + (b.offset() + b.byteLength() / 2), () -> f.readFloat("b", map));
            }
            TestFiles.assertRefused(file, "tensor 'b'", () -> f.readFloatArray("b"));
            assertArrayEquals(new float[] {1, 2}, f.readFloat("a").toFloatVector(), "tensors before the cut still read");
        }
    }

    @Test
    void arraysOutliveTheFileAndEveryOtherReference() throws IOException {
        Path file = dir.resolve("life.safetensors");
        float[] values = values(LARGE);
        new SafetensorsWriter(DType.F32).add("w", values, LARGE).write(file);
        List<INDArray> views = new ArrayList<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (boolean map : new boolean[] {false, true}) views.add(f.readFloat("w", map).reshape(1, LARGE).getRow(0));
        }
        for (int round = 0; round < 3; round++) {
            collectGarbage();
            byte[] churn = new byte[64 << 20]; // pressure, so collected blocks really are released and reused
            churn[round] = 1;
        }
        for (INDArray v : views) assertSameFloats(values, v.toFloatVector(), "a view of a loaded tensor");
    }

    private static float[] values(int n) {
        float[] awkward = awkwardValues();
        float[] v = new float[n];
        Random rnd = new Random(n);
        for (int i = 0; i < n; i++) v[i] = i < awkward.length ? awkward[i] : (float) rnd.nextGaussian() * 2;
        return v;
    }

    private static void collectGarbage() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(20); // the cleaner thread unmaps what was collected
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
