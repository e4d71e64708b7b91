package org.reasonbridge.model.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.Fixtures;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelConfigReader;
import org.reasonbridge.model.io.Checkpoint;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.generate.Generation;
import org.reasonbridge.model.generate.GenerationConfig;
import org.reasonbridge.model.generate.DecodeHook;
import org.reasonbridge.model.generate.TokenListener;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decoder against the float64 PyTorch reference on every fixture model: prompt logits, the greedy
 * continuation and the logits of each of its KV-cache steps, all within 1e-4.
 */
class FixtureLogitsTest {
    static final double TOLERANCE = 1e-4;
    private static final Map<String, Model> MODELS = new HashMap<>();

    static List<String> models() {
        return Fixtures.MODELS;
    }

    static synchronized Model model(String name) {
        return MODELS.computeIfAbsent(name, n -> Model.load(Fixtures.model(n)));
    }

    @AfterAll
    static void close() {
        MODELS.values().forEach(Model::close);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void promptLogitsMatchReference(String name) {
        JsonNode meta = Fixtures.meta(name);
        int[] ids = Fixtures.ints(meta.get("input_ids"));
        Model m = model(name);
        float[][] logits = m.logits(ids);
        double[][] ref = Fixtures.float64(Fixtures.reference(name).resolve("logits.bin"), ids.length, m.config().vocabSize());
        double diff = Fixtures.maxAbsDiff(logits, ref);
        assertTrue(diff < TOLERANCE, name + ": max |logits - reference| = " + diff);
    }

    /** In float64 the graph's arithmetic must equal the reference's up to rounding: any formula slip shows. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void float64GraphMatchesReferenceToRounding(String name) throws java.io.IOException {
        JsonNode meta = Fixtures.meta(name);
        int[] ids = Fixtures.ints(meta.get("input_ids"));
        ModelConfig c = ModelConfigReader.read(Fixtures.model(name));
        Map<String, INDArray> w = new HashMap<>();
        try (Checkpoint ckpt = Checkpoint.open(Fixtures.model(name))) {
            for (String n : ckpt.names()) w.put(n, ckpt.readFloat(n).castTo(DataType.DOUBLE));
        }
        Decoder d = Decoder.build(c, w::get, LayerHooks.NONE, DataType.DOUBLE);
        INDArray logits = d.forward(d.newCache(1), new int[][]{ids}, Decoder.Rows.ALL);
        double[][] ref = Fixtures.float64(Fixtures.reference(name).resolve("logits.bin"), ids.length, c.vocabSize());
        double max = 0;
        for (int i = 0; i < ids.length; i++) {
            for (int j = 0; j < c.vocabSize(); j++) max = Math.max(max, Math.abs(logits.getDouble(i, j) - ref[i][j]));
        }
        assertTrue(max < 1e-9, name + ": float64 max |logits - reference| = " + max);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void greedyTokensAndEveryStepsLogitsMatchReference(String name) {
        JsonNode meta = Fixtures.meta(name);
        int[] ids = Fixtures.ints(meta.get("input_ids"));
        int[] expected = Fixtures.ints(meta.get("greedy").get("ids"));
        Model m = model(name);
        List<float[]> stepLogits = new ArrayList<>();
        DecodeHook record = step -> {
            stepLogits.add(step.logits().clone());
            return org.reasonbridge.model.generate.DecodeAction.accept();
        };
        // no stop tokens: the reference generates exactly 16 whatever comes
        GenerationConfig cfg = GenerationConfig.greedy(expected.length).withStopTokenIds(Set.of());
        Generation g = m.generator().generate(List.of(ids), cfg, record, TokenListener.NONE).get(0);
        assertArrayEquals(expected, g.generatedIds(), name + ": greedy ids");
        double[][] ref = Fixtures.float64(Fixtures.reference(name).resolve("gen_logits.bin"), expected.length,
                m.config().vocabSize());
        double diff = Fixtures.maxAbsDiff(stepLogits.toArray(float[][]::new), ref);
        assertTrue(diff < TOLERANCE, name + ": max |step logits - reference| = " + diff);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void kvCacheDecodingEqualsFullRecomputation(String name) {
        int[] ids = Fixtures.ints(Fixtures.meta(name).get("input_ids"));
        Model m = model(name);
        float[][] full = m.logits(ids);
        Decoder d = m.decoder();
        KvCache cache = d.newCache(1);
        // prefill 10, then a 3-token chunk, then single tokens: every path through the cache
        float[][] cached = new float[ids.length][];
        float[][] first = d.forward(cache, new int[][]{Arrays.copyOf(ids, 10)}, Decoder.Rows.ALL).toFloatMatrix();
        System.arraycopy(first, 0, cached, 0, 10);
        float[][] chunk = d.forward(cache, new int[][]{Arrays.copyOfRange(ids, 10, 13)}, Decoder.Rows.ALL).toFloatMatrix();
        System.arraycopy(chunk, 0, cached, 10, 3);
        for (int i = 13; i < ids.length; i++) {
            cached[i] = d.forward(cache, new int[][]{{ids[i]}}, Decoder.Rows.LAST).toFloatMatrix()[0];
        }
        // equal up to FP32 summation order (matmuls of other shapes): measured <= 1.5e-5
        double diff = Fixtures.maxAbsDiff(cached, full);
        assertTrue(diff < TOLERANCE, name + ": max |cached - full| = " + diff);
        for (int i = 0; i < ids.length; i++) {
            assertEquals(argmax(full[i]), argmax(cached[i]), name + ": argmax at " + i);
        }
    }

    private static int argmax(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
        return best;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void leftPaddedBatchEqualsEachRowAlone(String name) {
        int[] ids = Fixtures.ints(Fixtures.meta(name).get("input_ids"));
        Model m = model(name);
        int[] shortPrompt = Arrays.copyOfRange(ids, 14, ids.length);
        GenerationConfig cfg = GenerationConfig.greedy(6).withStopTokenIds(Set.of());
        List<Generation> batch = m.generator().generate(List.of(ids, shortPrompt), cfg, DecodeHook.NONE, TokenListener.NONE);
        assertArrayEquals(m.generator().generate(ids, cfg).generatedIds(), batch.get(0).generatedIds(), name);
        assertArrayEquals(m.generator().generate(shortPrompt, cfg).generatedIds(), batch.get(1).generatedIds(), name);
    }
}
