package org.reasonbridge.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private ExampleReader() {
    }

    public static List<Example> read(Path file) {
        List<Example> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            String text;
            long line = 0;
            while (true) {
                try {
                    text = in.readLine();
                } catch (CharacterCodingException e) {
                    throw new JsonlException(file, line + 1, "not valid UTF-8");
                }
                if (text == null) break;
                line++;
                if (text.isBlank()) continue;
                Example e = parse(file, line, text);
                if (!ids.add(e.id())) throw new JsonlException(file, line, "duplicate id '" + e.id() + "'");
                out.add(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read", e);
        }
        if (out.isEmpty()) throw new JsonlException(file, 0, "no examples");
        return out;
    }

    static Example parse(Path file, long line, String text) {
        JsonNode o;
        try {
            o = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new JsonlException(file, line, "malformed JSON: " + e.getOriginalMessage());
        }
        if (o == null || !o.isObject()) throw new JsonlException(file, line, "not a JSON object");
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
