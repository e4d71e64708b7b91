package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reasonbridge.data.AtomicFiles;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.grading.AnswerExtractor;
import org.reasonbridge.grading.Extraction;
import org.reasonbridge.grading.Grader;
import org.reasonbridge.model.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code grade --pairs FILE}: each JSON line {@code {"pred": ..., "gold": ...}} comes back with {@code "verdict"}
 * added (and {@code "extracted"} when pred was a completion with a recognisable answer); other fields and the
 * line order are kept. A bad line (not UTF-8, not JSON, no pred) stops the run with its file and line number, and
 * {@code --out} is written atomically: a run that stops leaves the previous output as it was.
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

    private static final ObjectMapper JSON = Json.MAPPER;

    @Override
    public Integer call() throws IOException {
        Grader grader = Grader.of(kind);
        AtomicFiles.refuseSame(pairs, "--pairs", out, "--out");
        PathArgs.inputFile(pairs, "--pairs", "a JSON Lines file");
        if (out != null) PathArgs.outputFile(out, "--out");
        AnswerExtractor extractor = new AnswerExtractor();
        int[] counts = new int[2]; // total, right
        AtomicFiles.Text body = writer -> JsonLines.objects(pairs, bad -> {
            throw bad;
        }, row -> {
            ObjectNode o = (ObjectNode) row.object();
            long lineNo = row.number();
            String pred = text(o, "pred", lineNo), gold = text(o, "gold", lineNo);
            // what the math grader compares (Math-Verify's reading, also without a box); shown only when it was
            // pulled out of a longer completion
            Optional<Extraction> extracted = (grader == Grader.MC ? Optional.<Extraction>empty()
                    : grader == Grader.MATH ? extractor.extractLenient(pred) : extractor.extract(pred))
                    .filter(e -> !e.answer().equals(pred.strip()));
            boolean verdict = grader.grade(pred, gold, choices(o, lineNo));
            extracted.ifPresent(e -> o.put("extracted", e.answer()));
            o.put("verdict", verdict);
            try {
                writer.write(JSON.writeValueAsString(o));
                writer.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            counts[0]++;
            if (verdict) counts[1]++;
        });
        if (out == null) {
            // standard output cannot be replaced atomically; a bad line still stops before the rest is graded
            Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            body.write(w);
            w.flush();
        } else {
            AtomicFiles.writeText(out, body);
        }
        int total = counts[0], right = counts[1];
        System.err.printf("graded %d pairs: %d right (%.1f%%)%n", total, right, total == 0 ? 0.0 : 100.0 * right / total);
        return 0;
    }

    private String text(ObjectNode row, String field, long lineNo) {
        JsonNode value = row.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) throw bad(lineNo, "missing or non-scalar \"" + field + "\"");
        return value.asText();
    }

    private List<String> choices(ObjectNode row, long lineNo) {
        JsonNode c = row.get("choices");
        if (c == null) return List.of();
        if (!c.isArray()) throw bad(lineNo, "\"choices\" must be an array");
        List<String> out = new ArrayList<>();
        c.forEach(x -> out.add(x.asText()));
        return out;
    }

    private IllegalArgumentException bad(long lineNo, String why) {
        return new IllegalArgumentException(pairs + ":" + lineNo + ": " + why);
    }
}
