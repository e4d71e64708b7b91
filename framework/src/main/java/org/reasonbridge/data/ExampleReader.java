package org.reasonbridge.data;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads training examples from JSON Lines: one object per line with {@code problem}, {@code trace} and
 * {@code solution} (strings; {@code id} optional, defaulting to the line number) and any other fields kept as
 * provenance. A bad line is an error naming the file, the line and the problem: training data is small and
 * curated, so nothing is skipped silently.
 */
public final class ExampleReader {
    private ExampleReader() {
    }

    public static List<Example> read(Path file) {
        List<Example> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonLines.Row row : JsonLines.objects(file)) {
            Example e = parse(file, row.number(), row.object());
            if (!ids.add(e.id())) throw new JsonlException(file, row.number(), "duplicate id '" + e.id() + "'");
            out.add(e);
        }
        if (out.isEmpty()) throw new JsonlException(file, 0, "no examples");
        return out;
    }

    static Example parse(Path file, long line, JsonNode o) {
        String id = o.hasNonNull("id") ? o.get("id").asText() : "line-" + line;
        String problem = text(file, line, id, o, "problem");
        String trace = text(file, line, id, o, "trace");
        String solution = text(file, line, id, o, "solution");
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("file", file.getFileName().toString());
        provenance.put("line", Long.toString(line));
        o.fields().forEachRemaining(f -> {
            if (!Set.of("id", "problem", "trace", "solution").contains(f.getKey())) {
                provenance.put(f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString());
            }
        });
        return new Example(id, problem, trace, solution, provenance);
    }

    private static String text(Path file, long line, String id, JsonNode o, String key) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) throw new JsonlException(file, line, "example '" + id + "' has no " + key);
        if (!v.isTextual()) throw new JsonlException(file, line, "example '" + id + "': " + key + " must be a string");
        if (v.asText().isBlank()) throw new JsonlException(file, line, "example '" + id + "' has an empty " + key);
        return v.asText();
    }
}
