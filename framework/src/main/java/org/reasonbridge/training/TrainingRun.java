package org.reasonbridge.training;

import org.reasonbridge.data.Example;
import org.reasonbridge.data.ExampleReader;

import java.nio.file.Path;
import java.util.ArrayList;
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
        List<EncodedExample> encoded = new ArrayList<>(examples.size());
        for (Example e : examples) {
            try {
                encoded.add(encoder.encode(e));
            } catch (IllegalArgumentException bad) {
                // the encoder knows the record; the user looks for it in the file
                throw new IllegalArgumentException(dataFile + ":" + e.provenance().getOrDefault("line", "?") + ": "
                        + bad.getMessage(), bad);
            }
        }
        return new Trainer(setup, outDir).run(encoded, listener);
    }
}
