package org.reasonbridge.model.adapters.lora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.reasonbridge.model.Fixtures;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.adapters.AdapterSet;
import org.reasonbridge.model.adapters.TinyModels;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.model.io.SafetensorsFile;
import org.reasonbridge.model.io.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LoRA in PEFT's layout: the keys {@code save_pretrained} writes, {@code LoraConfig}'s fields; PEFT's own files and
 * the project's earlier layout load; the merged export's logits equal base + LoRA.
 */
class PeftFormatTest {
    static final int[] IDS = {3, 17, 250, 9, 411, 42, 7};
    /** The fields of PEFT's LoraConfig an adapter_config.json may hold (peft/tuners/lora/config.py, PeftConfig). */
    static final Set<String> LORA_CONFIG_FIELDS = Set.of("alpha_pattern", "auto_mapping", "base_model_name_or_path", "bias",
            "exclude_modules", "fan_in_fan_out", "inference_mode", "init_lora_weights", "layer_replication", "layers_pattern",
            "layers_to_transform", "loftq_config", "lora_alpha", "lora_bias", "lora_dropout", "megatron_config", "megatron_core",
            "modules_to_save", "peft_type", "r", "rank_pattern", "revision", "target_modules", "task_type", "use_dora",
            "use_rslora", "eva_config", "corda_config", "trainable_token_indices", "peft_version");

    static AdapterSet lora(ModelConfig base) {
        return TinyModels.nonZero(AdapterSet.init(base, LoraConfig.defaults().withTargets("q_proj", "v_proj", "down_proj"), 1), 2, 0.2);
    }

    @Test
    void savedInPeftsLayout(@TempDir Path dir) throws IOException {
        ModelConfig base = TinyModels.config(ModelFamily.QWEN2);
        AdapterSet set = lora(base);
        set.save(dir, "Qwen/Qwen2.5-0.5B-Instruct");
        JsonNode c = new ObjectMapper().readTree(dir.resolve(AdapterSet.CONFIG_FILE).toFile());
        c.fieldNames().forEachRemaining(f -> assertTrue(LORA_CONFIG_FIELDS.contains(f), "a LoraConfig field: " + f));
        assertEquals("LORA", c.get("peft_type").asText());
        assertEquals("CAUSAL_LM", c.get("task_type").asText());
        assertEquals(8, c.get("r").asInt());
        assertEquals(16, c.get("lora_alpha").asInt());
        assertEquals(List.of("q_proj", "v_proj", "down_proj"), List.of(new ObjectMapper().convertValue(c.get("target_modules"), String[].class)));
        assertEquals("Qwen/Qwen2.5-0.5B-Instruct", c.get("base_model_name_or_path").asText());
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve(AdapterSet.WEIGHTS_FILE))) {
            assertTrue(f.tensors().containsKey("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"));
            assertTrue(f.tensors().containsKey("base_model.model.model.layers.1.mlp.down_proj.lora_B.weight"));
            for (String k : f.tensors().keySet()) {
                assertTrue(k.matches("base_model\\.model\\.model\\.layers\\.\\d+\\.(self_attn|mlp)\\.[a-z_]+\\.lora_[AB]\\.weight"), k);
            }
            assertEquals(List.of(8L, 64L), Arrays.stream(f.info("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight").shape()).boxed().toList());
        }
        assertTrue(Arrays.deepEquals(logits(set), logits(AdapterSet.load(dir, base))));
    }

    static float[][] logits(AdapterSet set) {
        return TinyModels.decoder(ModelFamily.QWEN2, set.hooks(), DataType.FLOAT).logits(IDS);
    }

    /** A folder PEFT wrote (its keys, an adapter name left in, no metadata of ours) and one of the project's old layout. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"peft", "peft-named", "old-layout"})
    void otherLayoutsLoad(String layout, @TempDir Path dir) throws IOException {
        ModelConfig base = TinyModels.config(ModelFamily.QWEN2);
        AdapterSet set = lora(base);
        ObjectMapper json = new ObjectMapper();
        SafetensorsWriter w = new SafetensorsWriter(DType.F32).metadata("format", "pt");
        ObjectNode config;
        if (layout.equals("old-layout")) {
            // what AdapterSet.save wrote before LoRA moved to PEFT's layout
            config = json.createObjectNode().put("format", "reasonbridge-adapters").put("version", 1).put("method", "lora");
            config.set("config", set.config().toJson());
            config.putObject("base_model").put("model_type", "qwen2").put("hidden_size", 64).put("num_hidden_layers", base.numLayers());
            w.metadata("reasonbridge.adapter_config", config.toString());
            set.tensors().forEach(w::add);
        } else {
            config = PeftFormat.config((LoraConfig) set.config(), null);
            config.put("lora_dropout", 0.05).putArray("exclude_modules");
            config.remove("target_modules");
            config.putArray("target_modules").add("v_proj").add("down_proj").add("q_proj");
            set.tensors().forEach((n, a) -> w.add(layout.equals("peft") ? "base_model.model." + n
                    : "base_model.model." + n.replace(".weight", "").replaceAll("(lora_[AB])$", "$1.default") + ".weight", a));
        }
        Files.writeString(dir.resolve(AdapterSet.CONFIG_FILE), config.toPrettyString());
        w.write(dir.resolve(AdapterSet.WEIGHTS_FILE));
        AdapterSet loaded = AdapterSet.load(dir, base);
        assertEquals(new TreeSet<>(((LoraConfig) set.config()).targetModules()), new TreeSet<>(((LoraConfig) loaded.config()).targetModules()));
        assertTrue(Arrays.deepEquals(logits(set), logits(loaded)), layout);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "use_dora      | true",
            "use_rslora    | true",
            "bias          | \"all\"",
            "rank_pattern  | {\"q_proj\": 4}",
            "layers_to_transform | [0]",
            "peft_type     | \"IA3\"",
            "target_modules | \".*proj\"",
    })
    void whatThisLoraCannotReproduceIsRefused(String field, String value, @TempDir Path dir) throws IOException {
        ModelConfig base = TinyModels.config(ModelFamily.QWEN2);
        lora(base).save(dir);
        ObjectNode c = (ObjectNode) new ObjectMapper().readTree(dir.resolve(AdapterSet.CONFIG_FILE).toFile());
        c.set(field, new ObjectMapper().readTree(value));
        Files.writeString(dir.resolve(AdapterSet.CONFIG_FILE), c.toPrettyString());
        var e = assertThrows(AdapterSet.AdapterFileException.class, () -> AdapterSet.load(dir, base));
        assertTrue(e.getMessage().contains(AdapterSet.CONFIG_FILE) && e.getMessage().contains(field.equals("peft_type") ? "IA3" : field),
                e.getMessage());
    }

    /** The merged checkpoint answers as the base with LoRA spliced in: logits within 1e-5. */
    @Test
    void mergedExportEqualsBasePlusLora(@TempDir Path tmp) throws IOException {
        Path model = tmp.resolve("model"), adapters = tmp.resolve("adapters"), merged = tmp.resolve("merged");
        ModelConfig config = ModelPreset.TINY.config(ModelFamily.QWEN2);
        RandomCheckpoint.write(model, config, 5, DType.F32);
        Files.writeString(model.resolve("generation_config.json"), "{\"eos_token_id\": 2}");
        lora(config).save(adapters);
        LoraMerge.export(model, adapters, merged);
        for (String f : List.of("config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors")) {
            assertTrue(Files.exists(merged.resolve(f)), f);
        }
        int[] ids = {1, 5, 9, 100, 42, 7, 300, 11};
        try (Model withLora = Model.load(model, adapters); Model folded = Model.load(merged); Model plain = Model.load(model)) {
            float[][] a = withLora.logits(ids), b = folded.logits(ids);
            double diff = Fixtures.maxAbsDiff(a, b);
            assertTrue(diff < 1e-5, "merged vs base+LoRA: max |diff| " + diff);
            assertTrue(Fixtures.maxAbsDiff(a, plain.logits(ids)) > 1e-3, "the LoRA changes the logits");
        }
        var bottleneck = AdapterSet.init(config, org.reasonbridge.model.adapters.bottleneck.BottleneckConfig.paper(), 1);
        Path b = tmp.resolve("bottleneck");
        bottleneck.save(b);
        var e = assertThrows(IllegalArgumentException.class, () -> LoraMerge.export(model, b, tmp.resolve("m2")));
        assertTrue(e.getMessage().contains("serve --adapters"), e.getMessage());
    }
}
