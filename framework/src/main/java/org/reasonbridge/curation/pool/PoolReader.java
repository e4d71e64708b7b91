package org.reasonbridge.curation.pool;

import org.reasonbridge.grading.AnswerExtractor;
import org.reasonbridge.grading.Extraction;

import org.reasonbridge.curation.audit.Decision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reasonbridge.data.Csv;
import org.reasonbridge.data.DataFileException;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.data.Parquet;
import org.reasonbridge.data.Problem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a pool manifest's files into {@link Problem}s: id {@code source:original_id}, the mapped problem and answer,
 * and metadata holding the solution, the kept fields and the provenance ({@code source}, {@code original_id},
 * {@code file}, {@code line}; for Parquet, {@code line} is the 1-based row). A malformed record (a line that is not
 * UTF-8 or not a JSON object, a missing or non-text mapped field, a repeated id, an unreadable file) is never
 * silently dropped: {@link Mode#SKIP_AND_REPORT} leaves it out with a {@code read} {@link Decision} naming
 * {@code file:line} and the reason; {@link Mode#STRICT} refuses the pool with a {@link DataFileException}.
 */
public final class PoolReader {
    /** What to do with a malformed record. */
    public enum Mode {
        /** Leave it out and report it (the default). */
        SKIP_AND_REPORT,
        /** Refuse the whole pool at the first one. */
        STRICT
    }

    private PoolReader() {
    }

    /** The pool of manifest {@code manifestFile}, skipping and reporting malformed records. */
    public static PoolResult read(Path manifestFile) {
        return read(manifestFile, Mode.SKIP_AND_REPORT);
    }

    /** The pool of manifest {@code manifestFile}; its files resolve against the manifest's folder. */
    public static PoolResult read(Path manifestFile, Mode mode) {
        Path dir = manifestFile.toAbsolutePath().getParent();
        return read(PoolManifest.read(manifestFile), dir, mode);
    }

    /** The pool of {@code manifest}, its relative file paths resolved against {@code dir}. */
    public static PoolResult read(PoolManifest manifest, Path dir, Mode mode) {
        requireFiles(manifest, dir);
        List<Problem> kept = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String name : manifest.files()) {
            Path file = dir.resolve(name);
            Consumer<DataFileException> malformed = e -> {
                if (mode == Mode.STRICT) throw e;
                decisions.add(PoolStage.READ.drop(e.file() + ":" + e.line(), e.problem(),
                        Map.of("source", manifest.source(), "file", name, "line", Long.toString(e.line()))));
            };
            List<JsonLines.Row> rows;
            try {
                rows = rows(manifest, file, malformed);
            } catch (DataFileException e) {
                malformed.accept(e); // the rest of this file cannot be read: reported once, at its line
                continue;
            }
            for (JsonLines.Row row : rows) {
                Problem p;
                try {
                    p = problem(manifest, name, row);
                } catch (DataFileException e) {
                    malformed.accept(new DataFileException(file, e.line(), e.problem()));
                    continue;
                }
                if (!ids.add(p.id())) {
                    malformed.accept(new DataFileException(file, row.number(), "duplicate id '" + p.id() + "'"));
                    continue;
                }
                String unmet = unmetFilter(manifest, row.object(), p);
                if (unmet != null) {
                    decisions.add(PoolStage.READ.drop(p.id(), "filter: empty " + unmet,
                            provenance(p)));
                    continue;
                }
                kept.add(p);
            }
        }
        return new PoolResult(kept, decisions);
    }

    /**
     * Refuses a pool whose files are not all there: a missing file is a download not made (the shipped manifests
     * point at {@code datasets/downloads/pools/}), not a malformed record, and a pool read without it is not the pool.
     */
    static void requireFiles(PoolManifest m, Path dir) {
        List<Path> missing = m.files().stream().map(dir::resolve).filter(f -> !Files.exists(f)).toList();
        if (missing.isEmpty()) return;
        String where = m.origin() != null && m.origin().url() != null ? " from " + m.origin().url() : "";
        throw new IllegalArgumentException(missing.get(0).normalize() + ": no such file (" + missing.size() + " of the " + m.files().size()
                + " files of pool '" + m.source() + "' are missing); download the pool" + where + " to "
                + (missing.size() == 1 ? "that path" : "those paths (" + missing.stream().map(p -> p.getFileName().toString()).toList() + ")")
                + ", or point \"files\" in its manifest at your copy");
    }

    /** The file's records as JSON objects (CSV: header names → cells, all text). */
    private static List<JsonLines.Row> rows(PoolManifest m, Path file, Consumer<DataFileException> malformed) {
        switch (m.formatOf(file)) {
            case "parquet":
                return Parquet.objects(file);
            case "csv": {
                List<Csv.Row> csv = Csv.read(file, malformed);
                List<JsonLines.Row> out = new ArrayList<>();
                if (csv.isEmpty()) return out;
                List<String> header = csv.get(0).cells();
                for (String f : mapped(m.fields())) {
                    if (!header.contains(f)) throw new DataFileException(file, csv.get(0).line(), "header has no column '" + f + "' (mapped in the manifest)");
                }
                for (Csv.Row r : csv.subList(1, csv.size())) {
                    if (r.cells().size() != header.size()) {
                        malformed.accept(new DataFileException(file, r.line(), r.cells().size() + " cells, header has " + header.size()));
                        continue;
                    }
                    ObjectNode o = JsonLines.JSON.createObjectNode();
                    for (int i = 0; i < header.size(); i++) o.put(header.get(i), r.cells().get(i));
                    out.add(new JsonLines.Row(r.line(), o));
                }
                return out;
            }
            default:
                return JsonLines.objects(file, malformed);
        }
    }

    private static List<String> mapped(PoolManifest.Fields f) {
        List<String> out = new ArrayList<>();
        for (String s : new String[]{f.id(), f.problem(), f.answer(), f.solution(), f.test(), f.entryPoint()}) if (s != null) out.add(s);
        return out;
    }

    private static final AnswerExtractor BOXED = new AnswerExtractor();

    private static Problem problem(PoolManifest m, String fileName, JsonLines.Row row) {
        PoolManifest.Fields f = m.fields();
        JsonNode o = row.object();
        String question = text(o, f.problem(), row, true);
        if (question.isBlank()) throw new DataFileException(null, row.number(), "empty field '" + f.problem() + "'");
        String originalId = f.id() == null ? position(m, fileName, row) : text(o, f.id(), row, true);
        if (originalId.isBlank()) throw new DataFileException(null, row.number(), "empty field '" + f.id() + "'");
        String answer = f.answer() == null ? "" : text(o, f.answer(), row, true);
        Map<String, String> meta = new LinkedHashMap<>();
        if (f.solution() != null) meta.put("solution", text(o, f.solution(), row, true));
        if (PoolManifest.Fields.SOLUTION_BOXED.equals(f.answerFrom())) {
            answer = BOXED.extractFromAnswer(meta.get("solution"))
                    .filter(e -> e.rule() == Extraction.Rule.BOXED).map(Extraction::answer).orElse("");
        }
        if (f.test() != null) meta.put("test", text(o, f.test(), row, true));
        if (f.entryPoint() != null) meta.put("entry_point", text(o, f.entryPoint(), row, true));
        for (String k : f.metadata()) {
            JsonNode v = o.get(k);
            if (v != null && !v.isNull()) meta.put(k, v.isValueNode() ? v.asText() : v.toString());
        }
        meta.put("source", m.source());
        meta.put("original_id", originalId);
        meta.put("file", fileName);
        meta.put("line", Long.toString(row.number()));
        return new Problem(m.source() + ":" + originalId, question, answer, List.of(), meta);
    }

    /**
     * The id of a record of a source without ids: {@code row-<line>}, prefixed by the file's name without extension
     * when the manifest lists several files (shards number their rows from 1 each).
     */
    private static String position(PoolManifest m, String fileName, JsonLines.Row row) {
        if (m.files().size() == 1) return "row-" + row.number();
        String name = Path.of(fileName).getFileName().toString().replaceFirst("(\\.[A-Za-z]+)+$", "");
        return name + "-row-" + row.number();
    }

    /** A mapped field as text: missing is malformed, JSON null is empty, numbers keep their digits, structures are malformed. */
    private static String text(JsonNode o, String key, JsonLines.Row row, boolean required) {
        JsonNode v = o.get(key);
        if (v == null) {
            if (required) throw new DataFileException(null, row.number(), "missing field '" + key + "'");
            return "";
        }
        if (v.isNull()) return "";
        if (v.isTextual() || v.isNumber() || v.isBoolean()) return v.asText();
        throw new DataFileException(null, row.number(), "field '" + key + "' must be text or a number, not " + v.getNodeType().toString().toLowerCase());
    }

    /** The first {@code non_empty} filter the record fails, or {@code null}. */
    private static String unmetFilter(PoolManifest m, JsonNode o, Problem p) {
        for (String k : m.filters().nonEmpty()) {
            String v = switch (k) {
                case "problem" -> p.question();
                case "answer" -> p.answer();
                case "solution" -> p.metadata().getOrDefault("solution", "");
                default -> o.hasNonNull(k) ? o.get(k).asText() : "";
            };
            if (v.isBlank()) return k;
        }
        return null;
    }

    private static Map<String, String> provenance(Problem p) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : List.of("source", "original_id", "file", "line")) out.put(k, p.metadata().get(k));
        return out;
    }
}
