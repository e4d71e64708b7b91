package org.reasonbridge.teacher;

import org.reasonbridge.data.DataFileException;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.data.Trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The crash-safe record of a teacher run, one JSON object per line, each written and fsynced before the step it
 * records may happen or count:
 * <pre>
 * {"kind":"request","request_id":"p7#2","problem_id":"p7","attempt":2,"teacher":"anthropic:..."}   before sending
 * {"kind":"error","request_id":"p7#2","problem_id":"p7","reason":"POST /v1/messages: HTTP 529: ..."}
 * {"kind":"response","request_id":"p7#2","problem_id":"p7","trace":{...}}                        before it counts
 * {"kind":"failed","problem_id":"p7","reason":"after 5 attempt(s): ..."}                         final failure
 * </pre>
 * A crash can only tear the last line (it lacks its newline); reopening drops that tail. Request ids number a
 * problem's requests across restarts, so an id is never reused. Never holds an API key: nothing here sees one.
 */
public final class TeacherJournal implements AutoCloseable {
    /** What a journal says about each problem. */
    public record State(Map<String, Trace> done, Map<String, String> failed, Map<String, Integer> requests) {
        public State {
            done = Map.copyOf(done);
            failed = Map.copyOf(failed);
            requests = Map.copyOf(requests);
        }
    }

    private final Path file;
    private final FileChannel channel;

    private TeacherJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens {@code file} for appending, first cutting off a torn last line so the next record starts clean. */
    public static TeacherJournal open(Path file) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            ch.truncate(completeLength(Files.readAllBytes(file)));
            ch.position(ch.size());
            ch.force(true);
            return new TeacherJournal(file, ch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal " + file, e);
        }
    }

    /** Reads a journal (absent = empty); a torn last line is ignored, any other bad line is an error. */
    public static State read(Path file) {
        Map<String, Trace> done = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        Map<String, Integer> requests = new HashMap<>();
        if (!Files.exists(file)) return new State(done, failed, requests);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal " + file, e);
        }
        String text = new String(bytes, 0, completeLength(bytes), StandardCharsets.UTF_8);
        long number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isBlank()) continue;
            JsonNode r;
            try {
                r = JsonLines.JSON.readTree(line);
                String id = r.path("problem_id").asText();
                switch (r.path("kind").asText()) {
                    case "request" -> requests.merge(id, 1, Integer::sum);
                    case "response" -> {
                        done.put(id, JsonLines.JSON.treeToValue(r.get("trace"), Trace.class));
                        failed.remove(id);
                    }
                    case "failed" -> failed.put(id, r.path("reason").asText());
                    case "error" -> { }
                    default -> throw new DataFileException(file, number, "unknown journal record " + r.path("kind"));
                }
            } catch (JsonProcessingException | IllegalArgumentException e) {
                if (e instanceof DataFileException d) throw d;
                throw new DataFileException(file, number, "bad journal line: " + e.getMessage());
            }
        }
        return new State(done, failed, requests);
    }

    public void request(String requestId, String problemId, int attempt, String teacher) {
        ObjectNode r = record("request", requestId, problemId);
        r.put("attempt", attempt).put("teacher", teacher);
        append(r);
    }

    public void error(String requestId, String problemId, String reason) {
        append(record("error", requestId, problemId).put("reason", reason));
    }

    public void response(String requestId, Trace trace) {
        ObjectNode r = record("response", requestId, trace.problemId());
        r.set("trace", JsonLines.JSON.valueToTree(trace));
        append(r);
    }

    public void failed(String problemId, String reason) {
        append(record("failed", null, problemId).put("reason", reason));
    }

    public Path file() {
        return file;
    }

    private static ObjectNode record(String kind, String requestId, String problemId) {
        ObjectNode r = JsonLines.JSON.createObjectNode().put("kind", kind);
        if (requestId != null) r.put("request_id", requestId);
        return r.put("problem_id", problemId);
    }

    /** One write of the whole line, then fsync: a record is either complete on disk or a torn tail. */
    private synchronized void append(ObjectNode record) {
        try {
            ByteBuffer buf = ByteBuffer.wrap((JsonLines.JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) channel.write(buf);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write journal " + file, e);
        }
    }

    /** The length up to and including the last newline. */
    private static int completeLength(byte[] bytes) {
        int n = bytes.length;
        while (n > 0 && bytes[n - 1] != '\n') n--;
        return n;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close journal " + file, e);
        }
    }
}
