package org.reasonbridge.model.adapters;

import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.transformer.ModelNames;

import java.util.Map;

/**
 * How many parameters a base model has and how many an adapter config adds, from a bare {@code config.json} (no
 * weights needed). The base count sums {@link ModelNames#expected}: tied embeddings count once.
 *
 * @param base      parameters of the frozen base model
 * @param trainable parameters the adapters add (the only ones trained)
 */
public record ParameterReport(long base, long trainable) {
    public static ParameterReport of(ModelConfig base, AdapterConfig adapters) {
        return new ParameterReport(count(ModelNames.expected(base)), count(adapters.shapes(base)));
    }

    /** Parameters of the base model alone. */
    public static long baseCount(ModelConfig base) {
        return count(ModelNames.expected(base));
    }

    private static long count(Map<String, long[]> shapes) {
        long n = 0;
        for (long[] s : shapes.values()) {
            long k = 1;
            for (long d : s) k = Math.multiplyExact(k, d);
            n = Math.addExact(n, k);
        }
        return n;
    }

    /** Trainable share in percent of all parameters, base plus adapters (PEFT's {@code trainable%}). */
    public double percent() {
        return 100.0 * trainable / (base + trainable);
    }

    @Override
    public String toString() {
        return String.format("base %,d, trainable %,d (%.4f%%)", base, trainable, percent());
    }
}
