package org.reasonbridge.model.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.reasonbridge.model.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one reader of the small JSON files of a model or adapter folder ({@code config.json}, {@code tokenizer.json},
 * {@code tokenizer_config.json}, {@code generation_config.json}, the safetensors index, {@code adapter_config.json})
 * and of training configs: strict UTF-8 (a UTF-8 byte-order mark is accepted; UTF-16 and Latin-1 are named as
 * such), a size cap, duplicate keys refused. Errors say {@code file:line:column: what} in words: Jackson's own
 * messages carry a {@code REDACTED} source excerpt and Java type names, which are left out.
 */
public final class JsonFile {
    private static final ObjectMapper JSON = Json.MAPPER;

    private JsonFile() {
    }

    /**
     * The file's text, decoded strictly as UTF-8 without a leading byte-order mark.
     *
     * @param maxBytes larger files are refused before they are read
     * @param what     what the file should be, for messages ("a model config")
     * @throws UncheckedIOException a missing or unreadable file (a missing one wraps {@link NoSuchFileException})
     * @throws JsonFileException    too large, a directory, or not UTF-8
     */
    public static String text(Path file, long maxBytes, String what) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) throw new JsonFileException(file, 0, 0, "is a directory, where " + what + " was expected");
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new JsonFileException(file, 0, 0, size + " bytes: too large for " + what + " (at most "
                        + maxBytes + "); refusing to read it");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(file + ": no such file (" + what + " was expected there)", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read " + what + ": " + e.getMessage(), e);
        }
        return decode(file, bytes);
    }

    /** The file's top-level JSON object (see {@link #text} for the checks). */
    public static JsonNode object(Path file, long maxBytes, String what) {
        return parseObject(text(file, maxBytes, what), file);
    }

    /** {@code text} (the content of {@code file}) as a JSON object; errors name the file, line and column. */
    public static JsonNode parseObject(String text, Path file) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new JsonFileException(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    "malformed JSON: " + words(e.getOriginalMessage()));
        }
        if (node == null || node.isMissingNode()) throw new JsonFileException(file, 0, 0, "empty, not a JSON object");
        if (!node.isObject()) {
            throw new JsonFileException(file, 1, 1, "the top level must be a JSON object {...}, not "
                    + (node.isArray() ? "an array" : "a " + node.getNodeType().name().toLowerCase()));
        }
        return node;
    }

    /** Strict UTF-8; where the first bad byte is and which encoding it probably is go into the message. */
    static String decode(Path file, byte[] bytes) {
        Utf8.Decoded d = Utf8.decode(bytes);
        if (!d.ok()) throw new JsonFileException(file, d.line(), d.column(), d.problem() + "; " + Utf8.FIX);
        return d.text();
    }

    /** Jackson's first line without its Java names ({@code (bound as `com...JsonNode`)}, feature names). */
    static String words(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        String line = (nl < 0 ? s : s.substring(0, nl)).strip();
        return line.replaceAll("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
                .replaceAll("\\s*\\(bound as `[^`]*`\\)", "")
                .replaceAll(":?\\s*not allowed as per `[^`]*`", "")
                .replaceAll("`(?:[\\w$]+\\.)+([\\w$]+)`", "$1").strip();
    }
}
