package org.reasonbridge.model;

import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelConfigWriter;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.model.io.SafetensorsWriter;
import org.reasonbridge.model.transformer.ModelNames;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a Hugging Face model folder with seeded random weights for any {@link ModelConfig}: the checkpoints the
 * project makes itself for tests, benchmarks and the built-in demo model. Projections are scaled by
 * 1/sqrt(fan-in) so activations stay O(1) and greedy decoding is not degenerate. Models with the 512-token
 * vocabulary also get the cut Qwen tokenizer shipped in the jar, so text generation works end to end.
 */
public final class RandomCheckpoint {
    private static final String TINY_TOKENIZER = "/org/reasonbridge/model/tiny/";

    private RandomCheckpoint() {
    }

    public static void write(Path folder, ModelConfig config, long seed, DType dtype) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("config.json"), ModelConfigWriter.toJson(config), StandardCharsets.UTF_8);
            SafetensorsWriter writer = new SafetensorsWriter(dtype).metadata("format", "pt")
                    .metadata("reasonbridge", "random weights, seed " + seed);
            SplittableRandom random = new SplittableRandom(seed);
            for (Map.Entry<String, long[]> e : ModelNames.expected(config).entrySet()) {
                writer.add(e.getKey(), init(e.getKey(), e.getValue(), random.split()), e.getValue());
            }
            writer.write(folder.resolve(SafetensorsWriter.SINGLE_FILE));
            if (config.vocabSize() == 512) {
                copyResource("tokenizer.json", folder);
                copyResource("tokenizer_config.json", folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot write the checkpoint", e);
        }
    }

    private static float[] init(String name, long[] shape, SplittableRandom random) {
        long n = 1;
        for (long d : shape) n *= d;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException(name + ": too large for one array");
        float[] a = new float[(int) n];
        boolean norm = name.endsWith("norm.weight");
        boolean bias = name.endsWith(".bias");
        double std = norm ? 0.1 : bias ? 0.02 : name.equals(ModelNames.weight(ModelNames.EMBED_TOKENS))
                || name.equals(ModelNames.weight(ModelNames.LM_HEAD)) ? 0.5
                : 1.0 / Math.sqrt(shape[shape.length - 1]);
        for (int i = 0; i < a.length; i++) a[i] = (float) ((norm ? 1.0 : 0.0) + std * gaussian(random));
        return a;
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller; SplittableRandom has no nextGaussian in Java 17
        double u = 1.0 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static void copyResource(String name, Path folder) throws IOException {
        try (InputStream in = RandomCheckpoint.class.getResourceAsStream(TINY_TOKENIZER + name)) {
            if (in == null) throw new IOException("resource " + TINY_TOKENIZER + name + " missing from the jar");
            Files.copy(in, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
