package org.reasonbridge.eval.benchmarks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import org.reasonbridge.data.DataFileException;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.eval.Fewshot;
import org.reasonbridge.data.Problem;
import org.reasonbridge.grading.Grader;
import org.reasonbridge.model.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * BIG-Bench Hard ({@code bbh/<task>.json}): one JSON file per task, {@code {"examples": [{"input", "target"}, ...]}};
 * the task is the file name without {@code .json}. Given a folder, every {@code *.json} in it is loaded in name
 * order. Ids are {@code <task>-} and a digest of the example's input and target (content, not position); graded by
 * {@link Grader#EXACT}; the task is each problem's {@code task} field, which the results break down by. Errors name the line where the bad example
 * starts (the file is read as a stream, so locations survive).
 */
public final class BbhLoader {
    private BbhLoader() {
    }

    public static Benchmark load(Path fileOrFolder) {
        List<Problem> out = new ArrayList<>();
        if (Files.isDirectory(fileOrFolder)) {
            try (Stream<Path> files = Files.list(fileOrFolder)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                    out.addAll(task(f));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(fileOrFolder + ": cannot list", e);
            }
            if (out.isEmpty()) throw new DataFileException(fileOrFolder, 0, "no BBH task files (*.json)");
        } else {
            out.addAll(task(fileOrFolder));
        }
        return new Benchmark("bbh", Grader.EXACT, out, fewshot(Files.isDirectory(fileOrFolder) ? fileOrFolder
                : fileOrFolder.toAbsolutePath().getParent()));
    }

    /**
     * The chain-of-thought prompts BBH publishes beside its tasks ({@code cot-prompts/<task>.txt}, in the task folder
     * or next to it): after the canary line {@code -----}, the task's description, then three {@code Q: ... A: Let's
     * think step by step. ...} examples separated by blank lines (as lm-evaluation-harness's {@code bbh_cot_fewshot}
     * reads them). No such folder: no examples.
     */
    static Fewshot fewshot(Path folder) {
        Path dir = folder.resolve("cot-prompts");
        if (!Files.isDirectory(dir) && folder.getParent() != null) dir = folder.getParent().resolve("cot-prompts");
        if (!Files.isDirectory(dir)) return Fewshot.NONE;
        Map<String, Fewshot.Context> tasks = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList()) {
                tasks.put(f.getFileName().toString().replaceFirst("\\.txt$", ""), cotPrompt(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list", e);
        }
        return new Fewshot("bbh cot-prompts (" + dir.toAbsolutePath().normalize() + ")", "task", tasks);
    }

    static Fewshot.Context cotPrompt(Path file) {
        String text = JsonLines.text(file).replace("\r\n", "\n");
        int canary = text.lastIndexOf("-----\n");
        if (canary >= 0) text = text.substring(canary + 6);
        String[] blocks = text.strip().split("\n\n");
        List<Fewshot.Shot> shots = new ArrayList<>();
        for (int i = 1; i < blocks.length; i++) {
            if (!blocks[i].startsWith("Q: ") || !blocks[i].contains("\nA: ")) {
                throw new DataFileException(file, 0, "example " + i + " is not 'Q: ...' then 'A: ...'");
            }
            shots.add(new Fewshot.Shot(blocks[i].strip()));
        }
        if (shots.isEmpty()) throw new DataFileException(file, 0, "no examples after the task description");
        return new Fewshot.Context(blocks[0].strip() + "\n\n", shots);
    }

    static List<Problem> task(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        List<Problem> out = new ArrayList<>();
        try (JsonParser p = JsonLines.JSON.createParser(JsonLines.text(file))) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new DataFileException(file, line(p), "not a JSON object");
            boolean found = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!field.equals("examples")) {
                    p.skipChildren();
                    continue;
                }
                found = true;
                if (value != JsonToken.START_ARRAY) throw new DataFileException(file, line(p), "'examples' must be a list");
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    long at = line(p);
                    JsonNode example = Json.streamed().readTree(p);
                    if (example == null || !example.isObject()) throw new DataFileException(file, at, "an example must be a JSON object");
                    Fields f = new Fields(file, at, example);
                    Map<String, String> meta = new LinkedHashMap<>(f.rest("input", "target"));
                    meta.put("task", name);
                    String input = f.required("input"), target = f.required("target");
                    out.add(new Problem(Rows.contentId(name, input, target), input, target, List.of(), meta));
                }
            }
            if (!found) throw new DataFileException(file, 1, "missing field 'examples'");
        } catch (JsonProcessingException e) {
            throw new DataFileException(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read", e);
        }
        if (out.isEmpty()) throw new DataFileException(file, 1, "no examples");
        return out;
    }

    private static long line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}
