package org.reasonbridge.curation.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.reasonbridge.data.DataFileException;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.model.json.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reading and writing the curation stage files, so a stage can start from the files an earlier run left. Writers go
 * through a temporary file and a move, so a reader never sees half a file; readers are strict and name the file and
 * line of anything they cannot take back.
 */
public final class StageFile {
    /**
     * The stage files' JSON: map entries sorted by key, since details and metadata often come from {@code Map.of},
     * whose order changes from JVM to JVM, and a rerun must write the same bytes.
     */
    public static final ObjectMapper JSON = Json.MAPPER;

    private StageFile() {
    }

    /** Writes the lines atomically, one at a time ({@link JsonLines#write}): a whole pool's traces are large. */
    public static void write(Path file, Stream<String> lines) {
        JsonLines.write(file, lines::iterator);
    }

    /** Every object of {@code file} through {@code parse}; anything unreadable is an error naming the file and line. */
    public static <T> List<T> read(Path file, Function<JsonNode, T> parse) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": missing; run the stage that writes it first (see curate --from)");
        }
        List<T> out = new ArrayList<>();
        JsonLines.objects(file, e -> {
            throw e;
        }, row -> { // one line at a time: traces.jsonl of a whole pool is large
            try {
                out.add(parse.apply(row.object()));
            } catch (IllegalArgumentException e) {
                if (e instanceof DataFileException d) throw d;
                throw new DataFileException(file, row.number(), e.getMessage());
            }
        });
        return out;
    }

    /** A string field, or an {@link IllegalArgumentException} naming it. */
    public static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("'" + field + "' must be a string");
        return v.asText();
    }
}
