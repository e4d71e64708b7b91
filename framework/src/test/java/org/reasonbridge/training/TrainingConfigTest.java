package org.reasonbridge.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.model.loss.LossWeights;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertEquals(4096, c.maxSequenceLength());
        assertEquals("truncate", c.overLength());
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
            "{\"methd\": \"lora\"}                 | key 'methd': unknown (did you mean 'method'?)",
            "{\"lerningRate\": 1}                 | key 'lerningRate': unknown (did you mean 'learningRate'?)",
            "{\"temperature\": 1}                 | key 'temperature': unknown; the keys are method, preset,",
            "{\"method\": \"prefix\"}              | method must be bottleneck, lora or full, got prefix",
            "{\"method\": \"lroa\"}                | got lroa (did you mean 'lora'?)",
            "{\"preset\": \"papr\"}                | preset must be paper, houlsby or pfeiffer, got papr (did you mean 'paper'?)",
            "{\"format\": \"chta\"}                | format must be auto, chat or plain, got chta (did you mean 'chat'?)",
            "{\"learningRate\": -1}                | learningRate must be > 0",
            "{\"learningRate\": 1e400}             | learningRate must be > 0 and finite, got Infinity",
            "{\"maxGradNorm\": -1}                 | maxGradNorm must be >= 0",
            "{\"beta2\": 1.5}                      | beta2 must be in [0, 1)",
            "{\"epsilon\": 0}                      | epsilon must be > 0",
            "{\"weightDecay\": -0.1}               | weightDecay must be >= 0",
            "{\"minLearningRateRatio\": 2}         | minLearningRateRatio must be in [0, 1]",
            "{\"dropLevels\": [\"strategy\"]}      | unknown level in dropLevels: strategy (did you mean 'strategic'?)",
            "{\"epochs\": \"three\"}               | key 'epochs': must be an integer",
            "{\"epochs\": \"3\"}                   | key 'epochs': must be an integer (a JSON number, not text)",
            "{\"epochs\": 2.5}                     | key 'epochs': must be an integer",
            "{\"learningRate\": \"high\"}          | key 'learningRate': must be a number",
            "{\"loraTargets\": \"q_proj\"}         | key 'loraTargets': must be a list of strings",
            "{\"seed\": 1, \"seed\": 2}            | Duplicate field 'seed'",
            "{\"seed\": 1                         | malformed JSON",
            "[1]                                  | the top level must be a JSON object",
            "{\"lambdaOutput\": 0, \"lambdaStrategic\": 0, \"lambdaTactical\": 0, \"lambdaOperational\": 0} | every λ is 0",
            "{\"lambdaTactical\": -1}            | key 'lambdaTactical': must be a finite number >= 0",
            "{\"lambdaTactical\": \"high\"}      | key 'lambdaTactical': must be a finite number >= 0",
            "{\"lambdaTactic\": 1}               | key 'lambdaTactic': unknown (did you mean 'lambdaTactical'?)",
            "{\"loss\": \"dpo\"}                 | loss must be hierarchical or sft, got dpo",
            "{\"overLength\": \"cut\"}           | overLength must be truncate, skip or error, got cut",
            "{\"overLength\": \"Skip\"}          | got Skip (did you mean 'skip'?)",
    })
    void badConfigsNameTheProblem(String json, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.parse(json, "cfg.json"));
        assertTrue(e.getMessage().startsWith("cfg.json:") && e.getMessage().contains(fragment), e.getMessage());
        for (String javaText : List.of("REDACTED", "java.lang", "`", "com.fasterxml", "org.reasonbridge", "\n")) {
            assertFalse(e.getMessage().contains(javaText), e.getMessage());
        }
    }

    @Test
    void aFileWithAByteOrderMarkReadsAndErrorsNameTheFile(@TempDir Path dir) throws IOException {
        Path bom = Files.write(dir.resolve("bom.json"), "\uFEFF{\"epochs\": 2}".getBytes(StandardCharsets.UTF_8));
        assertEquals(2, TrainingConfig.read(bom).epochs());
        Path latin1 = Files.write(dir.resolve("latin1.json"), "{\"preset\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.read(latin1));
        assertTrue(e.getMessage().startsWith(latin1 + ":1:16: not valid UTF-8"), e.getMessage());
        assertTrue(e.getMessage().endsWith("save it as UTF-8"), e.getMessage());
    }

    @Test
    void everyKeyIsDocumentedForHelp() {
        for (String key : TrainingConfig.keys()) assertFalse(TrainingConfig.describe(key).isBlank(), key);
    }
}
