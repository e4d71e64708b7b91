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

/**
 * The repository's reference data in {@code testdata/} (tiny checkpoints with float64 reference outputs from an
 * independent PyTorch implementation, the real Qwen tokenizer, grading probes; see testdata/README.md). Found
 * through the {@code reasonbridge.root} system property that surefire sets, else by walking up from the working
 * directory. Missing data fails the test that needs it: nothing here skips.
 */
public final class Fixtures {
    /** Every fixture model folder; each has a reference/ twin. */
    public static final List<String> MODELS = List.of("qwen2-tiny", "qwen2-tiny-bf16", "qwen2-tiny-v5", "llama-tiny",
            "mistral-tiny-swa", "mixtral-tiny");

    private static final String FOLDER = "testdata";

    private Fixtures() {
    }

    /** The testdata/ folder of the repository; an error when it cannot be found. */
    public static Path dir() {
        String root = System.getProperty("reasonbridge.root");
        if (root != null) {
            Path dir = Path.of(root, FOLDER).toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException(dir + " not found (reasonbridge.root=" + root + "): the tests need the"
                        + " repository's testdata/ folder");
            }
            return dir;
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(FOLDER).resolve("models"))) return p.resolve(FOLDER);
        }
        throw new IllegalStateException("testdata/ not found above " + Path.of("").toAbsolutePath()
                + ": run the tests inside the repository or set -Dreasonbridge.root=/path/to/repository");
    }

    /** {@code relative} inside testdata/, which must exist (file or folder). */
    public static Path file(String relative) {
        Path p = dir().resolve(relative);
        if (!Files.exists(p)) throw new IllegalStateException("fixture missing: " + p);
        return p;
    }

    /** A model folder under testdata/models/. */
    public static Path model(String name) {
        return file("models/" + name);
    }

    /** The reference outputs of a model under testdata/reference/. */
    public static Path reference(String name) {
        return file("reference/" + name);
    }

    public static JsonNode meta(String name) {
        try {
            return new ObjectMapper().readTree(file("reference/" + name + "/meta.json").toFile());
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
