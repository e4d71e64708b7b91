package org.reasonbridge.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        assertTrue(c.lambdaOutput() > c.lambdaStrategic(), "the output comes first");
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
            "{\"lambdaOutput\": 0, \"lambdaStrategic\": 0, \"lambdaTactical\": 0, \"lambdaOperational\": 0} | not all 0",
    })
    void badConfigsNameTheProblem(String json, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.parse(json, "cfg.json"));
        assertTrue(e.getMessage().startsWith("cfg.json: ") && e.getMessage().contains(fragment), e.getMessage());
    }
}
