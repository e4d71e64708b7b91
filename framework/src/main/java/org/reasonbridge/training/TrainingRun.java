package org.reasonbridge.training;

import org.reasonbridge.data.Example;
import org.reasonbridge.data.ExampleReader;

import java.nio.file.Path;
import java.util.List;

/**
 * One call from data file to trained adapters, for the CLI and notebooks:
 * {@code TrainingRun.train(model, data, TrainingConfig.defaults(), out, TrainingListener.NONE)}.
 */
public final class TrainingRun {
    private TrainingRun() {
    }

    /** Reads, encodes and trains; resumes when {@code outDir} holds a checkpoint of the same run. */
    public static List<StepMetrics> train(Path modelDir, Path dataFile, TrainingConfig config, Path outDir,
                                          TrainingListener listener) {
        List<Example> examples = ExampleReader.read(dataFile);
        TrainingSetup setup = TrainingSetup.create(modelDir, config);
        ExampleEncoder encoder = ExampleEncoder.of(setup.model().tokenizer(), config.format(), config.maxSequenceLength());
        List<EncodedExample> encoded = examples.stream().map(encoder::encode).toList();
        return new Trainer(setup, outDir).run(encoded, listener);
    }
}
