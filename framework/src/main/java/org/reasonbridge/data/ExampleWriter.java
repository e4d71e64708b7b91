package org.reasonbridge.data;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes training examples as {@link ExampleReader} reads them: one object per line with {@code id}, {@code problem},
 * {@code trace}, {@code solution}, then a writer's own fields (text), then {@code provenance} as an object. A reader
 * keeps the extra fields as provenance; files written here are valid {@code train} input as long as every example
 * has a non-blank problem, trace and solution.
 */
public final class ExampleWriter {
    private ExampleWriter() {
    }

    /** One example as its line; {@code fields} (insertion order kept) go between the solution and the provenance. */
    public static ObjectNode toJson(Example e, Map<String, String> fields) {
        ObjectNode o = JsonLines.JSON.createObjectNode();
        o.put("id", e.id());
        o.put("problem", e.problem());
        o.put("trace", e.trace());
        o.put("solution", e.solution());
        fields.forEach((k, v) -> {
            if (o.has(k) || k.equals("provenance")) throw new IllegalArgumentException("field '" + k + "' is one of the example's own");
            o.put(k, v);
        });
        o.set("provenance", JsonLines.JSON.valueToTree(e.provenance()));
        return o;
    }

    /** Writes {@code examples} atomically, each with {@code fields.apply(example)}. */
    public static <T> void write(Path file, List<T> items, Function<T, Example> example, Function<T, Map<String, String>> fields) {
        JsonLines.write(file, items.stream().map(t -> toJson(example.apply(t), fields.apply(t)).toString())::iterator);
    }
}
