package org.reasonbridge.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds {@code shared/fixtures} (system property {@code reasonbridge.shared}, else {@code ../shared} beside the repo). */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static Path shared() {
        String property = System.getProperty("reasonbridge.shared");
        if (property != null && !property.isBlank()) return Path.of(property);
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("samediff-models"))) dir = dir.getParent();
        if (dir == null) throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        return dir.resolve("../shared").normalize();
    }

    static Path tokenizers() {
        return shared().resolve("fixtures/tokenizers");
    }

    static Path qwenDir() {
        return tokenizers().resolve("qwen");
    }

    static Path tinyModelDir() {
        return shared().resolve("fixtures/models/qwen2-tiny");
    }

    static List<JsonNode> jsonLines(Path file) {
        try {
            List<JsonNode> out = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) out.add(JSON.readTree(line));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }
}
