package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reasonbridge.data.AtomicFiles;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.inference.Assessment;
import org.reasonbridge.inference.Evidence;
import org.reasonbridge.inference.ReasoningState;
import org.reasonbridge.inference.StateDetector;
import org.reasonbridge.levels.LevelSpan;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.levels.SegmentedTrace;
import org.reasonbridge.levels.TagSegmenter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code analyze --traces FILE --out FILE}: the judgements the method makes about each trace, made visible. Every
 * JSON line with a {@code trace} (the training format {@code {problem, trace, solution}}, or any object with one)
 * comes back as one line with the trace's units (offsets, level, and the rule or tag that decided it) and its
 * reasoning state with the evidence behind it. A bad line stops the run naming its file and line, and {@code --out}
 * is written atomically, so a run that stops leaves the previous output as it was.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Shows the level of every unit of each trace (and the rule or tag that decided it) and the",
                "trace's reasoning state (complete, partial, uncertain, unverified) with its evidence."})
final class AnalyzeCommand implements Callable<Integer> {
    private static final String DEFAULT_PROBLEM_FIELD = "problem";

    @Option(names = "--traces", required = true, paramLabel = "FILE",
            description = "JSON lines with a \"trace\" field (e.g. the training format {problem, trace, solution}).")
    Path traces;
    @Option(names = "--problem-field", paramLabel = "F",
            description = "The field holding the problem text, used to find givens the trace never uses (default: "
                    + DEFAULT_PROBLEM_FIELD + "; a line without it is analysed without a problem).")
    String problemField;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the analysis (JSON lines).")
    Path out;

    @Override
    public Integer call() {
        AtomicFiles.refuseSame(traces, "--traces", out, "--out");
        if (!Files.isRegularFile(traces)) {
            throw new IllegalArgumentException("--traces " + traces + ": " + (Files.isDirectory(traces)
                    ? "is a directory; give a JSON Lines file" : "no such file"));
        }
        StateDetector detector = new StateDetector();
        TagSegmenter segmenter = TagSegmenter.create();
        Map<ReasoningState, Integer> states = new EnumMap<>(ReasoningState.class);
        int[] count = new int[1];
        AtomicFiles.writeText(out, writer -> JsonLines.objects(traces, bad -> {
            throw bad;
        }, row -> {
            ObjectNode analysis = analyse(row.object(), row.number(), segmenter, detector);
            states.merge(ReasoningState.valueOf(analysis.get("state").asText().toUpperCase(Locale.ROOT)), 1, Integer::sum);
            try {
                writer.write(JsonLines.JSON.writeValueAsString(analysis));
                writer.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            count[0]++;
        }));
        System.err.println("analyzed " + count[0] + " traces into " + out + ": " + states.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT)).reduce((a, b) -> a + ", " + b)
                .orElse("none"));
        return 0;
    }

    private ObjectNode analyse(JsonNode row, long line, TagSegmenter segmenter, StateDetector detector) {
        String trace = text(row, "trace", line, true);
        String field = problemField == null ? DEFAULT_PROBLEM_FIELD : problemField;
        String problem = text(row, field, line, problemField != null);
        SegmentedTrace segmented;
        try {
            segmented = segmenter.segment(null, trace);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw bad(line, "level tags in \"trace\", " + e.getMessage());
        }
        String thinking = segmented.text();
        Assessment assessment = detector.assess(thinking, problem);

        ObjectNode o = JsonLines.JSON.createObjectNode();
        o.put("line", line);
        o.put("id", row.hasNonNull("id") ? row.get("id").asText() : "line-" + line);
        // level tags are stripped before anything is read: the offsets below are those of this text
        if (!thinking.equals(trace)) o.put("analysed_trace", thinking);
        ArrayNode units = o.putArray("units");
        Map<ReasoningLevel, Integer> chars = new EnumMap<>(ReasoningLevel.class);
        for (LevelSpan span : segmented.spans()) {
            // a span runs on to the next unit; the unit itself is the span without its whitespace
            int[] core = {span.start(), span.end()};
            while (core[0] < core[1] && Character.isWhitespace(thinking.charAt(core[0]))) core[0]++;
            while (core[1] > core[0] && Character.isWhitespace(thinking.charAt(core[1] - 1))) core[1]--;
            if (core[0] == core[1]) continue;
            ObjectNode u = units.addObject();
            u.put("start", core[0]);
            u.put("end", core[1]);
            u.put("level", span.level().name().toLowerCase(Locale.ROOT));
            u.put("source", span.source());
            u.put("text", thinking.substring(core[0], core[1]));
            chars.merge(span.level(), core[1] - core[0], Integer::sum);
        }
        ObjectNode levels = o.putObject("level_chars");
        chars.forEach((level, n) -> levels.put(level.name().toLowerCase(Locale.ROOT), n));
        o.put("state", assessment.state().name().toLowerCase(Locale.ROOT));
        ArrayNode evidence = o.putArray("evidence");
        for (Evidence e : assessment.evidence()) {
            ObjectNode v = evidence.addObject();
            v.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
            v.put("in", e.kind() == Evidence.Kind.UNADDRESSED_CONDITION ? field : "trace");
            v.put("start", e.start());
            v.put("end", e.end());
            v.put("text", e.text());
            v.put("explanation", e.explanation());
        }
        return o;
    }

    /** The string in {@code field}; null when it is absent and not {@code required}. */
    private String text(JsonNode row, String field, long line, boolean required) {
        JsonNode value = row.get(field);
        if (value == null || value.isNull()) {
            if (required) throw bad(line, "no \"" + field + "\" field");
            return null;
        }
        if (!value.isTextual()) throw bad(line, "\"" + field + "\" must be a string");
        return value.asText();
    }

    private IllegalArgumentException bad(long line, String why) {
        return new IllegalArgumentException(traces + ":" + line + ": " + why);
    }
}
