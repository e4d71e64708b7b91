package org.reasonbridge.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
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
        var utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // Lines are split as bytes and decoded one by one, so an encoding error is reported on its own line.
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long number = 0;
            for (int b = in.read(); ; b = in.read()) {
                if (b != '\n' && b != -1) {
                    line.write(b);
                    continue;
                }
                if (b == -1 && line.size() == 0) break;
                number++;
                String text;
                try {
                    text = utf8.decode(ByteBuffer.wrap(line.toByteArray())).toString();
                } catch (CharacterCodingException e) {
                    throw new JsonlException(file, number, "not valid UTF-8");
                }
                line.reset();
                if (!text.isBlank()) {
                    Example e = parse(file, number, text);
                    if (!ids.add(e.id())) throw new JsonlException(file, number, "duplicate id '" + e.id() + "'");
                    out.add(e);
                }
                if (b == -1) break;
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
