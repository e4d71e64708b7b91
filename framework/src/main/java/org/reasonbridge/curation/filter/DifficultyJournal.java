package org.reasonbridge.curation.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reasonbridge.curation.audit.Decision;
import org.reasonbridge.data.DataFileException;
import org.reasonbridge.data.Fingerprint;
import org.reasonbridge.data.JournalFile;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.data.Problem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The difficulty stage's file ({@code difficulty.jsonl}): solver attempts are slow or paid, so each problem's
 * decision is appended and fsynced as soon as it is made ({@link JournalFile}), and a later run reuses it instead of
 * asking the solvers again.
 * <pre>
 * {"kind":"header","filter":{"solvers":["0:local:3f9a...","1:endpoint:http://host:8000/v1@qwen"],"max_tokens":4096,"on_error":"exclude"}}
 * {"kind":"decision","problem_hash":"9f2c...","decision":{"id":"...","stage":"difficulty","kept":true,...}}
 * </pre>
 * A decision is reused only for the same problem text (the hash covers question, answer, choices and tests) under
 * the same filter (solvers by {@link SolverIdentity#key()}, token limit, error policy: the header); a {@code solver-error} decision is never reused, so a
 * rerun retries the problems an outage hit. A journal written under another filter is moved aside to
 * {@code difficulty.jsonl.prev} and a new one begun. The last decision for a problem wins.
 */
public final class DifficultyJournal implements AutoCloseable {
    private record Entry(String hash, Decision decision) {
    }

    private final JournalFile file;
    private final Map<String, Entry> entries;
    private final Path previous;

    private DifficultyJournal(JournalFile file, Map<String, Entry> entries, Path previous) {
        this.file = file;
        this.entries = entries;
        this.previous = previous;
    }

    /**
     * Opens {@code file} for the filter described by {@code identity} ({@link DifficultyFilter#identity()}): its
     * decisions become reusable if it was written under the same filter, else it is moved aside.
     */
    public static DifficultyJournal open(Path file, Map<String, Object> identity) {
        JsonNode wanted = JsonLines.JSON.valueToTree(identity);
        List<JsonLines.Row> rows = JournalFile.read(file);
        Path previous = null;
        Map<String, Entry> entries = new java.util.concurrent.ConcurrentHashMap<>(); // problems may be judged in parallel
        if (!rows.isEmpty() && !wanted.equals(header(file, rows).get("filter"))) {
            previous = file.resolveSibling(file.getFileName() + ".prev");
            try {
                Files.move(file, previous, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": cannot move aside", e);
            }
            rows = List.of();
        }
        entries.putAll(decisions(file, rows));
        JournalFile journal = JournalFile.open(file);
        if (rows.isEmpty()) {
            ObjectNode h = JsonLines.JSON.createObjectNode().put("kind", "header");
            h.set("filter", wanted);
            journal.append(h);
        }
        return new DifficultyJournal(journal, entries, previous);
    }

    /** Where an earlier journal under another filter was moved, if one was. */
    public Optional<Path> movedAside() {
        return Optional.ofNullable(previous);
    }

    /** The journaled decision for {@code problem}, unless there is none, its text changed, or it was a solver error. */
    public Optional<Decision> reusable(Problem problem) {
        Entry e = entries.get(problem.id());
        if (e == null || !e.hash().equals(hash(problem)) || "solver-error".equals(e.decision().reason())) return Optional.empty();
        return Optional.of(e.decision());
    }

    /** Records {@code decision} for {@code problem} on disk before it counts. */
    public void append(Problem problem, Decision decision) {
        ObjectNode r = JsonLines.JSON.createObjectNode().put("kind", "decision").put("problem_hash", hash(problem));
        r.set("decision", decision.toJson());
        file.append(r);
        entries.put(problem.id(), new Entry(hash(problem), decision));
    }

    /**
     * The journaled decisions for {@code problems}, in their order, without asking any solver (a rerun of the later
     * stages). A problem with no decision for its current text, or only a solver error, is an error naming it.
     */
    public static List<Decision> decisionsFor(Path file, List<Problem> problems) {
        List<JsonLines.Row> rows = JournalFile.read(file);
        if (rows.isEmpty()) throw new IllegalArgumentException(file + ": missing or empty; run the difficulty stage first");
        header(file, rows);
        Map<String, Entry> entries = decisions(file, rows);
        List<Decision> out = new ArrayList<>(problems.size());
        for (Problem p : problems) {
            Entry e = entries.get(p.id());
            if (e == null || !e.hash().equals(hash(p))) {
                throw new IllegalArgumentException(file + ": no decision for problem '" + p.id()
                        + (e == null ? "'" : "' as its text is now") + "; rerun the difficulty stage (curate --from difficulty)");
            }
            out.add(e.decision());
        }
        return out;
    }

    /** A short fingerprint of what the solvers were asked and graded on: question, reference answer, choices, tests. */
    static String hash(Problem p) {
        String choices = String.join("\u001f", p.choices());
        String test = p.metadata().get("test");
        return test == null ? Fingerprint.of(p.question(), p.answer(), choices)
                : Fingerprint.of(p.question(), p.answer(), choices, test, p.metadata().getOrDefault("entry_point", ""));
    }

    private static JsonNode header(Path file, List<JsonLines.Row> rows) {
        JsonNode h = rows.get(0).object();
        if (!"header".equals(h.path("kind").asText())) throw new DataFileException(file, rows.get(0).number(), "expected the header record first");
        return h;
    }

    private static Map<String, Entry> decisions(Path file, List<JsonLines.Row> rows) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (JsonLines.Row row : rows.subList(Math.min(1, rows.size()), rows.size())) {
            JsonNode r = row.object();
            try {
                if (!"decision".equals(r.path("kind").asText())) throw new IllegalArgumentException("unknown record " + r.path("kind"));
                Decision d = Decision.fromJson(r.path("decision"));
                out.put(d.problemId(), new Entry(r.path("problem_hash").asText(), d));
            } catch (IllegalArgumentException e) {
                if (e instanceof DataFileException d) throw d;
                throw new DataFileException(file, row.number(), e.getMessage());
            }
        }
        return out;
    }

    @Override
    public void close() {
        file.close();
    }
}
