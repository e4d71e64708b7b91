package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./reasonbridge train} killed with SIGKILL in the middle of a run, then started again with the same
 * command: the continued run ends exactly where an uninterrupted one does, step by step.
 */
class TrainKillTest {
    static final int STEPS = 32; // 8 examples / batch 2 = 4 steps an epoch, 8 epochs

    @Test
    void killedRunResumesToTheSameResult(@TempDir Path tmp) throws Exception {
        Path root = Path.of(System.getProperty("reasonbridge.root", "..")).toAbsolutePath().normalize();
        Path model = tmp.resolve("model");
        RandomCheckpoint.write(model, ModelPreset.TINY.config(ModelFamily.QWEN2), 3, DType.F32);
        Path config = Files.writeString(tmp.resolve("run.json"), "{\"epochs\": 8, \"batchSize\": 2, "
                + "\"gradientAccumulation\": 1, \"checkpointEvery\": 1, \"learningRate\": 0.01, \"preset\": \"houlsby\"}");
        Path data = root.resolve("datasets/samples/reasoning-mini.jsonl");

        Path straight = tmp.resolve("straight");
        assertEquals(0, train(root, model, data, config, straight).waitFor(), "uninterrupted run");

        Path killed = tmp.resolve("killed");
        Process p = train(root, model, data, config, killed);
        Path metrics = killed.resolve("metrics.jsonl");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (lines(metrics) < 5 && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
        p.waitFor();
        int seen = lines(metrics);
        assertTrue(seen >= 5 && seen < STEPS, "the kill must land mid-run, saw " + seen + " steps");

        assertEquals(0, train(root, model, data, config, killed).waitFor(), "resumed run");
        List<JsonNode> a = read(straight.resolve("metrics.jsonl")), b = read(metrics);
        assertEquals(STEPS, a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            for (String k : List.of("step", "epoch", "loss", "lossOutput", "lossStrategic", "lr", "gradNorm", "tokens")) {
                assertEquals(a.get(i).get(k).asDouble(), b.get(i).get(k).asDouble(), 0.0, "step " + (i + 1) + " " + k);
            }
        }
        assertArrayEquals(Files.readAllBytes(straight.resolve("adapter_model.safetensors")),
                Files.readAllBytes(killed.resolve("adapter_model.safetensors")));
    }

    static Process train(Path root, Path model, Path data, Path config, Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("reasonbridge").toString(), "train", "--model",
                model.toString(), "--data", data.toString(), "--config", config.toString(), "--out", out.toString()));
        return new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile()).start();
    }

    static int lines(Path file) throws Exception {
        return Files.exists(file) ? (int) Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count() : 0;
    }

    static List<JsonNode> read(Path file) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) if (!l.isBlank()) out.add(json.readTree(l));
        return out;
    }
}
