package org.reasonbridge.eval;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of an evaluation run (generation is greedy).
 *
 * @param maxTokens          completion tokens per sample, default 2048
 * @param concurrency        samples in flight at once for endpoints (a local model batches instead: {@code
 *                           batchSize}), default 8
 * @param limit              the first {@code limit} problems only, 0 = all (default)
 * @param allowCodeExecution run model-written code to grade code benchmarks (HumanEval); default false
 * @param dataFile           the benchmark file (or folder), for its sha256 in the results, or null
 * @param numFewshot         solved examples put before each question (the harness's standard setup of the
 *                           benchmark), default 0
 * @param overwrite          start afresh in an output folder that holds another run, default false (refused)
 * @param inputs             the canonical identities of what the solver was built from (model and adapters by
 *                           resolved path and sha256, endpoint, provider, policy knobs), part of the run's identity;
 *                           default empty
 * @param batchSize          problems a local model decodes together as one batch ({@link
 *                           org.reasonbridge.lm.LanguageModel#answerAll}); greedy, so every sample is the one it
 *                           gets alone, only sooner; endpoints ignore it (they have {@code concurrency});
 *                           default {@value #DEFAULT_BATCH_SIZE}, one at a time
 */
public record EvalOptions(int maxTokens, int concurrency, int limit, boolean allowCodeExecution, Path dataFile,
                          int numFewshot, boolean overwrite, Map<String, Object> inputs, int batchSize) {
    public static final int DEFAULT_BATCH_SIZE = 1;

    public EvalOptions {
        if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        if (numFewshot < 0) throw new IllegalArgumentException("numFewshot must be >= 0, got " + numFewshot);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(inputs, "inputs")));
    }

    public EvalOptions(int maxTokens, int concurrency, int limit, boolean allowCodeExecution, Path dataFile) {
        this(maxTokens, concurrency, limit, allowCodeExecution, dataFile, 0, false, Map.of(), DEFAULT_BATCH_SIZE);
    }

    public static EvalOptions defaults() {
        return new EvalOptions(2048, 8, 0, false, null);
    }

    public EvalOptions withMaxTokens(int n) {
        return new EvalOptions(n, concurrency, limit, allowCodeExecution, dataFile, numFewshot, overwrite, inputs, batchSize);
    }

    public EvalOptions withConcurrency(int n) {
        return new EvalOptions(maxTokens, n, limit, allowCodeExecution, dataFile, numFewshot, overwrite, inputs, batchSize);
    }

    public EvalOptions withLimit(int n) {
        return new EvalOptions(maxTokens, concurrency, n, allowCodeExecution, dataFile, numFewshot, overwrite, inputs, batchSize);
    }

    /** Opts in to running model-written code (see {@link org.reasonbridge.grading.HumanEvalGrader}). */
    public EvalOptions withCodeExecution(boolean allow) {
        return new EvalOptions(maxTokens, concurrency, limit, allow, dataFile, numFewshot, overwrite, inputs, batchSize);
    }

    public EvalOptions withDataFile(Path f) {
        return new EvalOptions(maxTokens, concurrency, limit, allowCodeExecution, f, numFewshot, overwrite, inputs, batchSize);
    }

    public EvalOptions withFewshot(int n) {
        return new EvalOptions(maxTokens, concurrency, limit, allowCodeExecution, dataFile, n, overwrite, inputs, batchSize);
    }

    public EvalOptions withOverwrite(boolean o) {
        return new EvalOptions(maxTokens, concurrency, limit, allowCodeExecution, dataFile, numFewshot, o, inputs, batchSize);
    }

    public EvalOptions withInputs(Map<String, Object> identities) {
        return new EvalOptions(maxTokens, concurrency, limit, allowCodeExecution, dataFile, numFewshot, overwrite, identities, batchSize);
    }

    public EvalOptions withBatchSize(int n) {
        return new EvalOptions(maxTokens, concurrency, limit, allowCodeExecution, dataFile, numFewshot, overwrite, inputs, n);
    }
}
