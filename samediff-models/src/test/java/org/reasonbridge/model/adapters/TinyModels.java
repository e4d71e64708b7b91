package org.reasonbridge.model.adapters;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.Checkpoint;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.model.transformer.Decoder;
import org.reasonbridge.model.transformer.LayerHooks;
import org.reasonbridge.model.transformer.ModelNames;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Tiny random models (2 layers, hidden 64, vocabulary 512) and training batches for adapter and loss tests. */
public final class TinyModels {
    private static final Map<ModelFamily, Map<String, INDArray>> WEIGHTS = new EnumMap<>(ModelFamily.class);

    private TinyModels() {
    }

    public static ModelConfig config(ModelFamily family) {
        return ModelPreset.TINY.config(family);
    }

    /** Seeded random FP32 weights of the tiny {@code family} model, written once through RandomCheckpoint. */
    public static synchronized Map<String, INDArray> weights(ModelFamily family) {
        return WEIGHTS.computeIfAbsent(family, f -> {
            try {
                Path dir = Files.createTempDirectory("tiny-" + f.modelType());
                RandomCheckpoint.write(dir, config(f), 7, DType.F32);
                Map<String, INDArray> m = new HashMap<>();
                try (Checkpoint c = Checkpoint.open(dir)) {
                    for (String n : ModelNames.expected(config(f)).keySet()) m.put(n, c.readFloat(n));
                }
                return m;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public static Decoder decoder(ModelFamily family, LayerHooks hooks, DataType dtype) {
        return Decoder.build(config(family), weights(family)::get, hooks, dtype);
    }

    /** {@code set} with every tensor that starts at zero (up-projections, biases, lora_B) drawn from N(0, std²). */
    public static AdapterSet nonZero(AdapterSet set, long seed, double std) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        set.tensors().forEach((n, a) -> m.put(n, a.amaxNumber().doubleValue() == 0
                ? Initializers.normal(n + "#test", a.shape(), seed, std) : a));
        return AdapterSet.of(set.base(), set.config(), m);
    }

    /** Random token rows [batch][time]. */
    public static int[][] tokens(int batch, int time, int vocab, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] t = new int[batch][time];
        for (int[] row : t) for (int i = 0; i < time; i++) row[i] = r.nextInt(vocab);
        return t;
    }

    public static long[] labels(int n, int vocab, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] l = new long[n];
        for (int i = 0; i < n; i++) l[i] = r.nextInt(vocab);
        return l;
    }

    /** Each token in one level chosen at random, or (one in five) in none, as a segmented trace would be. */
    public static Map<ReasoningLevel, double[]> masks(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        ReasoningLevel[] levels = ReasoningLevel.values();
        Map<ReasoningLevel, double[]> m = new EnumMap<>(ReasoningLevel.class);
        for (ReasoningLevel level : levels) m.put(level, new double[n]);
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(levels.length + 1);
            if (k < levels.length) m.get(levels[k])[i] = 1;
        }
        return m;
    }

    /** Copies of every VARIABLE-type array in {@code sd}. */
    public static Map<String, INDArray> snapshot(SameDiff sd) {
        Map<String, INDArray> m = new HashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) m.put(v.name(), v.getArr().dup());
        }
        return m;
    }
}
