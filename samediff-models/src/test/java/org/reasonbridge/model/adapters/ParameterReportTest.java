package org.reasonbridge.model.adapters;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.model.adapters.bottleneck.BottleneckConfig;
import org.reasonbridge.model.adapters.lora.LoraConfig;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelConfigReader;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Parameter counts from bare configs with the published Qwen2.5-7B / 14B values. Base totals equal the published
 * 7,615,616,512 and 14,770,033,664, which the formula reproduces: untied embedding and LM head, q/k/v bias, no o bias.
 */
class ParameterReportTest {
    /** A Qwen2 config.json as published on the model card. */
    static ModelConfig qwen(int hidden, int intermediate, int layers, int heads, int kvHeads) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("model_type", "qwen2").put("hidden_size", hidden).put("intermediate_size", intermediate)
                .put("num_hidden_layers", layers).put("num_attention_heads", heads).put("num_key_value_heads", kvHeads)
                .put("vocab_size", 152064).put("tie_word_embeddings", false).put("rope_theta", 1_000_000.0)
                .put("rms_norm_eps", 1e-6).put("hidden_act", "silu").put("max_position_embeddings", 131072);
        return ModelConfigReader.parse(o, "Qwen2.5 (test)");
    }

    static final ModelConfig QWEN_7B = qwen(3584, 18944, 28, 28, 4);
    static final ModelConfig QWEN_14B = qwen(5120, 13824, 48, 40, 8);

    /** Base by the formula: embed + head + L·(attention + MLP + 2 norms) + final norm. */
    static long formula(long h, long inter, long layers, long heads, long kvHeads, long vocab) {
        long d = h / heads, kv = kvHeads * d;
        long attention = h * h + h + 2 * (h * kv + kv) + h * h;
        long mlp = 3 * h * inter;
        return 2 * vocab * h + layers * (attention + mlp + 2 * h) + h;
    }

    @Test
    void baseCountsEqualThePublishedTotals() {
        assertEquals(7_615_616_512L, ParameterReport.baseCount(QWEN_7B));
        assertEquals(7_615_616_512L, formula(3584, 18944, 28, 28, 4, 152064));
        assertEquals(14_770_033_664L, ParameterReport.baseCount(QWEN_14B));
        assertEquals(14_770_033_664L, formula(5120, 13824, 48, 40, 8, 152064));
    }

    @ParameterizedTest(name = "{0} {1}: {2} trainable")
    @CsvSource({
            // model, config, trainable = adapters × (2·H·b + b + H) or layers × r·(in + out) per target
            "7B,  paper,    12947200",   // 28 × 462,400
            "7B,  houlsby,  25894400",   // 56 × 462,400
            "7B,  pfeiffer, 12947200",
            "7B,  lora,     2523136",    // 28 × 8·(7168 + 4096)
            "14B, paper,    31706112",   // 48 × 660,544
            "14B, houlsby,  63412224",
            "14B, pfeiffer, 31706112",
            "14B, lora,     6291456"})   // 48 × 8·(10240 + 6144)
    void trainableCountsPerPreset(String model, String preset, long trainable) {
        ModelConfig base = model.equals("7B") ? QWEN_7B : QWEN_14B;
        AdapterConfig c = preset.equals("lora") ? LoraConfig.defaults() : BottleneckConfig.preset(preset);
        ParameterReport r = ParameterReport.of(base, c);
        System.out.printf("Qwen2.5-%-3s %-8s %s%n", model, preset, r);
        assertEquals(trainable, r.trainable());
        assertEquals(100.0 * trainable / (r.base() + trainable), r.percent(), 1e-12);
    }

    @Test
    void paperPresetOnSevenBIsPoint17PercentNotPoint3() {
        // documented in BottleneckConfig: one b=64 adapter per layer is 0.170%, not the paper's ~0.3%
        assertEquals(0.170, ParameterReport.of(QWEN_7B, BottleneckConfig.paper()).percent(), 0.001);
        assertEquals(0.339, ParameterReport.of(QWEN_7B, BottleneckConfig.houlsby()).percent(), 0.001);
        assertEquals(0.30, ParameterReport.of(QWEN_7B, BottleneckConfig.paper().withBottleneckSize(113)).percent(), 0.005);
    }
}
