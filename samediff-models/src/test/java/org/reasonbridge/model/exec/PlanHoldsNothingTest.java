package org.reasonbridge.model.exec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.Fixtures;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.transformer.Decoder;
import org.reasonbridge.model.transformer.GraphNames;
import org.reasonbridge.model.transformer.KvCache;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long-running server must not keep the last request alive: after a run the plan (its op contexts, ops and pool)
 * holds no reference to a fed array or a returned one, and keeps at most its pool's bound of intermediates.
 */
class PlanHoldsNothingTest {
    private static Model model;

    @BeforeAll
    static void load() {
        model = Model.load(Fixtures.model("qwen2-tiny"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static String[] outputs(Decoder d) {
        List<String> out = new ArrayList<>(List.of(GraphNames.LOGITS));
        for (int l = 0; l < d.config().numLayers(); l++) {
            out.add(GraphNames.presentKey(l));
            out.add(GraphNames.presentValue(l));
        }
        return out.toArray(String[]::new);
    }

    @Test
    void noFedOrReturnedArrayOutlivesTheRun() throws InterruptedException {
        Decoder d = model.decoder();
        ExecutionPlan plan = ExecutionPlan.compile(d.graph(), outputs(d));
        int[] ids = Arrays.copyOf(Fixtures.ints(Fixtures.meta("qwen2-tiny").get("input_ids")), 8);
        List<WeakReference<INDArray>> refs = runOnce(d, plan, ids);
        for (int i = 0; i < 50 && refs.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
            Thread.sleep(20);
        }
        long alive = refs.stream().filter(r -> r.get() != null).count();
        assertEquals(0, alive, alive + " of " + refs.size() + " fed or returned arrays are still reachable");
        plan.close();
    }

    /** Runs a prefill and one decode step; returns weak references to everything fed and returned. */
    private static List<WeakReference<INDArray>> runOnce(Decoder d, ExecutionPlan plan, int[] ids) {
        List<WeakReference<INDArray>> refs = new ArrayList<>();
        KvCache cache = d.newCache(1);
        Map<String, INDArray> feed = d.feed(cache, new int[][]{ids}, Decoder.Rows.LAST);
        Map<String, INDArray> out = plan.run(feed);
        feed.values().forEach(a -> refs.add(new WeakReference<>(a)));
        out.values().forEach(a -> refs.add(new WeakReference<>(a)));
        assertEquals(d.config().vocabSize(), out.get(GraphNames.LOGITS).size(1));
        return refs;
    }

    @ParameterizedTest(name = "pool bound {0} bytes")
    @ValueSource(longs = {0, 64 << 10, ArrayPool.DEFAULT_CAPACITY})
    void poolKeepsAtMostItsBound(long bound) {
        Decoder d = model.decoder();
        ExecutionPlan plan = ExecutionPlan.compile(d.graph(), bound, outputs(d));
        int[] ids = Fixtures.ints(Fixtures.meta("qwen2-tiny").get("input_ids"));
        for (int t = 8; t < 12; t++) { // prompts of growing length: new shapes every run
            plan.run(d.feed(d.newCache(1), new int[][]{Arrays.copyOf(ids, t)}, Decoder.Rows.LAST));
            assertTrue(plan.retainedBytes() <= bound, plan.retainedBytes() + " bytes kept, bound " + bound);
        }
        if (bound == ArrayPool.DEFAULT_CAPACITY) assertTrue(plan.retainedBytes() > 0, "the pool keeps intermediates");
        plan.close();
        assertEquals(0, plan.retainedBytes());
    }
}
