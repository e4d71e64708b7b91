package org.reasonbridge.model.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.reasonbridge.model.Fixtures;
import org.reasonbridge.model.adapters.lora.LoraConfig;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.SafetensorsFile;
import org.reasonbridge.model.transformer.Decoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saving adapters and loading them back onto the base gives the same logits; loading onto another base fails clearly. */
class AdapterSetFileTest {
    static final int[] IDS = {3, 17, 250, 9, 411, 42, 7};

    static AdapterConfig config(String method) {
        return method.equals("lora") ? LoraConfig.defaults().withTargets("q_proj", "o_proj", "down_proj")
                : FreshAdapterNoOpTest.CONFIGS.get(method);
    }

    @ParameterizedTest
    @ValueSource(strings = {"paper", "houlsby", "pfeiffer", "lora"})
    void roundTripGivesIdenticalLogits(String method, @TempDir Path dir) throws IOException {
        ModelConfig base = TinyModels.config(ModelFamily.QWEN2);
        AdapterSet set = TinyModels.nonZero(AdapterSet.init(base, config(method), 1), 2, 0.2);
        float[][] before = TinyModels.decoder(ModelFamily.QWEN2, set.hooks(), DataType.FLOAT).logits(IDS);
        float[][] plain = TinyModels.decoder(ModelFamily.QWEN2, org.reasonbridge.model.transformer.LayerHooks.NONE,
                DataType.FLOAT).logits(IDS);
        assertTrue(Fixtures.maxAbsDiff(before, plain) > 1e-3, "non-zero adapters must change the logits");

        set.save(dir);
        AdapterSet loaded = AdapterSet.load(dir, base);
        assertEquals(set.config(), loaded.config());
        assertEquals(set.trainableNames(), loaded.trainableNames());
        float[][] after = TinyModels.decoder(ModelFamily.QWEN2, loaded.hooks(), DataType.FLOAT).logits(IDS);
        assertTrue(Arrays.deepEquals(before, after), "max diff " + Fixtures.maxAbsDiff(before, after));

        JsonNode json = new ObjectMapper().readTree(dir.resolve(AdapterSet.CONFIG_FILE).toFile());
        boolean peft = method.equals("lora"); // LoRA in PEFT's layout (PeftFormatTest), bottleneck in the project's
        if (peft) assertEquals("LORA", json.get("peft_type").asText());
        else assertEquals(set.config().method(), json.get("method").asText());
        if (!peft) assertEquals(64, json.at("/base_model/hidden_size").asInt());
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve(AdapterSet.WEIGHTS_FILE))) {
            assertEquals(set.tensors().keySet().stream().map(n -> peft ? "base_model.model." + n : n).collect(java.util.stream.Collectors.toSet()),
                    f.tensors().keySet());
        }
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void trainedValuesComeBackFromTheGraph(@TempDir Path dir) {
        ModelConfig base = TinyModels.config(ModelFamily.LLAMA);
        AdapterSet set = AdapterSet.init(base, config("paper"), 1);
        Decoder d = TinyModels.decoder(ModelFamily.LLAMA, set.hooks(), DataType.FLOAT);
        for (String n : set.trainableNames()) d.graph().getVariable(n).getArr().addi(0.01); // "training"
        float[][] trained = d.logits(IDS);
        set.withValuesFrom(d.graph()).save(dir);
        float[][] reloaded = TinyModels.decoder(ModelFamily.LLAMA, AdapterSet.load(dir, base).hooks(), DataType.FLOAT)
                .logits(IDS);
        assertTrue(Arrays.deepEquals(trained, reloaded));
        assertFalse(Arrays.deepEquals(trained, TinyModels.decoder(ModelFamily.LLAMA, set.hooks(), DataType.FLOAT).logits(IDS)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hidden", "layers", "family"})
    void loadingOntoAnotherBaseFailsNamingFileAndMismatch(String what, @TempDir Path dir) {
        ModelConfig base = TinyModels.config(ModelFamily.QWEN2);
        AdapterSet.init(base, config("paper"), 1).save(dir);
        ModelConfig other = switch (what) {
            case "hidden", "layers" -> ModelPreset.SMALL.config(ModelFamily.QWEN2); // hidden 512, 8 layers
            default -> TinyModels.config(ModelFamily.LLAMA);
        };
        var e = assertThrows(AdapterSet.AdapterFileException.class, () -> AdapterSet.load(dir, other));
        String m = e.getMessage();
        assertTrue(m.contains(dir.resolve(AdapterSet.CONFIG_FILE).toString()), m);
        String expected = switch (what) {
            case "hidden" -> "hidden_size 64 != 512";
            case "layers" -> "num_hidden_layers 2 != 8";
            default -> "model_type qwen2 != llama";
        };
        assertTrue(m.contains(expected), m);
    }

    @Test
    void weightsAndConfigFromDifferentSavesAreRefused(@TempDir Path a, @TempDir Path b) throws IOException {
        ModelConfig base = TinyModels.config(ModelFamily.QWEN2);
        AdapterSet.init(base, config("paper"), 1).save(a);
        AdapterSet.init(base, config("pfeiffer"), 1).save(b);
        Files.copy(b.resolve(AdapterSet.WEIGHTS_FILE), a.resolve(AdapterSet.WEIGHTS_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var e = assertThrows(AdapterSet.AdapterFileException.class, () -> AdapterSet.load(a, base));
        assertTrue(e.getMessage().contains(AdapterSet.WEIGHTS_FILE), e.getMessage());
        var missing = assertThrows(AdapterSet.AdapterFileException.class, () -> AdapterSet.load(a.resolve("nope"), base));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
    }
}
