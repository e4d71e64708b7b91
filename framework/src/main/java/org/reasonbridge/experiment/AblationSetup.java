package org.reasonbridge.experiment;

import org.reasonbridge.eval.Benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What an ablation study needs, whatever world it runs in: the student, a curation folder holding the curated set and
 * the comparison sets its variants train on, the test sets, the full method's training config and test-time policy,
 * and how examples are prepared for training. The mini world builds one from a demo folder
 * ({@code demo.MiniAblation}); {@link AblationConfig} builds one for real models.
 *
 * @param student           the base model folder every variant starts from
 * @param curation          curation's output folder ({@code reason1k.jsonl} and the {@code ablation-*.jsonl} sets)
 * @param sets              test set name -> benchmark and its file, in table order
 * @param training          the full method's training config, a JSON object of {@link org.reasonbridge.training.TrainingConfig} keys
 * @param trainingOverrides variant name -> JSON object of keys that variant sets on top of its own change (e.g. a
 *                          learning rate fit for full fine-tuning); may be empty
 * @param policy            the full method's test-time policy ({@code gii}, {@code none}, ...)
 * @param eval              evaluation settings
 * @param seed              the bootstrap's seed
 * @param data              turns a curation file into the file trained on
 * @param inputs            what else identifies the setup in each variant's record (world, seed, ...)
 */
public record AblationSetup(Path student, Path curation, Map<String, EvalSet> sets, String training,
                            Map<String, String> trainingOverrides, String policy, Stages.EvalSettings eval, long seed,
                            DataPrep data, Map<String, Object> inputs) {
    public AblationSetup {
        if (!Files.isDirectory(student)) throw new IllegalArgumentException("student: no model folder at " + student);
        if (sets.isEmpty()) throw new IllegalArgumentException("an ablation study needs at least one test set");
        sets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sets));
        trainingOverrides = Map.copyOf(trainingOverrides);
        inputs = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(inputs));
    }

    /** A test set: the benchmark as loaded, and the file it was loaded from (recorded in each run). */
    public record EvalSet(Benchmark benchmark, Path file) {
    }

    /** Turns a curation file ({@code reason1k.jsonl}, {@code ablation-random.jsonl}, ...) into the file a variant trains on. */
    @FunctionalInterface
    public interface DataPrep {
        Path prepare(Path curated, String name);

        /** Trains on curation's files as they are. */
        DataPrep AS_IS = (curated, name) -> curated;
    }
}
