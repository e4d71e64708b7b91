package org.reasonbridge.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.model.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The examples over {@code maxSequenceLength} that a run truncated or skipped ({@link OverLength}), as
 * {@code OUT/over-length.jsonl} and a one-line note at the start of training. The file is written whole on every
 * start of the run, from the data and the config alone, so a resumed run rewrites the same lines: none lost, none
 * repeated.
 */
public record OverLengthReport(List<Entry> entries) {
    public static final String FILE = "over-length.jsonl";
    /** Nothing over the limit. */
    public static final OverLengthReport NONE = new OverLengthReport(List.of());

    /**
     * One example over the limit: one line of the file.
     *
     * @param index  its place among the data file's examples, from 0
     * @param line   its line in the data file, when it came from one
     * @param id     its id (the reader's {@code line-N} when the file gave none)
     * @param tokens its length rendered whole
     * @param limit  {@code maxSequenceLength}
     * @param action {@code truncated} or {@code skipped}
     * @param reason what was cut, or why it was left out
     */
    public record Entry(int index, @JsonInclude(JsonInclude.Include.NON_NULL) Long line, String id, int tokens,
                        int limit, String action, String reason) {
    }

    public OverLengthReport {
        entries = List.copyOf(entries);
    }

    /**
     * Writes {@code outDir/over-length.jsonl} atomically, or removes one an earlier run left when nothing is over the
     * limit (it would describe other data or another config).
     */
    public void write(Path outDir) {
        Path file = outDir.resolve(FILE);
        if (entries.isEmpty()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": cannot remove an earlier run's list", e);
            }
            return;
        }
        List<String> lines = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            try {
                lines.add(Json.MAPPER.writeValueAsString(e));
            } catch (JsonProcessingException x) {
                throw new UncheckedIOException(x);
            }
        }
        JsonLines.write(file, lines);
    }

    /** "12 examples over maxSequenceLength 4096: 11 truncated, 1 skipped (OUT/over-length.jsonl)", when any is. */
    public Optional<String> note(Path outDir) {
        if (entries.isEmpty()) return Optional.empty();
        Map<String, Integer> byAction = new LinkedHashMap<>();
        byAction.put(ExampleEncoder.Result.Action.TRUNCATED.id(), 0);
        byAction.put(ExampleEncoder.Result.Action.SKIPPED.id(), 0);
        for (Entry e : entries) byAction.merge(e.action(), 1, Integer::sum);
        List<String> counts = new ArrayList<>();
        byAction.forEach((action, n) -> {
            if (n > 0) counts.add(n + " " + action);
        });
        int n = entries.size();
        return Optional.of(n + (n == 1 ? " example" : " examples") + " over maxSequenceLength " + entries.get(0).limit()
                + ": " + String.join(", ", counts) + " (" + outDir.resolve(FILE) + ")");
    }
}
