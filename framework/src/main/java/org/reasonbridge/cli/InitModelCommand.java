package org.reasonbridge.cli;

import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** Writes a model folder with seeded random weights, with the project's own safetensors writer. */
@Command(name = "init-model", mixinStandardHelpOptions = true,
        description = "Write a Hugging Face model folder with seeded random weights (tests, benchmarks, demos).")
final class InitModelCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "tiny", description = "tiny, small or qwen0.5b. Default: ${DEFAULT-VALUE}.")
    String preset;
    @Option(names = "--arch", defaultValue = "qwen2", description = "qwen2, llama, mistral or mixtral. Default: ${DEFAULT-VALUE}.")
    String arch;
    @Option(names = "--dtype", defaultValue = "f32", description = "f32, bf16 or f16. Default: ${DEFAULT-VALUE}.")
    String dtype;
    @Option(names = "--seed", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
        PathArgs.outputFolder(out, "--out");
        if (Files.isDirectory(out)) {
            try (Stream<Path> files = Files.list(out)) {
                List<String> names = files.map(f -> f.getFileName().toString()).sorted().limit(3).toList();
                if (!names.isEmpty()) {
                    // random weights over a real model's would destroy it; a new folder loses nothing
                    throw new IllegalArgumentException("--out " + out + ": not empty (holds " + String.join(", ", names)
                            + (names.size() == 3 ? ", ..." : "") + "); init-model writes a new model folder: give a new "
                            + "or empty folder");
                }
            }
        }
        ModelConfig config = ModelPreset.of(preset).config(ModelFamily.of(arch, "--arch"));
        DType type = switch (dtype) {
            case "f32" -> DType.F32;
            case "bf16" -> DType.BF16;
            case "f16" -> DType.F16;
            default -> throw new IllegalArgumentException("--dtype must be f32, bf16 or f16, got " + dtype);
        };
        RandomCheckpoint.write(out, config, seed, type);
        System.err.printf("wrote %s %s (%s) to %s%n", preset, arch, dtype, out);
        return 0;
    }
}
