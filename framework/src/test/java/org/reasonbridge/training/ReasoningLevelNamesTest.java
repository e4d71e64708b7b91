package org.reasonbridge.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reasonbridge.levels.LevelSpan;
import org.reasonbridge.levels.TagSegmenter;
import org.reasonbridge.model.adapters.AdapterSet;
import org.reasonbridge.model.adapters.bottleneck.BottleneckConfig;
import org.reasonbridge.model.adapters.bottleneck.Placement;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.SafetensorsFile;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.model.loss.HierarchicalLoss;
import org.reasonbridge.model.loss.LossWeights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every external name of a reasoning level comes from the enum: the per-level JSON keys of {@code metrics.jsonl} and
 * the training config, the graph's mask, loss and λ names, the adapter tensors and {@code adapter_config.json}, the
 * teacher's tags. The first test pins today's names (the file formats); the second derives each name from
 * {@link ReasoningLevel#id()} by the written rule and finds it in the real artefact, so a new level gets all of them.
 */
class ReasoningLevelNamesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "OUTPUT      | output      | lossOutput      | lambdaOutput      | loss_mask.output      | loss.output      | loss.lambda.output",
            "STRATEGIC   | strategic   | lossStrategic   | lambdaStrategic   | loss_mask.strategic   | loss.strategic   | loss.lambda.strategic",
            "TACTICAL    | tactical    | lossTactical    | lambdaTactical    | loss_mask.tactical    | loss.tactical    | loss.lambda.tactical",
            "OPERATIONAL | operational | lossOperational | lambdaOperational | loss_mask.operational | loss.operational | loss.lambda.operational",
    })
    void todaysNamesStayTheFileFormats(ReasoningLevel level, String id, String metricsKey, String configKey,
                                       String mask, String loss, String lambda) {
        assertEquals(id, level.id());
        assertEquals(metricsKey, StepMetrics.key(level));
        assertEquals(configKey, TrainingConfig.lambdaKey(level));
        assertEquals(mask, HierarchicalLoss.maskName(level));
        assertEquals(loss, HierarchicalLoss.lossName(level));
        assertEquals(lambda, HierarchicalLoss.lambdaName(level));
        if (level.isThinking()) {
            assertEquals("model.layers.3.adapters." + id, BottleneckConfig.module(3, level));
            assertEquals(id, level.tagName().orElseThrow());
        }
        assertEquals(List.of(ReasoningLevel.STRATEGIC, ReasoningLevel.TACTICAL, ReasoningLevel.OPERATIONAL),
                ReasoningLevel.thinkingLevels());
        assertEquals(List.of("loss", "loss.output", "loss.strategic", "loss.tactical", "loss.operational"),
                HierarchicalLoss.outputNames(), "metrics order: the answer, then plan to arithmetic");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ReasoningLevel.class)
    void everyNameIsDerivedFromTheEnum(ReasoningLevel level, @TempDir Path dir) throws IOException {
        String id = level.id(), capitalised = Character.toUpperCase(id.charAt(0)) + id.substring(1);

        // metrics.jsonl: one key per level, read back
        Map<ReasoningLevel, Double> losses = new EnumMap<>(ReasoningLevel.class);
        for (ReasoningLevel l : ReasoningLevel.values()) losses.put(l, 0.5 + l.ordinal());
        StepMetrics m = new StepMetrics(1, 0, 2.0, losses, 1e-3, 0.7, 12, 100.0);
        JsonNode line = JSON.readTree(JSON.writeValueAsString(m));
        assertEquals(0.5 + level.ordinal(), line.get("loss" + capitalised).asDouble());
        assertEquals(m, JSON.readValue(line.toString(), StepMetrics.class));

        // training config: the λ key with the level's default, and it is read
        JsonNode cfg = JSON.readTree(TrainingConfig.defaults().toJson());
        assertEquals(level.defaultLambda(), cfg.get("lambda" + capitalised).asDouble());
        TrainingConfig set = TrainingConfig.parse("{\"lambda" + capitalised + "\": 7}", "t");
        assertEquals(7.0, set.lambdas().weight(level));

        // the loss graph: a mask placeholder, a λ constant and a loss output per level
        SameDiff sd = SameDiff.create();
        HierarchicalLoss loss = HierarchicalLoss.attach(sd, sd.placeHolder("logits", DataType.DOUBLE, -1, 3), 3,
                LossWeights.DEFAULT);
        assertEquals(VariableType.PLACEHOLDER, sd.getVariable("loss_mask." + id).getVariableType());
        assertEquals(VariableType.CONSTANT, sd.getVariable("loss.lambda." + id).getVariableType());
        Map<String, INDArray> feed = new HashMap<>(loss.feed(new long[]{0, 2}, Map.of(level, new double[]{1, 1})));
        feed.put("logits", Nd4j.createFromArray(new double[][]{{0, 0, 0}, {0, 0, 0}}));
        assertEquals(Math.log(3), loss.evaluate(feed).get("loss." + id), 1e-12);

        if (!level.isThinking()) {
            assertThrows(IllegalArgumentException.class, () -> TrainingConfig.parse("{\"dropLevels\": [\"" + id + "\"]}", "t"));
            assertThrows(IllegalArgumentException.class, () -> new BottleneckConfig(Map.of(level,
                    Placement.everyLayer(Placement.Position.AFTER_MLP)), 4, BottleneckConfig.paper().activation(), 0.01, Set.of()));
            assertTrue(TagSegmenter.create().segment("<" + id + ">x</" + id + ">").spans().stream()
                    .noneMatch(s -> s.source().equals(LevelSpan.TAGGED)), "the answer part is never a tag");
            return;
        }
        // adapters: tensor names in adapter_model.safetensors, the placement and dropped keys in adapter_config.json
        List<ReasoningLevel> others = new ArrayList<>(ReasoningLevel.thinkingLevels());
        others.remove(level);
        BottleneckConfig b = BottleneckConfig.houlsby().withBottleneckSize(4);
        Map<ReasoningLevel, Placement> placements = new EnumMap<>(ReasoningLevel.class);
        for (ReasoningLevel l : ReasoningLevel.thinkingLevels()) placements.put(l, Placement.everyLayer(Placement.Position.AFTER_MLP));
        b = new BottleneckConfig(placements, 4, b.activation(), b.downInitStd(), Set.of());
        AdapterSet.init(ModelPreset.TINY.config(ModelFamily.QWEN2), b, 1).save(dir.resolve("all"));
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("all").resolve(AdapterSet.WEIGHTS_FILE))) {
            assertTrue(f.tensors().containsKey("model.layers.1.adapters." + id + ".down.weight"), f.tensors().keySet()::toString);
        }
        JsonNode adapterConfig = JSON.readTree(dir.resolve("all").resolve(AdapterSet.CONFIG_FILE).toFile()).get("config");
        assertTrue(adapterConfig.get("placements").has(id), adapterConfig::toString);
        if (!others.isEmpty()) {
            AdapterSet.init(ModelPreset.TINY.config(ModelFamily.QWEN2), b.drop(level), 1).save(dir.resolve("dropped"));
            JsonNode dropped = JSON.readTree(dir.resolve("dropped").resolve(AdapterSet.CONFIG_FILE).toFile()).get("config");
            assertEquals("[\"" + id + "\"]", dropped.get("dropped").toString());
            assertEquals(List.of(id), TrainingConfig.parse("{\"dropLevels\": [\"" + id + "\"]}", "t").dropLevels());
        }

        // the teacher's tag, and the teacher is told about it
        assertEquals(List.of(level), TagSegmenter.create().segment("<" + id + ">x</" + id + ">").spans().stream()
                .map(LevelSpan::level).toList());
        assertTrue(TagSegmenter.TEACHER_INSTRUCTIONS.contains("<" + id + ">"),
                "the teacher's instructions must describe the <" + id + "> tag");
    }
}
