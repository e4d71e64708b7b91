package org.reasonbridge.eval;

import org.reasonbridge.data.Fingerprint;
import org.reasonbridge.data.Problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.reasonbridge.grading.Grader;
import org.reasonbridge.model.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runner's own simple format: JSON lines {@code {"id"?, "question" (or curate's "problem"), "answer",
 * "choices"?, ...}}, an id made from the content when a line has none; other scalar
 * fields become metadata (subject, level, HumanEval's prompt/test/entry_point). Graded as multiple choice when the
 * first line has choices, else as math. A bad line is reported with file and line.
 */
public final class JsonlBenchmark implements BenchmarkSource {
    private static final ObjectMapper JSON = Json.MAPPER;

    @Override
    public Benchmark load(String name, Path file) {
        List<Problem> problems = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            try {
                problems.add(problem(JSON.readTree(lines.get(i))));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        if (problems.isEmpty()) throw new IllegalArgumentException(file + ": no problems");
        return new Benchmark(name, problems.get(0).choices().isEmpty() ? Grader.MATH : Grader.MC, problems);
    }

    private static Problem problem(JsonNode o) {
        if (o == null || !o.isObject()) throw new IllegalArgumentException("not a JSON object");
        // curate writes "problem"; the runner's own format says "question"
        String q = o.hasNonNull("question") || !o.hasNonNull("problem") ? "question" : "problem";
        for (String f : List.of(q, "answer")) {
            if (!o.hasNonNull(f) || o.get(f).isContainerNode()) throw new IllegalArgumentException("missing or non-text \"" + f + "\"");
        }
        List<String> choices = new ArrayList<>();
        if (o.has("choices")) {
            if (!o.get("choices").isArray()) throw new IllegalArgumentException("\"choices\" must be an array");
            o.get("choices").forEach(c -> choices.add(c.asText()));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> {
            if (!List.of("id", q, "answer", "choices").contains(e.getKey()) && e.getValue().isValueNode()) {
                metadata.put(e.getKey(), e.getValue().asText());
            }
        });
        String question = o.get(q).asText(), answer = o.get("answer").asText();
        // a line without an id is named by its content, never by its position
        List<String> parts = new ArrayList<>(List.of(question, answer));
        parts.addAll(choices);
        String id = o.hasNonNull("id") ? o.get("id").asText() : "jsonl-" + Fingerprint.of(parts.toArray(String[]::new));
        return new Problem(id, question, answer, choices, metadata);
    }
}
