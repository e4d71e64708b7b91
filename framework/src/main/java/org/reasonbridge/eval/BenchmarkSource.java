package org.reasonbridge.eval;

import java.nio.file.Path;

/** Where the runner gets a benchmark by name and file: the loaders' registry, or {@link JsonlBenchmark}. */
@FunctionalInterface
public interface BenchmarkSource {
    Benchmark load(String name, Path file);
}
