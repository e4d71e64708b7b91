package org.reasonbridge.training;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.data.Example;
import org.reasonbridge.data.ExampleReader;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.adapters.AdapterSet;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.Checkpoint;
import org.reasonbridge.model.io.DType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training on the project's sample data with a tiny model it writes itself: every method with the hierarchical and
 * the plain sft loss, resume, reload.
 */
class TrainingTest {
    @TempDir
    static Path shared;
    static Path modelDir;
    static List<Example> examples;

    @BeforeAll
    static void setUp() {
        modelDir = shared.resolve("tiny");
        RandomCheckpoint.write(modelDir, ModelPreset.TINY.config(ModelFamily.QWEN2), 5, DType.F32);
        Path root = Path.of(System.getProperty("reasonbridge.root", ".."));
        examples = ExampleReader.read(root.resolve("datasets/samples/reasoning-mini.jsonl"));
    }

    static List<EncodedExample> encode(TrainingSetup setup) {
        ExampleEncoder enc = ExampleEncoder.of(setup.model().tokenizer(), setup.config().format(), 1024,
                OverLength.ERROR);
        return examples.stream().map(e -> enc.encode(e).example().orElseThrow()).toList();
    }

    static Map<String, INDArray> baseWeights() throws IOException {
        Map<String, INDArray> w = new HashMap<>();
        try (Checkpoint c = Checkpoint.open(modelDir)) {
            for (String n : c.names()) w.put(n, c.readFloat(n));
        }
        return w;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bottleneck paper   | {\"method\": \"bottleneck\", \"preset\": \"paper\", \"learningRate\": 0.01}",
            "bottleneck houlsby | {\"method\": \"bottleneck\", \"preset\": \"houlsby\", \"bottleneck\": 16, \"learningRate\": 0.01}",
            "lora               | {\"method\": \"lora\", \"loraRank\": 4, \"learningRate\": 0.01}",
            "full               | {\"method\": \"full\", \"learningRate\": 0.001}",
            "bottleneck sft     | {\"method\": \"bottleneck\", \"loss\": \"sft\", \"learningRate\": 0.01}",
            "lora sft           | {\"method\": \"lora\", \"loraRank\": 4, \"loss\": \"sft\", \"learningRate\": 0.01}",
            "full sft           | {\"method\": \"full\", \"loss\": \"sft\", \"learningRate\": 0.001}",
    })
    void lossGoesDownAndOnlyTrainableWeightsMove(String name, String json, @TempDir Path out) throws IOException {
        TrainingConfig cfg = TrainingConfig.parse(json.replace("}", ", \"epochs\": 4, \"batchSize\": 2, "
                + "\"gradientAccumulation\": 1, \"warmupRatio\": 0, \"checkpointEvery\": 100}"), name);
        TrainingSetup setup = TrainingSetup.create(modelDir, cfg);
        Map<String, INDArray> before = new HashMap<>();
        for (String t : setup.trainable()) before.put(t, setup.graph().getArrForVarName(t).dup());
        List<StepMetrics> history = new Trainer(setup, out).run(encode(setup), TrainingListener.NONE);

        assertEquals(16, history.size());
        double first = (history.get(0).loss() + history.get(1).loss()) / 2;
        double last = (history.get(14).loss() + history.get(15).loss()) / 2;
        assertTrue(last < first, name + ": loss " + first + " -> " + last);
        if (cfg.loss().equals("sft")) {
            // one micro-batch a step: the token mean is a token-weighted average of the per-level means
            for (StepMetrics m : history) {
                DoubleSummaryStatistics levels = m.levelLosses().values().stream().filter(l -> l > 0)
                        .mapToDouble(Double::doubleValue).summaryStatistics();
                assertTrue(m.loss() >= levels.getMin() - 1e-6 && m.loss() <= levels.getMax() + 1e-6,
                        name + ": step " + m.step() + " loss " + m.loss() + " outside the level means " + levels);
            }
        }
        for (String t : setup.trainable()) {
            assertNotEquals(before.get(t), setup.graph().getArrForVarName(t), name + ": " + t + " did not train");
        }
        boolean full = cfg.method().equals("full");
        for (Map.Entry<String, INDArray> e : baseWeights().entrySet()) {
            INDArray now = setup.graph().getArrForVarName(e.getKey());
            if (full && !e.getKey().equals("model.embed_tokens.weight")) {
                assertNotEquals(e.getValue(), now, name + ": base weight " + e.getKey() + " should train");
            } else {
                assertEquals(e.getValue(), now, name + ": base weight " + e.getKey() + " changed");
            }
        }
    }

    /**
     * A run killed after step 3 and started again continues as the uninterrupted run, to the bit; also when the runs
     * recompute activations differently (the same gradients, so a checkpoint resumes under any {@code recompute}).
     */
    @ParameterizedTest(name = "recompute {0}, crashing {1}, resumed {2}")
    @CsvSource({"auto, auto, auto", "off, layers, off"})
    void crashAndResumeContinueExactly(String straightRecompute, String crashingRecompute, String resumedRecompute,
                                       @TempDir Path tmp) {
        String json = "{\"epochs\": 3, \"batchSize\": 2, \"gradientAccumulation\": 2, \"learningRate\": 0.01, "
                + "\"checkpointEvery\": 1, \"preset\": \"houlsby\", \"bottleneck\": 8, \"recompute\": \"%s\"}";
        TrainingConfig cfg = TrainingConfig.parse(String.format(json, straightRecompute), "t");
        TrainingSetup straight = TrainingSetup.create(modelDir, cfg);
        List<StepMetrics> expected = new Trainer(straight, tmp.resolve("a")).run(encode(straight), TrainingListener.NONE);

        TrainingSetup crashing = TrainingSetup.create(modelDir, TrainingConfig.parse(String.format(json,
                crashingRecompute), "t"));
        RuntimeException crash = new RuntimeException("simulated crash");
        assertThrows(RuntimeException.class, () -> new Trainer(crashing, tmp.resolve("b")).run(encode(crashing),
                (m, total) -> {
                    if (m.step() == 3) throw crash;
                }));
        TrainingSetup resumed = TrainingSetup.create(modelDir, TrainingConfig.parse(String.format(json,
                resumedRecompute), "t"));
        List<StepMetrics> actual = new Trainer(resumed, tmp.resolve("b")).run(encode(resumed), TrainingListener.NONE);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).loss(), actual.get(i).loss(), 0.0, "step " + (i + 1));
            assertEquals(expected.get(i).gradNorm(), actual.get(i).gradNorm(), 0.0, "step " + (i + 1));
        }
        TrainingConfig other = TrainingConfig.parse("{\"epochs\": 3, \"seed\": 1}", "other");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            TrainingSetup s = TrainingSetup.create(modelDir, other);
            new Trainer(s, tmp.resolve("b")).run(encode(s), TrainingListener.NONE);
        });
        assertTrue(e.getMessage().contains("another training config"), e.getMessage());
    }

    @Test
    void trainedAdaptersLoadBackForGeneration(@TempDir Path out) {
        TrainingConfig cfg = TrainingConfig.parse("{\"epochs\": 1, \"batchSize\": 4, \"gradientAccumulation\": 1, "
                + "\"learningRate\": 0.05, \"preset\": \"houlsby\", \"bottleneck\": 8}", "t");
        TrainingSetup setup = TrainingSetup.create(modelDir, cfg);
        new Trainer(setup, out).run(encode(setup), TrainingListener.NONE);
        int[] ids = {10, 20, 30, 40, 50};
        float[][] trained = setup.model().decoder().logits(ids);
        try (Model reloaded = Model.load(modelDir, out); Model base = Model.load(modelDir)) {
            assertEquals(0.0, maxDiff(trained, reloaded.logits(ids)), 1e-6, "reloaded adapters");
            assertTrue(maxDiff(trained, base.logits(ids)) > 1e-4, "the adapters must change the model");
            assertTrue(reloaded.generate("Hi", org.reasonbridge.model.generate.GenerationConfig.greedy(3))
                    .generatedIds().length > 0);
        }
        Path otherBase = out.resolve("llama");
        RandomCheckpoint.write(otherBase, ModelPreset.SMALL.config(ModelFamily.LLAMA), 1, DType.F32);
        Exception e = assertThrows(RuntimeException.class, () -> Model.load(otherBase, out));
        assertTrue(e.getMessage().contains(AdapterSet.CONFIG_FILE), e.getMessage());
    }

    private static double maxDiff(float[][] a, float[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
        return m;
    }
}
