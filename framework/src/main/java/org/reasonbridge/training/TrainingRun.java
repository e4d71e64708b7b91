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
        ExampleEncoder encoder = ExampleEncoder.of(setup.model().tokenizer(), config);
        List<EncodedExample> encoded = new ArrayList<>(examples.size());
        List<OverLengthReport.Entry> overLength = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            String line = e.provenance().get("line");
            ExampleEncoder.Result r;
            try {
                r = encoder.encode(e);
            } catch (IllegalArgumentException bad) {
                // the encoder knows the record; the user looks for it in the file
                String where = dataFile + ":" + (line == null ? "?" : line);
                throw new IllegalArgumentException(where + ": " + bad.getMessage(), bad);
            }
            r.example().ifPresent(encoded::add);
            if (r.action() != ExampleEncoder.Result.Action.KEPT) {
                Long lineNumber = line == null ? null : Long.valueOf(line);
                overLength.add(new OverLengthReport.Entry(i, lineNumber, e.id(), r.tokens(), config.maxSequenceLength(),
                        r.action().id(), r.reason()));
            }
        }
        if (encoded.isEmpty()) {
            OverLengthReport.Entry first = overLength.get(0);
            // under skip every reason is the same; under truncate the first says why cutting could not help
            String why = OverLength.of(config.overLength()) == OverLength.SKIP ? "" : "; line " + first.line()
                    + ", example '" + first.id() + "': " + first.reason();
            throw new IllegalArgumentException(dataFile + ": no example left to train on: all " + examples.size()
                    + " are over maxSequenceLength " + config.maxSequenceLength() + " and were skipped (overLength "
                    + config.overLength() + why + "); raise maxSequenceLength in the training config");
        }
        return new Trainer(setup, outDir).run(encoded, new OverLengthReport(overLength), listener);
    }
}
