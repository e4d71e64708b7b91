package org.reasonbridge.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.model.loss.LossWeights;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingConfigTest {
    @Test
    void defaultsAreDocumentedValues() {
        TrainingConfig c = TrainingConfig.defaults();
        assertEquals("bottleneck", c.method());
        assertEquals("paper", c.preset());
        assertEquals(64, c.bottleneck());
        assertEquals(5e-5, c.learningRate());
        assertEquals(List.of("q_proj", "v_proj"), c.loraTargets());
        assertEquals("hierarchical", c.loss());
        assertEquals(LossWeights.DEFAULT, c.lambdas());
        assertTrue(c.lambdas().weight(ReasoningLevel.OUTPUT) > c.lambdas().weight(ReasoningLevel.STRATEGIC),
                "the output comes first");
        assertEquals(c, TrainingConfig.parse(c.toJson(), "round trip"));
    }

    @Test
    void lambdaKeysAndTheLossKindAreRead() {
        TrainingConfig c = TrainingConfig.parse("{\"loss\": \"sft\", \"lambdaStrategic\": 2, \"lambdaOutput\": 0.25}", "t");
        assertEquals("sft", c.loss());
        assertEquals(LossWeights.DEFAULT.with(ReasoningLevel.STRATEGIC, 2).with(ReasoningLevel.OUTPUT, 0.25), c.lambdas());
        assertEquals(c, TrainingConfig.parse(c.toJson(), "round trip"));
    }

    @Test
    void keysOverrideDefaults() {
        TrainingConfig c = TrainingConfig.parse("{\"method\": \"lora\", \"loraRank\": 4, \"epochs\": 1, \"seed\": 9}", "t");
        assertEquals("lora", c.method());
        assertEquals(4, c.loraRank());
        assertEquals(1, c.epochs());
        assertEquals(9, c.seed());
        assertEquals(64, c.bottleneck());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"methd\": \"lora\"}                 | methd",
            "{\"method\": \"prefix\"}              | method must be bottleneck, lora or full",
            "{\"learningRate\": -1}                | learningRate must be > 0",
            "{\"dropLevels\": [\"strategy\"]}      | unknown level in dropLevels: strategy",
            "{\"epochs\": \"three\"}               | epochs",
            "{\"seed\": 1, \"seed\": 2}            | seed",
            "{\"lambdaOutput\": 0, \"lambdaStrategic\": 0, \"lambdaTactical\": 0, \"lambdaOperational\": 0} | every λ is 0",
            "{\"lambdaTactical\": -1}            | key 'lambdaTactical': must be a finite number >= 0",
            "{\"lambdaTactical\": \"high\"}      | key 'lambdaTactical': must be a finite number >= 0",
            "{\"lambdaTactic\": 1}               | key 'lambdaTactic': unknown",
            "{\"loss\": \"dpo\"}                 | loss must be hierarchical or sft, got dpo",
    })
    void badConfigsNameTheProblem(String json, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.parse(json, "cfg.json"));
        assertTrue(e.getMessage().startsWith("cfg.json: ") && e.getMessage().contains(fragment), e.getMessage());
    }
}
