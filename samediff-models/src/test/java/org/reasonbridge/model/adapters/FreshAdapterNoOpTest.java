package org.reasonbridge.model.adapters;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reasonbridge.model.Fixtures;
import org.reasonbridge.model.adapters.bottleneck.BottleneckConfig;
import org.reasonbridge.model.adapters.lora.LoraConfig;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelConfigReader;
import org.reasonbridge.model.io.Checkpoint;
import org.reasonbridge.model.transformer.Decoder;
import org.reasonbridge.model.transformer.LayerHooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fresh adapter set (zero up-projection / zero lora_B) leaves every logit of every fixture model unchanged. */
class FreshAdapterNoOpTest {
    static final Map<String, AdapterConfig> CONFIGS = Map.of(
            "paper", BottleneckConfig.paper(),
            "houlsby", BottleneckConfig.houlsby(),
            "pfeiffer", BottleneckConfig.pfeiffer(),
            "lora", LoraConfig.defaults(),
            "lora-attention", LoraConfig.defaults().withTargets("q_proj", "k_proj", "v_proj", "o_proj"));
    private static final Map<String, float[][]> BASE = new HashMap<>();

    static Stream<Arguments> cases() {
        return Fixtures.MODELS.stream().flatMap(m -> Stream.of("paper", "houlsby", "pfeiffer", "lora", "lora-attention")
                .map(c -> Arguments.of(m, c)));
    }

    static float[][] logits(Path dir, ModelConfig config, LayerHooks hooks, int[] ids, List<String> mustHave) {
        try (Checkpoint ckpt = Checkpoint.open(dir)) {
            Decoder d = Decoder.build(config, name -> {
                try {
                    return ckpt.readFloat(name);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, hooks);
            for (String n : mustHave) assertTrue(d.graph().hasVariable(n), "adapter not in the graph: " + n);
            return d.logits(ids);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("cases")
    void freshAdaptersChangeNoLogit(String model, String configName) {
        Path dir = Fixtures.model(model);
        ModelConfig config = ModelConfigReader.read(dir);
        int[] ids = Fixtures.ints(Fixtures.meta(model).get("input_ids"));
        float[][] base = BASE.computeIfAbsent(model, m -> logits(dir, config, LayerHooks.NONE, ids, List.of()));
        AdapterSet set = AdapterSet.init(config, CONFIGS.get(configName), 1);
        assertFalse(set.trainableNames().isEmpty());
        float[][] adapted = logits(dir, config, set.hooks(), ids, set.trainableNames());
        double max = Fixtures.maxAbsDiff(adapted, base);
        boolean identical = java.util.Arrays.deepEquals(adapted, base);
        System.out.printf("fresh %-15s on %-16s: %d adapter tensors, max |diff| %.3g%s%n", configName, model,
                set.trainableNames().size(), max, identical ? " (bit-identical)" : "");
        assertTrue(max <= 1e-6, "max diff " + max);
    }
}
