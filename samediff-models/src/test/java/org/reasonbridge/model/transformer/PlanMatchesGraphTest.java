package org.reasonbridge.model.transformer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.Fixtures;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.exec.ArrayPool;
import org.reasonbridge.model.exec.ExecutionPlan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The execution plan against {@code sd.output} on the same feeds, on every fixture model: every output (logits and
 * each layer's present keys and values, which the plan writes into the cache's growing buffers in place) of a
 * prefill, a chunk and several KV-cache decode steps, for one row and for
 * a left-padded batch of two, within 1e-5 of the output's scale (max(1, max |sd.output|)): one-row projections run as
 * a GEMV in the plan ({@code DirectMatmul}) and as ND4J's GEMM in {@code sd.output}, whose float32 sums round differently
 * (a few ulp: 1.05e-5 on logits of magnitude 16).
 */
class PlanMatchesGraphTest {
    static final double TOLERANCE = 1e-5;
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

    private static String[] names(Decoder d, Decoder.Rows rows) {
        List<String> out = new ArrayList<>();
        out.add(rows == Decoder.Rows.ALL ? GraphNames.LOGITS_ALL : GraphNames.LOGITS);
        for (int l = 0; l < d.config().numLayers(); l++) {
            out.add(GraphNames.presentKey(l));
            out.add(GraphNames.presentValue(l));
        }
        return out.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyOutputOfEveryStepMatchesSameDiff(String name) {
        int[] ids = Fixtures.ints(Fixtures.meta(name).get("input_ids"));
        Decoder d = model(name).decoder();
        int[] shortRow = Arrays.copyOfRange(ids, 6, ids.length);
        int[] padded = new int[ids.length];
        Arrays.fill(padded, 0, 6, Decoder.PAD);
        System.arraycopy(shortRow, 0, padded, 6, shortRow.length);
        check(d, new int[][]{ids}, name + " B=1");
        check(d, new int[][]{ids, padded}, name + " B=2 left-padded");
    }

    /** Prefill 10 positions, a 3-token chunk, then one token per step: every path through the cache. */
    private static void check(Decoder d, int[][] rows, String label) {
        ExecutionPlan all = ExecutionPlan.compile(d.graph(), names(d, Decoder.Rows.ALL));
        ExecutionPlan last = ExecutionPlan.compile(d.graph(), names(d, Decoder.Rows.LAST));
        // capacity 1 to start with: the buffers grow (and are copied) on the first passes
        KvCache cache = new KvCache(d.config(), rows.length, d.dataType(), 1, new ArrayPool(0));
        int len = rows[0].length;
        int[][] bounds = {{0, 10}, {10, 13}, {13, 14}, {14, 15}, {15, 16}, {16, 17}, {17, len}};
        for (int[] b : bounds) {
            Decoder.Rows which = b[1] - b[0] > 1 ? Decoder.Rows.ALL : Decoder.Rows.LAST;
            int[][] tokens = Arrays.stream(rows).map(r -> Arrays.copyOfRange(r, b[0], b[1])).toArray(int[][]::new);
            cache.reserve(cache.length() + tokens[0].length);
            Map<String, INDArray> feed = d.feed(cache, tokens, which);
            String[] wanted = names(d, which);
            Map<String, INDArray> expected = d.graph().output(feed, wanted);
            // the plan as Decoder.forward runs it: present keys and values written into the cache's buffers
            Map<String, INDArray> got = (which == Decoder.Rows.ALL ? all : last).run(feed, d.appendTargets(cache));
            for (String n : wanted) {
                INDArray e = expected.get(n), g = got.get(n);
                assertArrayEquals(e.shape(), g.shape(), label + " step " + b[0] + " " + n);
                double diff = e.sub(g).amaxNumber().doubleValue();
                double scale = Math.max(1, e.amaxNumber().doubleValue());
                assertTrue(diff <= TOLERANCE * scale, label + " step " + b[0] + " " + n + ": max |plan - sd.output| = " + diff
                        + " (max |sd.output| = " + e.amaxNumber() + ")");
            }
            for (int l = 0; l < d.config().numLayers(); l++) {
                assertSame(cache.keyBuffer(l).data(), got.get(GraphNames.presentKey(l)).data(), label + ": in place");
                assertSame(cache.valueBuffer(l).data(), got.get(GraphNames.presentValue(l)).data(), label + ": in place");
            }
            // alternately the in-place views and sd.output's fresh arrays (which the cache copies in) go on
            Map<String, INDArray> next = b[0] % 2 == 0 ? got : expected;
            INDArray[] keys = new INDArray[d.config().numLayers()], values = new INDArray[d.config().numLayers()];
            for (int l = 0; l < keys.length; l++) {
                keys[l] = next.get(GraphNames.presentKey(l));
                values[l] = next.get(GraphNames.presentValue(l));
            }
            cache.store(keys, values);
        }
        assertEquals(len, cache.length(), label);
        all.close();
        last.close();
    }
}
