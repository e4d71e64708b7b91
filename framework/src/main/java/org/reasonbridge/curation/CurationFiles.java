package org.reasonbridge.curation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reasonbridge.data.DataFileException;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;
import org.reasonbridge.teacher.TeacherOutcome;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON shapes of the curation files and their readers, so a stage can start from the files an earlier run
 * left. Writers go through a temporary file and a move, so a reader never sees half a file; readers are strict and
 * name the file and line of anything they cannot take back.
 */
public final class CurationFiles {
    /** Map entries sorted by key: details often come from {@code Map.of}, whose order changes from JVM to JVM. */
    static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    /** The pool stage's decisions (every record it dropped, and why). */
    public static final String POOL_AUDIT = "pool-audit.jsonl";
    public static final String TEACHER_JOURNAL = "teacher-journal.jsonl";
    /** The journal of a teacher's domain classifications ({@code curate --domains teacher}). */
    public static final String DOMAIN_JOURNAL = "domain-journal.jsonl";
    public static final String AUDIT = "audit.jsonl";
    public static final String SUMMARY = "summary.csv";
    public static final String DOMAINS = "domains.csv";

    private CurationFiles() {
    }

    // ---- problems (pool.jsonl)

    static String problemJson(Problem p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", p.id());
        o.put("problem", p.question());
        o.put("answer", p.answer());
        if (!p.choices().isEmpty()) o.set("choices", JSON.valueToTree(p.choices()));
        o.set("provenance", JSON.valueToTree(p.metadata()));
        return o.toString();
    }

    /** The problems of a {@code pool.jsonl}, in order. */
    public static List<Problem> readProblems(Path file) {
        return read(file, o -> new Problem(text(o, "id"), text(o, "problem"), text(o, "answer"),
                JSON.convertValue(o.path("choices").isMissingNode() ? JSON.createArrayNode() : o.get("choices"),
                        new TypeReference<List<String>>() { }),
                JSON.convertValue(o.path("provenance").isObject() ? o.get("provenance") : JSON.createObjectNode(),
                        new TypeReference<LinkedHashMap<String, String>>() { })));
    }

    // ---- teacher outcomes (traces.jsonl, written by TeacherOutcome.write)

    /** The outcomes of a {@code traces.jsonl}, in order, marked as resumed. */
    public static List<TeacherOutcome> readOutcomes(Path file) {
        return read(file, o -> switch (text(o, "status")) {
            case "done" -> new TeacherOutcome(text(o, "problem_id"), treeTo(o.get("trace"), Trace.class), null, 0, true);
            case "failed" -> new TeacherOutcome(text(o, "problem_id"), null, text(o, "reason"), 0, true);
            default -> throw new IllegalArgumentException("status must be done or failed, got " + o.get("status"));
        });
    }

    // ---- decisions (pool-audit.jsonl, quality.jsonl, audit.jsonl)

    static String decisionJson(Decision d) {
        return decisionTree(d).toString();
    }

    /** A decision as JSON: id, stage, kept, reason, details (map keys sorted). */
    public static ObjectNode decisionTree(Decision d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", d.problemId());
        o.put("stage", d.stage());
        o.put("kept", d.kept());
        o.put("reason", d.reason());
        o.set("details", JSON.valueToTree(d.details()));
        return o;
    }

    /** A decision read back from {@link #decisionTree}'s shape. */
    public static Decision decision(JsonNode o) {
        if (!o.path("kept").isBoolean()) throw new IllegalArgumentException("'kept' must be true or false");
        Map<String, Object> details = JSON.convertValue(o.path("details").isObject() ? o.get("details") : JSON.createObjectNode(),
                new TypeReference<LinkedHashMap<String, Object>>() { });
        return new Decision(text(o, "id"), text(o, "stage"), o.get("kept").asBoolean(), text(o, "reason"), details);
    }

    /** The decisions of a decisions file, in order. */
    public static List<Decision> readDecisions(Path file) {
        return read(file, CurationFiles::decision);
    }

    public static void writeDecisions(Path file, List<Decision> decisions) {
        writeLines(file, decisions.stream().map(CurationFiles::decisionJson));
    }

    // ---- examples (reason1k.jsonl and the ablations; ExampleReader reads them for training)

    static String exampleJson(Candidate c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", c.problem().id());
        o.put("problem", c.problem().question());
        o.put("trace", c.trace().thinking());
        o.put("solution", c.trace().response());
        o.put("answer", c.problem().answer());
        o.put("domain", c.domain().code());
        o.put("teacher", c.trace().teacher());
        o.set("provenance", JSON.valueToTree(c.problem().metadata()));
        return o.toString();
    }

    // ---- plumbing

    /** Writes the lines atomically, one at a time ({@link JsonLines#write}): a whole filtered pool is large. */
    static void writeLines(Path file, java.util.stream.Stream<String> lines) {
        JsonLines.write(file, lines::iterator);
    }

    /** Every object of {@code file} through {@code parse}; anything unreadable is an error naming the file and line. */
    static <T> List<T> read(Path file, Function<JsonNode, T> parse) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": missing; run the stage that writes it first (see curate --from)");
        }
        List<T> out = new ArrayList<>();
        JsonLines.objects(file, e -> {
            throw e;
        }, row -> { // one line at a time: traces.jsonl of a whole pool is large
            try {
                out.add(parse.apply(row.object()));
            } catch (IllegalArgumentException e) {
                if (e instanceof DataFileException d) throw d;
                throw new DataFileException(file, row.number(), e.getMessage());
            }
        });
        return out;
    }

    static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("'" + field + "' must be a string");
        return v.asText();
    }

    private static <T> T treeTo(JsonNode node, Class<T> type) {
        if (node == null || !node.isObject()) throw new IllegalArgumentException("'trace' must be an object");
        try {
            return JSON.treeToValue(node, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("bad trace: " + e.getOriginalMessage());
        }
    }
}
