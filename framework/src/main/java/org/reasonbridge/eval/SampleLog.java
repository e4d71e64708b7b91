package org.reasonbridge.eval;

import org.reasonbridge.data.DataFileException;
import org.reasonbridge.data.JournalFile;
import org.reasonbridge.data.JsonLines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The samples JSONL: one {@link Sample} per line in snake_case, on a {@link JournalFile}, so each line is written
 * whole and fsynced as its sample finishes, and a killed run loses at most the line being written. Reading keeps the
 * last line of each id and drops a torn last line (and cuts it off the file, so the next append starts on a fresh
 * line).
 */
public final class SampleLog implements AutoCloseable {
    private final JournalFile journal;
    private final Map<String, Object> stamp;

    private SampleLog(JournalFile journal, Map<String, Object> stamp) {
        this.journal = journal;
        this.stamp = Map.copyOf(new LinkedHashMap<>(stamp).entrySet().stream().filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** Opens {@code file} for appending, first cutting off a torn last line. */
    public static SampleLog append(Path file) {
        return append(file, Map.of());
    }

    /** {@link #append(Path)}, every line also carrying {@code stamp}'s fields (the run's model, adapters, policy). */
    public static SampleLog append(Path file, Map<String, Object> stamp) {
        return new SampleLog(JournalFile.open(file), stamp);
    }

    /** The samples already in {@code file} by id (last line wins), in file order; empty when there is no file. */
    public static Map<String, Sample> read(Path file) {
        Map<String, Sample> out = new LinkedHashMap<>();
        if (!Files.exists(file)) return out;
        JournalFile.open(file).close(); // cuts a torn tail off, so what is read is what the next append follows
        JournalFile.forEach(file, row -> {
            try {
                Sample s = fromJson(row.object());
                out.remove(s.id()); // re-insert so order follows the latest line
                out.put(s.id(), s);
            } catch (IllegalArgumentException e) {
                throw new DataFileException(file, row.number(), "not a sample line: " + e.getMessage());
            }
        });
        return out;
    }

    /** Appends one line and fsyncs it. */
    public void write(Sample s) {
        ObjectNode line = toJson(s);
        new java.util.TreeMap<>(stamp).forEach((k, v) -> line.set(k, JsonLines.JSON.valueToTree(v)));
        journal.append(line);
    }

    // ---- The line format, written out so its field names are the contract

    static ObjectNode toJson(Sample s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", s.id());
        o.put("prompt", s.prompt());
        o.put("completion", s.completion());
        if (s.reasoning() != null) o.put("reasoning", s.reasoning());
        o.put("extracted", s.extracted());
        o.put("gold", s.gold());
        o.put("verdict", s.verdict());
        o.put("prompt_tokens", s.promptTokens());
        o.put("completion_tokens", s.completionTokens());
        o.put("seconds", s.seconds());
        o.put("attempts", s.attempts());
        if (s.execution() != null) o.put("execution", s.execution());
        o.put("error", s.error());
        if (s.steering() != null) o.set("steering", JsonLines.JSON.valueToTree(s.steering()));
        if (s.run() != null) o.put("run", s.run());
        return o;
    }

    static Sample fromJson(JsonNode o) {
        if (o == null || !o.isObject() || !o.hasNonNull("id")) throw new IllegalArgumentException("no \"id\"");
        return new Sample(o.get("id").asText(), text(o, "prompt"), text(o, "completion"), text(o, "reasoning"),
                text(o, "extracted"), text(o, "gold"), o.path("verdict").asBoolean(), integer(o, "prompt_tokens"),
                integer(o, "completion_tokens"), o.path("seconds").asDouble(), o.path("attempts").asInt(1),
                text(o, "execution"), text(o, "error"), steering(o), text(o, "run"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> steering(JsonNode o) {
        JsonNode v = o.get("steering");
        return v == null || v.isNull() ? null : JsonLines.JSON.convertValue(v, LinkedHashMap.class);
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Integer integer(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asInt();
    }

    @Override
    public void close() {
        journal.close();
    }
}
