package org.reasonbridge.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.List;

/** The tokenizer fixtures; locating them is {@link org.reasonbridge.model.Fixtures}'s job. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static Path tokenizers() {
        return org.reasonbridge.model.Fixtures.file("tokenizers");
    }

    static Path qwenDir() {
        return tokenizers().resolve("qwen");
    }

    static Path tinyModelDir() {
        return org.reasonbridge.model.Fixtures.model("qwen2-tiny");
    }

    static List<JsonNode> jsonLines(Path file) {
        return org.reasonbridge.model.Fixtures.jsonLines(file);
    }

    static int[] ints(JsonNode array) {
        return org.reasonbridge.model.Fixtures.ints(array);
    }
}
