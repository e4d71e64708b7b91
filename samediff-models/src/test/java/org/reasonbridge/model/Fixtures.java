package org.reasonbridge.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shared fixtures (../shared/fixtures, made by an independent PyTorch reference): model folders and their
 * reference outputs. Found through the {@code reasonbridge.shared} system property that surefire sets.
 */
public final class Fixtures {
    /** Every fixture model folder; each has a reference/ twin. */
    public static final List<String> MODELS = List.of("qwen2-tiny", "qwen2-tiny-bf16", "qwen2-tiny-v5", "llama-tiny",
            "mistral-tiny-swa", "mixtral-tiny");

    private Fixtures() {
    }

    /** The shared folder; a test without it is skipped with the reason. */
    public static Path shared() {
        Path found = Stream.of(System.getProperty("reasonbridge.shared"), "../shared", "../../shared")
                .filter(s -> s != null && Files.isDirectory(Path.of(s, "fixtures", "models")))
                .map(s -> Path.of(s).toAbsolutePath().normalize()).findFirst().orElse(null);
        assumeTrue(found != null, "shared fixtures not found: set -Dreasonbridge.shared=/path/to/shared");
        return found;
    }

    public static Path model(String name) {
        Path dir = shared().resolve("fixtures/models").resolve(name);
        assumeTrue(Files.isDirectory(dir), "fixture model missing: " + dir);
        return dir;
    }

    public static Path reference(String name) {
        return shared().resolve("fixtures/reference").resolve(name);
    }

    public static JsonNode meta(String name) {
        try {
            return new ObjectMapper().readTree(reference(name).resolve("meta.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }

    /** The non-blank lines of a JSON Lines file. */
    public static List<JsonNode> jsonLines(Path file) {
        try {
            List<JsonNode> out = new java.util.ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) out.add(json.readTree(line));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    /** A headerless little-endian float64 file as [rows][cols]. */
    public static double[][] float64(Path file, int rows, int cols) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            if (b.capacity() != (long) rows * cols * 8) throw new IllegalStateException(file + ": unexpected size");
            double[][] out = new double[rows][cols];
            for (double[] row : out) for (int j = 0; j < cols; j++) row[j] = b.getDouble();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** max |a - b| over two equally shaped matrices. */
    public static double maxAbsDiff(float[][] a, double[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
        }
        return max;
    }

    public static double maxAbsDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
        }
        return max;
    }
}
