package org.reasonbridge.demo;

/**
 * How big a demo run is. Two presets: {@link #full()} (under 15 minutes on two cores) and {@link #quick()} (under
 * three, for tests); the seed moves the world, the models' initialisation and every sample drawn.
 *
 * @param name            {@code full} or {@code quick}
 * @param world           the mini world (pool and test sets)
 * @param vocab           the demo tokenizer's vocabulary size
 * @param student         the student (and first solver)
 * @param solver          the second solver of the difficulty filter
 * @param baseExamples    direct-answer examples the base models are trained on
 * @param programExamples digit-program examples the student is trained on besides ({@link BaseModels#programs}),
 *                        the second solver a quarter as many: the domain whose single steps a base this small
 *                        learns, so the one where traces can show what they teach
 * @param baseEpochs      passes over them
 * @param selection       N, the curated set's size (the paper's 1K, scaled to the world)
 * @param adapterEpochs   passes over the curated set when training adapters
 * @param evalPerSet      test items evaluated per test file (0 = all)
 * @param maxTokens       completion tokens per evaluated sample, thinking included
 * @param batchSize       problems the local models answer together, in evaluation and in the difficulty filter
 *                        (greedy: the same answers as one at a time, in a fraction of the time); 16 in both presets
 * @param ablations       whether the single-level and plain-SFT ablations are trained (the full run's extra claims)
 */
public record DemoSettings(String name, WorldConfig world, int vocab, BaseModels.Shape student, BaseModels.Shape solver,
                           int baseExamples, int programExamples, int baseEpochs, int selection, int adapterEpochs, int evalPerSet,
                           int maxTokens, int batchSize, boolean ablations) {
    /** Problems per batch of both presets: at these model sizes a step of 16 rows costs about what one row does. */
    public static final int BATCH_SIZE = 16;

    public DemoSettings {
        if (vocab < 300) throw new IllegalArgumentException("vocab must be >= 300, got " + vocab);
        if (baseExamples < 1 || programExamples < 0 || baseEpochs < 1 || selection < 1 || adapterEpochs < 1 || maxTokens < 16 || evalPerSet < 0
                || batchSize < 1) {
            throw new IllegalArgumentException("demo sizes must be positive: " + this);
        }
    }

    /** The README's demo: a pool of about 1,250 problems, every claim's run. */
    public static DemoSettings full() {
        return new DemoSettings("full", new WorldConfig(7, 600, 300, 240, 22, 38, 22, 15, 9, 8, 8, 6), 640,
                new BaseModels.Shape("student", 96, 3, 4, 2, 256, 11), new BaseModels.Shape("solver", 64, 2, 4, 2, 192, 12),
                900, 24_000, 1, 192, 3, 0, 224, BATCH_SIZE, true);
    }

    /** The tests' demo: the same stages on a small world, the main claims only. */
    public static DemoSettings quick() {
        return new DemoSettings("quick", new WorldConfig(7, 140, 60, 50, 4, 6, 4, 3, 2, 2, 2, 2), 512,
                new BaseModels.Shape("student", 96, 2, 4, 2, 256, 11), new BaseModels.Shape("solver", 64, 2, 4, 2, 192, 12),
                450, 600, 1, 60, 3, 2, 160, BATCH_SIZE, false);
    }

    public DemoSettings withSeed(long seed) {
        BaseModels.Shape a = new BaseModels.Shape(student.name(), student.hidden(), student.layers(), student.heads(),
                student.kvHeads(), student.intermediate(), student.seed() + 100 * seed);
        BaseModels.Shape b = new BaseModels.Shape(solver.name(), solver.hidden(), solver.layers(), solver.heads(),
                solver.kvHeads(), solver.intermediate(), solver.seed() + 100 * seed);
        return new DemoSettings(name, world.withSeed(world.seed() + seed), vocab, a, b, baseExamples, programExamples, baseEpochs, selection,
                adapterEpochs, evalPerSet, maxTokens, batchSize, ablations);
    }
}
