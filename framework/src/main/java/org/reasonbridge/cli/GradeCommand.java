package org.reasonbridge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reasonbridge.grading.AnswerExtractor;
import org.reasonbridge.grading.Extraction;
import org.reasonbridge.grading.Grader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code grade --pairs FILE}: each JSON line {@code {"pred": ..., "gold": ...}} comes back with {@code "verdict"}
 * added (and {@code "extracted"} when pred was a completion with a recognisable answer); other fields and the
 * line order are kept. A bad line stops the run with its file and line number.
 */
@Command(name = "grade", mixinStandardHelpOptions = true,
        description = {"Grades JSON lines {\"pred\": ..., \"gold\": ...} and adds \"verdict\": true|false.",
                "For --kind mc a line may carry \"choices\": [...] (options in letter order)."})
final class GradeCommand implements Callable<Integer> {
    @Option(names = "--pairs", required = true, paramLabel = "FILE", description = "JSON lines with pred and gold.")
    Path pairs;
    @Option(names = "--out", paramLabel = "FILE", description = "Where to write (default: standard output).")
    Path out;
    @Option(names = "--kind", paramLabel = "math|mc|exact", defaultValue = "math", description = "Default: ${DEFAULT-VALUE}.")
    String kind;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() throws IOException {
        Grader grader = Grader.of(kind);
        AnswerExtractor extractor = new AnswerExtractor();
        Writer writer = out == null
                ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        int right = 0, total = 0;
        try (BufferedReader reader = Files.newBufferedReader(pairs, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) continue;
                ObjectNode row = parse(line, lineNo);
                String pred = text(row, "pred", lineNo), gold = text(row, "gold", lineNo);
                Optional<Extraction> extracted = grader == Grader.MC ? Optional.empty() : extractor.extract(pred);
                boolean verdict = grader.grade(pred, gold, choices(row, lineNo));
                extracted.ifPresent(e -> row.put("extracted", e.answer()));
                row.put("verdict", verdict);
                writer.write(JSON.writeValueAsString(row));
                writer.write('\n');
                total++;
                if (verdict) right++;
            }
        } finally {
            if (out == null) writer.flush();
            else writer.close();
        }
        System.err.printf("graded %d pairs: %d right (%.1f%%)%n", total, right, total == 0 ? 0.0 : 100.0 * right / total);
        return 0;
    }

    private ObjectNode parse(String line, int lineNo) {
        try {
            JsonNode node = JSON.readTree(line);
            if (node instanceof ObjectNode object) return object;
            throw bad(lineNo, "not a JSON object");
        } catch (JsonProcessingException e) {
            throw bad(lineNo, "bad JSON: " + e.getOriginalMessage());
        }
    }

    private String text(ObjectNode row, String field, int lineNo) {
        JsonNode value = row.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) throw bad(lineNo, "missing or non-scalar \"" + field + "\"");
        return value.asText();
    }

    private List<String> choices(ObjectNode row, int lineNo) {
        JsonNode c = row.get("choices");
        if (c == null) return List.of();
        if (!c.isArray()) throw bad(lineNo, "\"choices\" must be an array");
        List<String> out = new ArrayList<>();
        c.forEach(x -> out.add(x.asText()));
        return out;
    }

    private IllegalArgumentException bad(int lineNo, String why) {
        return new IllegalArgumentException(pairs + ":" + lineNo + ": " + why);
    }
}
