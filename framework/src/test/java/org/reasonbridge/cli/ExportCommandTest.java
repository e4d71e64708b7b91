package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.adapters.AdapterSet;
import org.reasonbridge.model.adapters.bottleneck.BottleneckConfig;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.model.io.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A LoRA student trained here is written in PEFT's layout, and {@code export --merge} folds it into a Hugging Face
 * folder whose logits equal base + LoRA; bottleneck adapters are refused with the route that serves them.
 */
class ExportCommandTest {
    @TempDir
    static Path tmp;
    static Path model, trained;
    static final int[] IDS = {1, 5, 9, 100, 42, 7, 300, 11};

    @BeforeAll
    static void train() throws IOException {
        ModelConfig config = ModelPreset.TINY.config(ModelFamily.QWEN2);
        model = tmp.resolve("model");
        RandomCheckpoint.write(model, config, 6, DType.F32);
        Path cfg = tmp.resolve("lora.json");
        Files.writeString(cfg, "{\"method\": \"lora\", \"loraRank\": 4, \"maxSteps\": 2, \"gradientAccumulation\": 1, "
                + "\"maxSequenceLength\": 96, \"learningRate\": 0.05, \"epochs\": 1}");
        trained = tmp.resolve("trained");
        Path data = tmp.resolve("train.jsonl");
        Files.writeString(data, "{\"id\": \"a\", \"problem\": \"2+2?\", \"trace\": \"Add them.\", \"solution\": \"\\\\boxed{4}\"}\n"
                + "{\"id\": \"b\", \"problem\": \"3+3?\", \"trace\": \"Add them.\", \"solution\": \"\\\\boxed{6}\"}\n");
        CliRun.Result r = CliRun.run("train", "--model", model.toString(), "--data", data.toString(), "--config", cfg.toString(),
                "--out", trained.toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void aTrainedLoraIsInPeftsLayoutAndMergesExactly() throws IOException {
        JsonNode c = new ObjectMapper().readTree(trained.resolve("adapter_config.json").toFile());
        assertEquals("LORA", c.path("peft_type").asText());
        assertEquals(4, c.path("r").asInt());
        try (SafetensorsFile f = SafetensorsFile.open(trained.resolve("adapter_model.safetensors"))) {
            assertTrue(f.tensors().containsKey("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"), f.tensors().keySet().toString());
            assertTrue(f.tensors().keySet().stream().allMatch(k -> k.startsWith("base_model.model.model.layers.")));
        }
        Path merged = tmp.resolve("merged");
        CliRun.Result r = CliRun.run("export", "--merge", "--model", model.toString(), "--adapters", trained.toString(), "--out", merged.toString());
        assertEquals(0, r.code(), r.err());
        try (Model withLora = Model.load(model, trained); Model folded = Model.load(merged); Model plain = Model.load(model)) {
            float[][] a = withLora.logits(IDS), b = folded.logits(IDS), p = plain.logits(IDS);
            assertTrue(maxAbsDiff(a, b) < 1e-5, "merged vs base+LoRA: " + maxAbsDiff(a, b));
            assertTrue(maxAbsDiff(a, p) > 0, "training moved the LoRA off zero");
            assertEquals(withLora.generate("Count: 1, 2,").text(), folded.generate("Count: 1, 2,").text());
        }
        CliRun.Result again = CliRun.run("export", "--merge", "--model", model.toString(), "--adapters", trained.toString(), "--out", merged.toString());
        assertEquals(2, again.code(), "an existing export is not overwritten: " + again.err());
    }

    @Test
    void withoutMergeTheAdaptersAreRewrittenInPeftsLayout() throws IOException {
        Path out = tmp.resolve("peft");
        CliRun.Result r = CliRun.run("export", "--model", model.toString(), "--adapters", trained.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode c = new ObjectMapper().readTree(out.resolve("adapter_config.json").toFile());
        assertEquals(model.toAbsolutePath().normalize().toString(), c.path("base_model_name_or_path").asText());
        try (Model a = Model.load(model, trained); Model b = Model.load(model, out)) {
            assertEquals(0.0, maxAbsDiff(a.logits(IDS), b.logits(IDS)));
        }
    }

    @Test
    void bottleneckAdaptersAreRefusedWithTheServeRoute() {
        Path b = tmp.resolve("bottleneck");
        AdapterSet.init(ModelPreset.TINY.config(ModelFamily.QWEN2), BottleneckConfig.paper(), 1).save(b);
        CliRun.Result r = CliRun.run("export", "--merge", "--model", model.toString(), "--adapters", b.toString(), "--out", tmp.resolve("nb").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("serve --model") && r.err().contains("--adapters"), r.err());
    }

    static double maxAbsDiff(float[][] a, float[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
        return m;
    }
}
