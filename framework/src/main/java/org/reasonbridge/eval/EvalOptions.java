package org.reasonbridge.eval;

import java.nio.file.Path;

/**
 * Settings of an evaluation run (generation is greedy).
 *
 * @param maxTokens          completion tokens per sample, default 2048
 * @param concurrency        samples in flight at once for endpoints (local models run one at a time), default 8
 * @param limit              the first {@code limit} problems only, 0 = all (default)
 * @param allowCodeExecution run model-written code to grade code benchmarks (HumanEval); default false
 * @param dataFile           the benchmark file, for its sha256 in the results, or null
 */
public record EvalOptions(int maxTokens, int concurrency, int limit, boolean allowCodeExecution, Path dataFile) {
    public EvalOptions {
        if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }

    public static EvalOptions defaults() {
        return new EvalOptions(2048, 8, 0, false, null);
    }

    public EvalOptions withMaxTokens(int n) {
        return new EvalOptions(n, concurrency, limit, allowCodeExecution, dataFile);
    }

    public EvalOptions withConcurrency(int n) {
        return new EvalOptions(maxTokens, n, limit, allowCodeExecution, dataFile);
    }

    public EvalOptions withLimit(int n) {
        return new EvalOptions(maxTokens, concurrency, n, allowCodeExecution, dataFile);
    }

    /** Opts in to running model-written code (see {@link org.reasonbridge.grading.HumanEvalGrader}). */
    public EvalOptions withCodeExecution(boolean allow) {
        return new EvalOptions(maxTokens, concurrency, limit, allow, dataFile);
    }

    public EvalOptions withDataFile(Path f) {
        return new EvalOptions(maxTokens, concurrency, limit, allowCodeExecution, f);
    }
}
