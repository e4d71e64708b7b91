package org.reasonbridge.experiment;

import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.eval.EvalOptions;
import org.reasonbridge.eval.EvaluationRun;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.lm.LocalLanguageModel;
import org.reasonbridge.model.Model;
import org.reasonbridge.training.StepMetrics;
import org.reasonbridge.training.TrainingConfig;
import org.reasonbridge.training.TrainingListener;
import org.reasonbridge.training.TrainingRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The stages every experiment runs, whatever its world: a student trained on a data file, and one condition
 * evaluated on one test file. {@code demo} and {@code ablate} both run them, so a demo condition and an ablation
 * variant with equal inputs are the same run. Each stage resumes: training from its checkpoint, evaluation from
 * its sample log, and a finished evaluation (its {@code results.json}) is not run again.
 */
public final class Stages {
    private Stages() {
    }

    /**
     * How conditions are evaluated: greedy, at most {@code maxTokens} completion tokens, thinking included; a
     * policy's thinking budget leaves {@code answerTokens()} for the forced answer.
     *
     * @param maxTokens    completion tokens per sample
     * @param openThinking whether the prompt opens the thinking block (the student was trained to think there)
     * @param batchSize    problems a local model answers together (greedy rows batched; same samples as one at a
     *                     time), default 1
     */
    public record EvalSettings(int maxTokens, boolean openThinking, int batchSize) {
        public EvalSettings {
            if (maxTokens < 16) throw new IllegalArgumentException("maxTokens must be >= 16, got " + maxTokens);
            if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }

        /** One problem at a time. */
        public EvalSettings(int maxTokens, boolean openThinking) {
            this(maxTokens, openThinking, 1);
        }

        /** What a policy keeps for the answer after forcing the end of thinking: an eighth, at least 16 tokens. */
        public int answerTokens() {
            return Math.max(16, maxTokens / 8);
        }
    }

    /** Trains {@code config} on {@code data} into {@code dir} (adapters, or {@code dir/model} for full fine-tuning). */
    public static Path train(Path student, Path data, TrainingConfig config, Path dir, String stage, Progress progress) {
        TrainingRun.train(student, data, config, dir, listener(stage, progress));
        return dir;
    }

    /**
     * Evaluates {@code model} (with {@code adapters}, or alone when null) under the test-time policy named
     * {@code policy} on {@code benchmark} into {@code dir}; {@code inputs} are recorded in {@code results.json} (the
     * condition's name and whatever else tells runs apart). Skipped when {@code dir} holds a finished run.
     */
    public static void evaluate(Path model, Path adapters, String condition, String policy, Benchmark benchmark, Path file,
                                Path dir, EvalSettings settings, Map<String, Object> inputs, Progress progress) {
        if (Files.exists(dir.resolve(EvaluationRun.RESULTS))) return;
        progress.stage("eval", condition + " on " + benchmark.name());
        TestTimePolicy p = TestTimePolicy.named(policy);
        if (!p.isNone()) p = p.withThinkingBudget(settings.maxTokens() - settings.answerTokens());
        Map<String, Object> recorded = new java.util.LinkedHashMap<>(inputs);
        recorded.put("condition", condition);
        recorded.put("policy", p.describe());
        try (Model m = adapters == null ? Model.load(model) : Model.load(model, adapters)) {
            LocalLanguageModel.Options local = LocalLanguageModel.Options.defaults().withOpenThinking(settings.openThinking())
                    .withMaxTokens(settings.maxTokens());
            EvalOptions options = EvalOptions.defaults().withMaxTokens(settings.maxTokens()).withConcurrency(1)
                    .withBatchSize(settings.batchSize()).withDataFile(file).withInputs(recorded);
            EvaluationRun.run(benchmark, p.local(m, local), options, dir,
                    (done, total, correct, failed) -> progress.progress(condition + "/" + benchmark.name(), done, total, "correct " + correct));
        }
    }

    /** Training steps and notices as progress lines of {@code stage}. */
    public static TrainingListener listener(String stage, Progress progress) {
        return new TrainingListener() {
            @Override
            public void onStep(StepMetrics m, int total) {
                progress.progress(stage, m.step(), total, String.format("loss %.3f", m.loss()));
            }

            @Override
            public void onNotice(String message) {
                progress.stage(stage, "note: " + message);
            }
        };
    }
}
