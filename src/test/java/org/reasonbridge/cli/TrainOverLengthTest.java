package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.data.ExampleReader;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.model.tokenizer.Tokenizer;
import org.reasonbridge.training.ExampleEncoder;
import org.reasonbridge.training.OverLength;
import org.reasonbridge.training.OverLengthReport;
import org.reasonbridge.training.TrainingConfig;
import org.reasonbridge.training.TrainingRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train} on data with one example over {@code maxSequenceLength}: the example is truncated or skipped as the
 * config says, listed in {@code OUT/over-length.jsonl} and noted at the start; the run trains, and a run stopped
 * midway resumes with that file rewritten to the same lines (none repeated, none lost).
 */
class TrainOverLengthTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SHORT = "{\"id\": \"short\", \"problem\": \"What is 2+3?\", \"trace\": \"<strategic>Add."
            + "</strategic> <operational>2+3=5</operational>\", \"solution\": \"\\\\boxed{5}\"}";
    static final String LONG = "{\"id\": \"long\", \"problem\": \"What is 2+3+4?\", \"trace\": \"<strategic>Add them in "
            + "order.</strategic> <tactical>" + "Let s = 2 + 3, then add 4 to s. ".repeat(12) + "</tactical> "
            + "<operational>2+3=5, 5+4=9</operational>\", \"solution\": \"\\\\boxed{9}\"}";

    /** A run stopped after its second step, as a kill would stop it (its checkpoint is saved before the listener). */
    static final class Stop extends RuntimeException {
    }

    @ParameterizedTest(name = "overLength {0}")
    @CsvSource({"truncate, truncated, thinking cut from", "skip, skipped, over maxSequenceLength"})
    void theLongExampleIsListedNotedAndAResumeRewritesTheSameList(String policy, String action, String reason,
                                                                  @TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        RandomCheckpoint.write(model, ModelPreset.TINY.config(ModelFamily.QWEN2), 1, DType.F32);
        Path data = Files.writeString(tmp.resolve("d.jsonl"), SHORT + "\n" + LONG + "\n");
        int[] whole = new int[2]; // each example's length rendered whole
        try (Tokenizer tokenizer = Tokenizer.load(model)) {
            ExampleEncoder enc = ExampleEncoder.of(tokenizer, "auto", Integer.MAX_VALUE, OverLength.ERROR);
            var examples = ExampleReader.read(data);
            for (int i = 0; i < 2; i++) whole[i] = enc.encode(examples.get(i)).tokens();
        }
        int limit = whole[0] + 8;
        assertTrue(whole[1] > limit + 20, "the long example must be well over the limit: " + whole[1] + " vs " + limit);
        String json = "{\"maxSequenceLength\": " + limit + ", \"overLength\": \"" + policy + "\", \"epochs\": 3, "
                + "\"batchSize\": 1, \"gradientAccumulation\": 1, \"checkpointEvery\": 1, \"learningRate\": 0.01, "
                + "\"preset\": \"pfeiffer\", \"bottleneck\": 8}";
        Path config = Files.writeString(tmp.resolve("c.json"), json);
        Path out = tmp.resolve("out"), list = out.resolve(OverLengthReport.FILE);
        int total = policy.equals("skip") ? 3 : 6; // examples trained on x epochs

        // stopped after step 2: the list is already written whole
        assertThrows(Stop.class, () -> TrainingRun.train(model, data, TrainingConfig.read(config), out,
                (m, t) -> {
                    if (m.step() == 2) throw new Stop();
                }));
        byte[] first = Files.readAllBytes(list);
        List<String> lines = Files.readAllLines(list);
        assertEquals(1, lines.size(), lines.toString());
        JsonNode entry = JSON.readTree(lines.get(0));
        assertEquals(1, entry.get("index").asInt());
        assertEquals(2, entry.get("line").asInt());
        assertEquals("long", entry.get("id").asText());
        assertEquals(whole[1], entry.get("tokens").asInt());
        assertEquals(limit, entry.get("limit").asInt());
        assertEquals(action, entry.get("action").asText());
        assertTrue(entry.get("reason").asText().startsWith(reason), entry.toString());

        // the same command resumes: the note again, the same list, every step once
        CliRun.Result r = CliRun.run("train", "--model", model.toString(), "--data", data.toString(), "--config",
                config.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("resuming " + out + " from its checkpoint at step 2 of " + total), r.err());
        assertTrue(r.err().contains("note: 1 example over maxSequenceLength " + limit + ": 1 " + action + " (" + list
                + ")"), r.err());
        assertArrayEquals(first, Files.readAllBytes(list), "the resumed run rewrote another list");
        List<JsonNode> metrics = read(out.resolve("metrics.jsonl"));
        assertEquals(IntStream.rangeClosed(1, total).boxed().toList(), metrics.stream().map(m -> m.get("step").asInt())
                .toList());
        int longest = metrics.stream().mapToInt(m -> m.get("tokens").asInt()).max().orElseThrow();
        // truncated, the long example trains exactly at the limit; skipped, only the short one trains
        assertEquals(policy.equals("skip") ? whole[0] : limit, longest);
        assertTrue(Files.isRegularFile(out.resolve("adapter_model.safetensors")));

        // a finished run repeated, and the same run from scratch: the same list
        r = CliRun.run("train", "--model", model.toString(), "--data", data.toString(), "--config", config.toString(),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("nothing to do"), r.err());
        assertArrayEquals(first, Files.readAllBytes(list));
        Path straight = tmp.resolve("straight");
        assertEquals(0, CliRun.run("train", "--model", model.toString(), "--data", data.toString(), "--config",
                config.toString(), "--out", straight.toString()).code());
        assertArrayEquals(first, Files.readAllBytes(straight.resolve(OverLengthReport.FILE)));

        // a refused run with another config leaves the list as it was
        Path other = Files.writeString(tmp.resolve("other.json"), json.replace("\"bottleneck\": 8", "\"bottleneck\": 4")
                .replace("\"maxSequenceLength\": " + limit, "\"maxSequenceLength\": " + (limit + 1)));
        r = CliRun.run("train", "--model", model.toString(), "--data", data.toString(), "--config", other.toString(),
                "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("another training config"), r.err());
        assertArrayEquals(first, Files.readAllBytes(list));
    }

    static List<JsonNode> read(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) if (!l.isBlank()) out.add(JSON.readTree(l));
        return out;
    }
}
