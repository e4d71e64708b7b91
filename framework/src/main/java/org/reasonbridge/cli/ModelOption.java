package org.reasonbridge.cli;

import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code --model DIR} option; without it, the built-in tiny model (written on first use). */
final class ModelOption {
    @Option(names = "--model", paramLabel = "DIR",
            description = "Hugging Face model folder (config.json, *.safetensors, tokenizer.json). "
                    + "Default: the built-in tiny random Qwen2 model, written to $REASONBRIDGE_HOME/models/tiny-qwen2.")
    Path model;

    Path resolve() {
        if (model != null) {
            PathArgs.inputFolder(model, "--model", "a Hugging Face model folder");
            return model;
        }
        Path home = System.getenv("REASONBRIDGE_HOME") != null ? Path.of(System.getenv("REASONBRIDGE_HOME"))
                : Path.of(System.getProperty("user.home"), ".cache", "reasonbridge");
        Path dir = home.resolve("models").resolve("tiny-qwen2");
        if (!Files.exists(dir.resolve("model.safetensors"))) {
            System.err.println("writing the built-in tiny model to " + dir);
            RandomCheckpoint.write(dir, ModelPreset.TINY.config(ModelFamily.QWEN2), 0, DType.F32);
        }
        return dir;
    }
}
