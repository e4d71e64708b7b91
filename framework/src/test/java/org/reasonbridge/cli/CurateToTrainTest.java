package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.curation.Ablation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The arrows between the commands, each on the previous command's real output: {@code curate} (a teacher that thinks
 * inside {@code content}, with level tags that are valid, broken or absent) -> {@code train} on {@code reason1k.jsonl}
 * and every ablation -> {@code eval --benchmark jsonl} on {@code reason1k.jsonl} -> {@code sweep} on it. The tiny
 * random model is solver and student.
 */
class CurateToTrainTest extends CurateFixture {
    @Test
    void curatedFilesFeedTrainEvalAndSweep(@TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        Path out = tmp.resolve("out");
        thinkInContent = true;
        CliRun.Result curate = CliRun.run(args(in[0], in[1], out));
        assertEquals(0, curate.code(), curate.err());

        // the teacher was asked for level tags and a boxed answer
        String asked = teacherPrompts.get("p1");
        assertTrue(asked.startsWith("(Fake) This is problem number 1:") && asked.contains("<strategic>...</strategic>")
                && asked.contains("\\boxed{...}"), asked);
        assertTrue(Files.readString(out.resolve("teacher-journal.jsonl")).contains("\"kind\":\"prompt\""), "the prompt is journaled");

        // the label source of every traced problem, in the audit; the empty thinking dropped by quality
        Map<String, String> labels = new HashMap<>();
        String emptyThinking = null;
        for (String line : Files.readAllLines(out.resolve("audit.jsonl"))) {
            JsonNode d = JSON.readTree(line);
            if (d.get("stage").asText().equals("teacher")) labels.put(d.get("id").asText(), d.at("/details/level_labels").asText());
            if (d.get("id").asText().equals("fake:p4") && d.get("stage").asText().equals("quality")) emptyThinking = d.get("reason").asText();
        }
        assertEquals("empty-thinking", emptyThinking);
        assertEquals(PROBLEMS, labels.size());
        for (int n = 1; n <= PROBLEMS; n++) {
            String expected = n == 4 ? "rules" : n % 3 == 1 ? "teacher-tags" : n % 3 == 2 ? "rules-after-invalid-tags" : "rules";
            assertEquals(expected, labels.get("fake:p" + n), "p" + n);
        }
        assertTrue(Files.readString(out.resolve("audit.jsonl")).contains("\"tag_error\""), "why the tags were refused");
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertTrue(summary.contains("quality,24,19,5"), summary.toString()); // p4 (no thinking) and the wrong answers

        // reason1k: tags kept where valid, removed where broken, the source in the provenance
        for (String line : Files.readAllLines(out.resolve("reason1k.jsonl"))) {
            JsonNode e = JSON.readTree(line);
            int n = number(e);
            String source = e.at("/provenance/level_labels").asText();
            assertEquals(n % 3 == 1 ? "teacher-tags" : "rules-after-invalid-tags", source, line);
            assertEquals(n % 3 == 1, e.get("trace").asText().contains("<strategic>"), line);
            assertTrue(!e.get("trace").asText().contains("<think>") && e.get("solution").asText().contains("\\boxed"), line);
        }

        // train on every file curate wrote
        Path config = Files.writeString(tmp.resolve("train.json"), "{\"epochs\": 1, \"maxSteps\": 2, \"batchSize\": 2, "
                + "\"gradientAccumulation\": 1, \"checkpointEvery\": 100, \"learningRate\": 0.01, \"preset\": \"houlsby\"}");
        List<String> files = new ArrayList<>(List.of("reason1k.jsonl"));
        for (Ablation a : Ablation.values()) files.add(a.file());
        for (String f : files) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
            CliRun.Result train = CliRun.run("train", "--model", in[1].toString(), "--data", out.resolve(f).toString(),
                    "--config", config.toString(), "--out", tmp.resolve("train-" + f).toString());
            assertEquals(0, train.code(), f + ": " + train.err());
            assertTrue(Files.exists(tmp.resolve("train-" + f).resolve("adapter_model.safetensors")), f);
        }

        // evaluate on the curated set as a benchmark
        Path eval = tmp.resolve("eval");
        CliRun.Result evaluated = CliRun.run("eval", "--model", in[1].toString(), "--benchmark", "jsonl", "--data",
                out.resolve("reason1k.jsonl").toString(), "--max-tokens", "4", "--limit", "3", "--out", eval.toString());
        assertEquals(0, evaluated.code(), evaluated.err());
        assertEquals(3, Files.readAllLines(eval.resolve("samples.jsonl")).size());

        // and sweep over it
        Path sweep = tmp.resolve("sweep");
        CliRun.Result swept = CliRun.run("sweep", "--model", in[1].toString(), "--data", out.resolve("reason1k.jsonl").toString(),
                "--limit", "2", "--methods", "budget-forcing", "--interventions", "0", "--budgets", "4", "--answer-tokens", "4",
                "--out", sweep.toString());
        assertEquals(0, swept.code(), swept.err());
        assertTrue(Files.exists(sweep.resolve("scaling.csv")));
    }
}
