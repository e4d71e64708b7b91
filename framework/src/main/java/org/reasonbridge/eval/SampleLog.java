package org.reasonbridge.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The samples JSONL: one {@link Sample} per line in snake_case, appended and flushed as each sample finishes, so a
 * killed run loses at most the line being written. Reading keeps the last line of each id and drops a torn last
 * line (and cuts it off the file, so the next append starts on a fresh line).
 */
public final class SampleLog implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Writer writer;

    private SampleLog(Writer writer) {
        this.writer = writer;
    }

    /** Opens {@code file} for appending, after {@link #read} has repaired its end. */
    public static SampleLog append(Path file) {
        try {
            return new SampleLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    /** The samples already in {@code file} by id (last line wins), in file order; empty when there is no file. */
    public static Map<String, Sample> read(Path file) {
        Map<String, Sample> out = new LinkedHashMap<>();
        if (!Files.exists(file)) return out;
        try {
            byte[] bytes = Files.readAllBytes(file);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') end--; // a line without its newline was torn by a kill
            if (end < bytes.length) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(end);
                }
            }
            int lineNo = 0;
            for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
                lineNo++;
                if (line.isBlank()) continue;
                try {
                    Sample s = fromJson(JSON.readTree(line));
                    out.remove(s.id()); // re-insert so order follows the latest line
                    out.put(s.id(), s);
                } catch (IOException | IllegalArgumentException e) {
                    throw new IllegalStateException(file + ":" + lineNo + ": not a sample line: " + e.getMessage(), e);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Appends one line and flushes it. */
    public synchronized void write(Sample s) {
        try {
            writer.write(JSON.writeValueAsString(toJson(s)));
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the samples log", e);
        }
    }

    // ---- The line format, written out so its field names are the contract

    static ObjectNode toJson(Sample s) {
        ObjectNode o = JSON.createObjectNode();
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
        return o;
    }

    static Sample fromJson(JsonNode o) {
        if (o == null || !o.isObject() || !o.hasNonNull("id")) throw new IllegalArgumentException("no \"id\"");
        return new Sample(o.get("id").asText(), text(o, "prompt"), text(o, "completion"), text(o, "reasoning"),
                text(o, "extracted"), text(o, "gold"), o.path("verdict").asBoolean(), integer(o, "prompt_tokens"),
                integer(o, "completion_tokens"), o.path("seconds").asDouble(), o.path("attempts").asInt(1),
                text(o, "execution"), text(o, "error"));
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
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
