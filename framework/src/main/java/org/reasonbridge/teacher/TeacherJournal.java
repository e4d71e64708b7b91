package org.reasonbridge.teacher;

import org.reasonbridge.data.DataFileException;
import org.reasonbridge.data.Fingerprint;
import org.reasonbridge.data.JournalFile;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The crash-safe record of a teacher run, one JSON object per line, each written and fsynced before the step it
 * records may happen or count:
 * <pre>
 * {"kind":"request","request_id":"p7#2","problem_id":"p7","attempt":2,"teacher":"anthropic:..."}   before sending
 * {"kind":"error","request_id":"p7#2","problem_id":"p7","reason":"POST /v1/messages: HTTP 529: ..."}
 * {"kind":"response","request_id":"p7#2","problem_id":"p7","prompt_hash":"9f2c...","trace":{...}}  before it counts
 * {"kind":"failed","problem_id":"p7","prompt_hash":"9f2c...","reason":"after 5 attempt(s): ..."}     final failure
 * {"kind":"prompt","prompt_id":"41ab...","instructions":"While you think, label ..."}                the run's prompt
 * </pre>
 * The prompt hash ties an outcome to the text the teacher was asked (the problem and the run's {@link TeacherPrompt}):
 * an outcome for a problem whose text or prompt has changed since does not count for it (journals from before the
 * hash count for any text). A run records its prompt's instructions once, before its first request.
 * A crash can only tear the last line (it lacks its newline); reopening drops that tail. Request ids number a
 * problem's requests across restarts, so an id is never reused. Never holds an API key: nothing here sees one.
 * The file mechanics (one write and an fsync per record, torn tails) are {@link JournalFile}'s.
 */
public final class TeacherJournal implements AutoCloseable {
    /**
     * What a journal says about each problem.
     *
     * @param promptHashes the {@link #promptHash} of the text each done or failed outcome answered (absent in old journals)
     */
    public record State(Map<String, Trace> done, Map<String, String> failed, Map<String, Integer> requests,
                        Map<String, String> promptHashes, java.util.Set<String> prompts) {
        public State {
            done = Map.copyOf(done);
            failed = Map.copyOf(failed);
            requests = Map.copyOf(requests);
            promptHashes = Map.copyOf(promptHashes);
            prompts = java.util.Set.copyOf(prompts);
        }

        /** Whether the journaled outcome for {@code problem} (if any) answered its present text under {@code prompt}. */
        public boolean current(Problem problem, TeacherPrompt prompt) {
            String h = promptHashes.get(problem.id());
            return h == null || h.equals(promptHash(problem, prompt));
        }

        /** Whether the journal already records {@code prompt} ({@link TeacherPrompt#NONE} needs no record). */
        public boolean records(TeacherPrompt prompt) {
            return prompt.instructions().isEmpty() || prompts.contains(prompt.fingerprint());
        }
    }

    /** A short fingerprint of what the teacher is asked for {@code p} under {@code prompt} ({@link TeacherPrompt#render}). */
    public static String promptHash(Problem p, TeacherPrompt prompt) {
        return Fingerprint.of(prompt.render(p));
    }

    private final JournalFile journal;

    private TeacherJournal(JournalFile journal) {
        this.journal = journal;
    }

    /** Opens {@code file} for appending, first cutting off a torn last line so the next record starts clean. */
    public static TeacherJournal open(Path file) {
        return new TeacherJournal(JournalFile.open(file));
    }

    /** Reads a journal (absent = empty); a torn last line is ignored, any other bad line is an error. */
    public static State read(Path file) {
        Map<String, Trace> done = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        Map<String, Integer> requests = new HashMap<>();
        Map<String, String> hashes = new HashMap<>();
        java.util.Set<String> prompts = new java.util.HashSet<>();
        JournalFile.forEach(file, row -> {
            JsonNode r = row.object();
            try {
                String id = r.path("problem_id").asText();
                switch (r.path("kind").asText()) {
                    case "request" -> requests.merge(id, 1, Integer::sum);
                    case "response" -> {
                        done.put(id, JsonLines.JSON.treeToValue(r.get("trace"), Trace.class));
                        failed.remove(id);
                        hash(hashes, id, r);
                    }
                    case "failed" -> {
                        failed.put(id, r.path("reason").asText());
                        done.remove(id);
                        hash(hashes, id, r);
                    }
                    case "error" -> { }
                    case "prompt" -> prompts.add(r.path("prompt_id").asText());
                    default -> throw new DataFileException(file, row.number(), "unknown journal record " + r.path("kind"));
                }
            } catch (JsonProcessingException | IllegalArgumentException e) {
                if (e instanceof DataFileException d) throw d;
                throw new DataFileException(file, row.number(), "bad journal line: " + e.getMessage());
            }
        });
        return new State(done, failed, requests, hashes, prompts);
    }

    private static void hash(Map<String, String> hashes, String id, JsonNode record) {
        if (record.hasNonNull("prompt_hash")) hashes.put(id, record.get("prompt_hash").asText());
        else hashes.remove(id);
    }

    public void request(String requestId, String problemId, int attempt, String teacher) {
        ObjectNode r = record("request", requestId, problemId);
        r.put("attempt", attempt).put("teacher", teacher);
        journal.append(r);
    }

    public void error(String requestId, String problemId, String reason) {
        journal.append(record("error", requestId, problemId).put("reason", reason));
    }

    /** The run's prompt, before its first request. */
    public void prompt(TeacherPrompt prompt) {
        journal.append(JsonLines.JSON.createObjectNode().put("kind", "prompt").put("prompt_id", prompt.fingerprint())
                .put("instructions", prompt.instructions()));
    }

    /** The teacher's answer to {@code problem} asked with {@code prompt}, before it counts. */
    public void response(String requestId, Problem problem, TeacherPrompt prompt, Trace trace) {
        ObjectNode r = record("response", requestId, trace.problemId()).put("prompt_hash", promptHash(problem, prompt));
        r.set("trace", JsonLines.JSON.valueToTree(trace));
        journal.append(r);
    }

    public void failed(Problem problem, TeacherPrompt prompt, String reason) {
        journal.append(record("failed", null, problem.id()).put("prompt_hash", promptHash(problem, prompt)).put("reason", reason));
    }

    public Path file() {
        return journal.file();
    }

    private static ObjectNode record(String kind, String requestId, String problemId) {
        ObjectNode r = JsonLines.JSON.createObjectNode().put("kind", kind);
        if (requestId != null) r.put("request_id", requestId);
        return r.put("problem_id", problemId);
    }

    @Override
    public void close() {
        journal.close();
    }
}
