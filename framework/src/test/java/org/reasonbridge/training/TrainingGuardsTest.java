package org.reasonbridge.training;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.data.Example;
import org.reasonbridge.data.ExampleReader;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.adapters.AdapterSet;
import org.reasonbridge.model.adapters.bottleneck.BottleneckConfig;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a run does when it goes wrong or is repeated: a non-finite step stops it before anything is overwritten, a
 * resume and a finished run are announced, a level without adapters on a shallow model is noted, and the files it
 * writes carry an ordinary mode.
 */
class TrainingGuardsTest {
    @TempDir
    static Path shared;
    static Path modelDir;
    static List<Example> examples;

    @BeforeAll
    static void setUp() {
        modelDir = shared.resolve("tiny");
        RandomCheckpoint.write(modelDir, ModelPreset.TINY.config(ModelFamily.QWEN2), 5, DType.F32);
        examples = ExampleReader.read(Path.of(System.getProperty("reasonbridge.root", ".."))
                .resolve("datasets/samples/reasoning-mini.jsonl"));
    }

    /** What a listener saw: where the run started, the steps, the notices. */
    static final class Seen implements TrainingListener {
        int done = -1, total = -1;
        final List<Integer> steps = new ArrayList<>();
        final List<String> notices = new ArrayList<>();

        @Override
        public void onStep(StepMetrics m, int totalSteps) {
            steps.add(m.step());
        }

        @Override
        public void onStart(int doneSteps, int totalSteps, Path outDir) {
            done = doneSteps;
            total = totalSteps;
        }

        @Override
        public void onNotice(String message) {
            notices.add(message);
        }
    }

    static List<StepMetrics> train(String json, Path out, TrainingListener listener) {
        TrainingSetup setup = TrainingSetup.create(modelDir, TrainingConfig.parse(json, "t"));
        ExampleEncoder enc = ExampleEncoder.of(setup.model().tokenizer(), setup.config().format(), 1024,
                OverLength.ERROR);
        List<EncodedExample> encoded = examples.stream().map(e -> enc.encode(e).example().orElseThrow()).toList();
        return new Trainer(setup, out).run(encoded, listener);
    }

    @Test
    void aNonFiniteStepStopsTheRunBeforeItChangesAnything(@TempDir Path out) throws IOException {
        String json = "{\"learningRate\": 1e30, \"epochs\": 1, \"batchSize\": 2, \"gradientAccumulation\": 1, "
                + "\"checkpointEvery\": 1, \"preset\": \"houlsby\", \"bottleneck\": 8}";
        Seen seen = new Seen();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> train(json, out, seen));
        int bad = e.step();
        assertTrue(bad >= 2, "the first step's loss is computed before any update: " + e.getMessage());
        for (String part : List.of("diverged at step " + bad + " of 4", "still holds step " + (bad - 1),
                "no adapters were written", "Lower learningRate (now 1.0E30", "new --out folder")) {
            assertTrue(e.getMessage().contains(part), part + " in: " + e.getMessage());
        }
        assertEquals(bad - 1, seen.steps.size());
        assertFalse(Files.exists(out.resolve(AdapterSet.WEIGHTS_FILE)), "no NaN adapters");
        assertEquals(bad - 1, CheckpointStore.state(out.resolve("checkpoint")).step(), "the last good checkpoint stays");
        for (INDArray t : CheckpointStore.tensors(out.resolve("checkpoint").resolve(CheckpointStore.PARAMS)).values()) {
            assertTrue(Arrays.stream(t.ravel().toDoubleVector()).allMatch(Double::isFinite), "checkpoint tensors are finite");
        }
        List<String> lines = Files.readAllLines(out.resolve(Trainer.METRICS));
        assertEquals(bad - 1, lines.size());
        assertFalse(lines.stream().anyMatch(l -> l.contains("NaN") || l.contains("Infinity")), lines.toString());
    }

    @Test
    void aResumeSaysFromWhichStepAndAFinishedRunTrainsNothing(@TempDir Path out) throws IOException {
        String json = "{\"epochs\": 1, \"batchSize\": 2, \"gradientAccumulation\": 1, \"checkpointEvery\": 1, "
                + "\"learningRate\": 0.01, \"preset\": \"houlsby\", \"bottleneck\": 8}";
        Seen first = new Seen();
        assertThrows(IllegalStateException.class, () -> train(json, out, new TrainingListener() {
            @Override
            public void onStep(StepMetrics m, int total) {
                first.onStep(m, total);
                if (m.step() == 2) throw new IllegalStateException("killed");
            }

            @Override
            public void onStart(int done, int total, Path dir) {
                first.onStart(done, total, dir);
            }
        }));
        assertEquals(0, first.done, "a fresh run starts at 0");
        Seen resumed = new Seen();
        List<StepMetrics> history = train(json, out, resumed);
        assertEquals(2, resumed.done, "resumed from the checkpoint of step 2");
        assertEquals(List.of(3, 4), resumed.steps);
        assertEquals(4, history.size());
        assertEquals(4, Files.readAllLines(out.resolve(Trainer.METRICS)).size());

        byte[] adapters = Files.readAllBytes(out.resolve(AdapterSet.WEIGHTS_FILE));
        Seen again = new Seen();
        assertEquals(4, train(json, out, again).size(), "the finished run's history");
        assertEquals(4, again.done);
        assertEquals(4, again.total);
        assertEquals(List.of(), again.steps, "nothing is trained again");
        assertArrayEquals(adapters, Files.readAllBytes(out.resolve(AdapterSet.WEIGHTS_FILE)));

        // the adapter files are as readable as any file this process makes (not owner-only like a temp file)
        Path probe = out.resolve("probe");
        try (OutputStream o = Files.newOutputStream(probe)) {
            o.write(1);
        }
        for (String f : List.of(AdapterSet.CONFIG_FILE, AdapterSet.WEIGHTS_FILE, Trainer.METRICS)) {
            assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(out.resolve(f)), f);
        }
    }

    @Test
    void theFinishedRunWritesItsAdaptersWhenAKillCameBetweenCheckpointAndSave(@TempDir Path out) throws IOException {
        String json = "{\"maxSteps\": 2, \"batchSize\": 2, \"gradientAccumulation\": 1, \"learningRate\": 0.01, "
                + "\"preset\": \"pfeiffer\", \"bottleneck\": 8}";
        train(json, out, TrainingListener.NONE);
        byte[] adapters = Files.readAllBytes(out.resolve(AdapterSet.WEIGHTS_FILE));
        Files.delete(out.resolve(AdapterSet.WEIGHTS_FILE));
        Seen again = new Seen();
        train(json, out, again);
        assertEquals(List.of(), again.steps);
        assertArrayEquals(adapters, Files.readAllBytes(out.resolve(AdapterSet.WEIGHTS_FILE)));
    }

    @Test
    void aLevelWithoutLayersOnAShallowModelIsNotedAndNothingToTrainIsRefused() {
        TrainingSetup paper = TrainingSetup.create(modelDir, TrainingConfig.parse("{\"preset\": \"paper\"}", "t"));
        assertEquals(1, paper.notices().size(), paper.notices().toString());
        assertTrue(paper.notices().get(0).contains("this 2-layer model has none there, so operational gets no adapter"),
                paper.notices().get(0));
        assertEquals(List.of(), TrainingSetup.create(modelDir, TrainingConfig.parse("{\"preset\": \"houlsby\"}", "t"))
                .notices());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> TrainingSetup.create(modelDir,
                TrainingConfig.parse("{\"dropLevels\": [\"strategic\", \"tactical\"]}", "t")));
        assertTrue(none.getMessage().startsWith("nothing to train: "), none.getMessage());
    }

    @Test
    void fromThreeLayersUpEveryThirdOfThePaperPresetHoldsALayer() {
        for (int layers = 3; layers <= 128; layers++) {
            for (Map.Entry<?, org.reasonbridge.model.adapters.bottleneck.Placement> e
                    : BottleneckConfig.paper().placements().entrySet()) {
                assertTrue(e.getValue().layers(layers).length > 0, e.getKey() + " at " + layers + " layers");
            }
        }
    }
}
