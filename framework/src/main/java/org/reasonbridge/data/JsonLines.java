package org.reasonbridge.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.reasonbridge.model.input.Utf8;
import org.reasonbridge.model.json.Json;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * The project's one strict line reader: text files (optionally {@code .gz}) split into lines as bytes and
 * decoded as UTF-8 one by one, so an encoding error is reported on its own line; and JSON Lines on top of it,
 * one object per non-blank line, duplicate keys refused.
 */
public final class JsonLines {
    /** Strict Jackson: a duplicated key is an error, not a silent overwrite. */
    public static final ObjectMapper JSON = Json.MAPPER;

    /** A line of text and its 1-based number. */
    public record Line(long number, String text) {
    }

    /** A JSON object and the 1-based number of its line. */
    public record Row(long number, JsonNode object) {
    }

    private JsonLines() {
    }

    /** Every line of {@code file} in order, blank ones included; a line that is not UTF-8 is a {@link DataFileException}. */
    public static List<Line> lines(Path file) {
        return lines(file, e -> {
            throw e;
        });
    }

    /**
     * Every line of {@code file} in order; a line that is not UTF-8 goes to {@code badLine} (which may throw it) and
     * is left out, so the lines after it are still read with their own numbers.
     */
    public static List<Line> lines(Path file, Consumer<DataFileException> badLine) {
        List<Line> out = new ArrayList<>();
        scan(file, badLine, out::add);
        return out;
    }

    /**
     * Every line of {@code file} in order to {@code each}, without holding the file (journals of long traces grow
     * past what one array can hold); a line that is not UTF-8 goes to {@code badLine} instead. A last line without
     * its newline is passed on like any other.
     */
    public static void scan(Path file, Consumer<DataFileException> badLine, Consumer<Line> each) {
        try (InputStream in = open(file)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long number = 0;
            for (int b = in.read(); ; b = in.read()) {
                if (b != '\n' && b != -1) {
                    line.write(b);
                    continue;
                }
                if (b == -1 && line.size() == 0) break;
                number++;
                byte[] bytes = line.toByteArray();
                // Windows line ends: the CR belongs to the line break, not to the text.
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                // a byte-order mark is an encoding artefact, not content; a bad byte is named with its column and
                // the encoding the file probably is
                Utf8.Decoded text = Utf8.decode(bytes, 0, n);
                if (text.ok()) {
                    each.accept(new Line(number, text.text()));
                } else {
                    badLine.accept(new DataFileException(file, number, text.problem() + " at column " + text.column()
                            + "; " + Utf8.FIX));
                }
                line.reset();
                if (b == -1) break;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read", e);
        }
    }

    /** The whole file as UTF-8 text, checked line by line (see {@link #lines}). */
    public static String text(Path file) {
        StringBuilder sb = new StringBuilder();
        for (Line l : lines(file)) sb.append(l.text()).append('\n');
        return sb.toString();
    }

    /** The JSON objects of a JSON Lines file; blank lines are skipped, anything else that is not an object is an error. */
    public static List<Row> objects(Path file) {
        return objects(file, e -> {
            throw e;
        });
    }

    /**
     * The JSON objects of a JSON Lines file; a line that is not UTF-8, not JSON or not an object goes to
     * {@code badLine} as a {@link JsonlException} (which may throw it) and is left out.
     */
    public static List<Row> objects(Path file, Consumer<DataFileException> badLine) {
        List<Row> out = new ArrayList<>();
        // every line decoded first, so a file in another encoding is reported as that, not as the JSON it breaks
        for (Line l : lines(file, e -> badLine.accept(new JsonlException(e.file(), e.line(), e.problem())))) {
            Row r = object(file, l, badLine);
            if (r != null) out.add(r);
        }
        return out;
    }

    /**
     * {@link #objects(Path, Consumer)} one row at a time, without holding the file (for large files of our own
     * making); problems are reported in line order.
     */
    public static void objects(Path file, Consumer<DataFileException> badLine, Consumer<Row> each) {
        scan(file, e -> badLine.accept(new JsonlException(e.file(), e.line(), e.problem())), l -> {
            Row r = object(file, l, badLine);
            if (r != null) each.accept(r);
        });
    }

    /** The line's JSON object; null for a blank line, or after reporting a bad one (one exception type per file). */
    private static Row object(Path file, Line l, Consumer<DataFileException> badLine) {
        if (l.text().isBlank()) return null;
        JsonNode o;
        try {
            o = JSON.readTree(l.text());
        } catch (JsonProcessingException e) {
            badLine.accept(new JsonlException(file, l.number(), "malformed JSON: " + e.getOriginalMessage()));
            return null;
        }
        if (o == null || !o.isObject()) {
            badLine.accept(new JsonlException(file, l.number(), "not a JSON object"));
            return null;
        }
        return new Row(l.number(), o);
    }

    /**
     * Writes {@code lines} (each without its newline) to a temporary file beside {@code file}, one at a time, then
     * moves it into place: a reader never sees half a file, and a large file is never one string in memory.
     */
    public static void write(Path file, Iterable<String> lines) {
        AtomicFiles.writeText(file, w -> {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        });
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return file.getFileName().toString().endsWith(".gz") ? new BufferedInputStream(new GZIPInputStream(in), 1 << 16) : in;
    }
}
