package org.reasonbridge.eval.benchmarks;

import org.reasonbridge.eval.Benchmark;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The benchmark registry: {@code Benchmarks.load("gsm8k", Path.of("test.jsonl"))}. Each name reads its public
 * distribution format (see the loader of each); a malformed file is a
 * {@link org.reasonbridge.data.DataFileException} naming the file and the line.
 */
public final class Benchmarks {
    private static final Map<String, Function<Path, Benchmark>> LOADERS = new LinkedHashMap<>();

    static {
        LOADERS.put("math500", Math500Loader::load);
        LOADERS.put("aime2024", AimeLoader::load);
        LOADERS.put("gpqa-diamond", GpqaLoader::load);
        LOADERS.put("gsm8k", Gsm8kLoader::load);
        LOADERS.put("mmlu-stem", MmluLoader::load);
        LOADERS.put("bbh", BbhLoader::load);
        LOADERS.put("logiqa", LogiqaLoader::load);
        LOADERS.put("humaneval", HumanEvalLoader::load);
    }

    private Benchmarks() {
    }

    /** The registered names, in a fixed order. */
    public static List<String> names() {
        return List.copyOf(LOADERS.keySet());
    }

    /** Loads {@code file} (for BBH, a task file or a folder of them) as the benchmark {@code name}. */
    public static Benchmark load(String name, Path file) {
        Function<Path, Benchmark> loader = LOADERS.get(name);
        if (loader == null) throw new IllegalArgumentException("unknown benchmark '" + name + "' (" + String.join(", ", names()) + ")");
        return loader.apply(file);
    }
}
