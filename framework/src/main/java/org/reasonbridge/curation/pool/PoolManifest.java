package org.reasonbridge.curation.pool;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.reasonbridge.data.DataFileException;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.model.json.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@code datasets/pools/<source>.json} says about one problem pool: its files (relative to the manifest's
 * folder), their format, which of their fields hold the id, problem, answer and solution, which other fields to
 * keep as metadata, and which rows to leave out. The schema is documented in {@code datasets/pools/README.md}.
 *
 * @param source      the pool's name, {@code [a-z0-9-]+}; prefixes every problem id ({@code source:original_id})
 * @param description one line on what the pool is
 * @param origin      where the public data comes from and what of it was verified ({@code null} for project files)
 * @param files       the files to read, in order; relative paths resolve against the manifest's folder
 * @param format      {@code jsonl}, {@code csv} or {@code parquet}; {@code null} = by each file's extension
 * @param fields      the field mapping
 * @param filters     rows to leave out ({@code null} = none)
 */
public record PoolManifest(String source, String description, Origin origin, List<String> files, String format,
                           Fields fields, Filters filters) {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final List<String> FORMATS = List.of("jsonl", "csv", "parquet");

    /** The public origin: a URL, its license, and a note of what could and could not be verified from here. */
    public record Origin(String url, String license, String verified) {
    }

    /**
     * Source field names (CSV: header names). {@code problem} is required; {@code id} {@code null} = the row's
     * position ({@code row-<line>}, or {@code <file name>-row-<line>} when several files are listed); {@code answer} and {@code solution} may be {@code null}; {@code metadata} lists
     * fields kept verbatim. {@code answerFrom} ({@code answer_from}) says where the reference answer comes from when
     * the source has no answer column: {@code "solution-boxed"} takes the last {@code \boxed{}} of the solution (as
     * NuminaMath and s1 publish it); {@code null} = the {@code answer} field. {@code test} names a field of Python
     * tests for programming problems without an answer (run against the teacher's code, as HumanEval's are, when code
     * execution is allowed), {@code entryPoint} ({@code entry_point}) the field naming the function they
     * {@code check(...)}; both {@code null} by default.
     */
    public record Fields(String id, String problem, String answer, String solution, List<String> metadata,
                         @JsonProperty("answer_from") String answerFrom, String test,
                         @JsonProperty("entry_point") String entryPoint) {
        /** The one value {@code answer_from} takes. */
        public static final String SOLUTION_BOXED = "solution-boxed";

        public Fields {
            if (problem == null || problem.isBlank()) throw new IllegalArgumentException("fields.problem is required");
            metadata = metadata == null ? List.of() : List.copyOf(metadata);
            if (answerFrom != null) {
                if (!answerFrom.equals(SOLUTION_BOXED)) {
                    throw new IllegalArgumentException("fields.answer_from must be \"" + SOLUTION_BOXED + "\" or null, got \""
                            + answerFrom + "\"");
                }
                if (solution == null) throw new IllegalArgumentException("fields.answer_from needs fields.solution");
                if (answer != null) throw new IllegalArgumentException("set fields.answer or fields.answer_from, not both");
            }
            if (entryPoint != null && test == null) throw new IllegalArgumentException("fields.entry_point needs fields.test");
        }

        /** Without {@code answer_from} or tests. */
        public Fields(String id, String problem, String answer, String solution, List<String> metadata) {
            this(id, problem, answer, solution, metadata, null, null, null);
        }

        /** Without tests. */
        public Fields(String id, String problem, String answer, String solution, List<String> metadata, String answerFrom) {
            this(id, problem, answer, solution, metadata, answerFrom, null, null);
        }

        /** Whether a reference answer can come out of a record: an answer field, or the solution's {@code \boxed{}}. */
        public boolean mapsAnAnswer() {
            return answer != null || answerFrom != null;
        }
    }

    /**
     * Rows to leave out, each reported: {@code non_empty} lists mapped roles ({@code answer}, {@code solution}) or
     * source fields that must be present and non-blank.
     */
    public record Filters(@JsonProperty("non_empty") List<String> nonEmpty) {
        public Filters {
            nonEmpty = nonEmpty == null ? List.of() : List.copyOf(nonEmpty);
        }
    }

    public PoolManifest {
        if (source == null || !source.matches("[a-z0-9-]+")) throw new IllegalArgumentException("source must be [a-z0-9-]+: " + source);
        if (files == null || files.isEmpty()) throw new IllegalArgumentException("pool " + source + " lists no files");
        if (fields == null) throw new IllegalArgumentException("pool " + source + " has no field mapping");
        if (format != null && !FORMATS.contains(format)) throw new IllegalArgumentException("format must be one of " + FORMATS + ": " + format);
        files = List.copyOf(files);
        filters = filters == null ? new Filters(List.of()) : filters;
    }

    /** A manifest built in code (tests, notebooks): files as given, format by extension, no filters. */
    public static PoolManifest of(String source, List<Path> files, Fields fields) {
        return new PoolManifest(source, null, null, files.stream().map(Path::toString).toList(), null, fields, null);
    }

    /** The format of {@code file}: the declared one, else from its extension ({@code .jsonl[.gz]}, {@code .csv}, {@code .parquet}). */
    public String formatOf(Path file) {
        if (format != null) return format;
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) n = n.substring(0, n.length() - 3);
        if (n.endsWith(".jsonl") || n.endsWith(".json")) return "jsonl";
        if (n.endsWith(".csv")) return "csv";
        if (n.endsWith(".parquet")) return "parquet";
        throw new DataFileException(file, 0, "cannot tell the format from the extension; set \"format\" in the pool manifest");
    }

    /** Reads a manifest; an unknown key or a bad value is a {@link DataFileException} naming the line. */
    public static PoolManifest read(Path file) {
        try {
            return JSON.readValue(JsonLines.text(file), PoolManifest.class);
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String message = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw new DataFileException(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "bad pool manifest: " + message);
        } catch (IOException e) {
            throw new DataFileException(file, 0, "bad pool manifest: " + e.getMessage());
        }
    }
}
