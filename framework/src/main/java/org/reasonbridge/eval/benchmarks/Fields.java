package org.reasonbridge.eval.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import org.reasonbridge.data.DataFileException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Field access for one record of a benchmark file; every refusal names the file, the line and the field. */
record Fields(Path file, long line, JsonNode object) {

    /** The first of {@code keys} present (exports differ in capitalisation), as text; numbers keep their digits. */
    String required(String... keys) {
        Optional<String> v = optional(keys);
        if (v.isEmpty()) throw error("missing field " + describe(keys));
        if (v.get().isBlank()) throw error("empty field " + describe(keys));
        return v.get();
    }

    Optional<String> optional(String... keys) {
        for (String k : keys) {
            JsonNode v = object.get(k);
            if (v == null || v.isNull()) continue;
            if (v.isTextual() || v.isNumber() || v.isBoolean()) return Optional.of(v.asText());
            throw error("field '" + k + "' must be a string or a number, not " + v.getNodeType().toString().toLowerCase());
        }
        return Optional.empty();
    }

    /** The first of {@code keys} present, as a JSON array of strings. */
    List<String> strings(String... keys) {
        for (String k : keys) {
            JsonNode v = object.get(k);
            if (v == null || v.isNull()) continue;
            if (!v.isArray()) throw error("field '" + k + "' must be a list of strings");
            List<String> out = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isTextual()) throw error("field '" + k + "' must be a list of strings");
                out.add(e.asText());
            }
            return out;
        }
        throw error("missing field " + describe(keys));
    }

    /** The record's other fields as text (non-strings as JSON), for {@link org.reasonbridge.data.Problem#metadata}. */
    Map<String, String> rest(String... used) {
        Set<String> skip = Set.of(used);
        Map<String, String> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(f -> {
            if (!skip.contains(f.getKey()) && !f.getValue().isNull()) {
                out.put(f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString());
            }
        });
        return out;
    }

    DataFileException error(String problem) {
        return new DataFileException(file, line, problem);
    }

    private static String describe(String... keys) {
        return "'" + keys[0] + "'" + (keys.length > 1
                ? " (or " + String.join(", ", Arrays.stream(keys).skip(1).map(k -> "'" + k + "'").toList()) + ")" : "");
    }
}
