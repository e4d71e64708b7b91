package org.reasonbridge.model.transformer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.Fixtures;
import org.reasonbridge.model.exec.ArrayPool;
import org.reasonbridge.model.Model;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The KV cache's buffers: how they grow, that a pre-sized cache never moves, that a closed cache starts over, and
 * that a closed cache's buffers serve the next cache of its decoder without changing a float.
 */
class KvCacheTest {
    private static Model model;
    private static int[] ids;

    @BeforeAll
    static void load() {
        model = Model.load(Fixtures.model("qwen2-tiny"));
        ids = Fixtures.ints(Fixtures.meta("qwen2-tiny").get("input_ids"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Prefill 10 positions, then one per step; returns the last step's logits. */
    private static float[] run(Decoder d, KvCache cache, int[] capacities) {
        INDArray logits = d.forward(cache, new int[][]{Arrays.copyOf(ids, 10)}, Decoder.Rows.LAST);
        capacities[0] = cache.capacity();
        for (int i = 10; i < 14; i++) {
            logits = d.forward(cache, new int[][]{{ids[i]}}, Decoder.Rows.LAST);
            capacities[i - 9] = cache.capacity();
        }
        return logits.toFloatVector();
    }

    @Test
    void buffersAtLeastDoubleWhenFull() {
        Decoder d = model.decoder();
        int[] capacities = new int[5];
        float[] grown = run(d, new KvCache(d.config(), 1, d.dataType(), 1, new ArrayPool(0)), capacities);
        assertArrayEquals(new int[]{10, 20, 20, 20, 20}, capacities);
        float[] roomy = run(d, d.newCache(1), capacities);
        assertArrayEquals(new int[]{64, 64, 64, 64, 64}, capacities);
        assertArrayEquals(roomy, grown, 1e-6f, "growing moves the cache without changing it");
    }

    @Test
    void aReservedCacheNeverMoves() {
        Decoder d = model.decoder();
        KvCache cache = d.newCache(1);
        cache.reserve(100);
        INDArray keys = cache.keyBuffer(0);
        run(d, cache, new int[5]);
        assertSame(keys, cache.keyBuffer(0));
        assertEquals(100, cache.capacity());
        assertEquals(14, cache.length());
    }

    @Test
    void aClosedCacheStartsOver() {
        Decoder d = model.decoder();
        KvCache cache = d.newCache(1);
        float[] first = run(d, cache, new int[5]);
        cache.close();
        assertEquals(0, cache.length());
        assertEquals(0, cache.capacity());
        assertArrayEquals(first, run(d, cache, new int[5]), 1e-6f);
        cache.close();
    }

    @Test
    void aClosedCachesBuffersServeTheNextCacheWithTheSameFloats() {
        Decoder d = model.decoder();
        d.releasePlans(); // no buffers left by other tests
        float[] fresh = run(d, new KvCache(d.config(), 1, d.dataType(), KvCache.DEFAULT_MIN_CAPACITY, new ArrayPool(0)), new int[5]);
        KvCache first = d.newCache(1);
        run(d, first, new int[5]);
        Set<INDArray> used = buffers(first);
        for (INDArray b : used) b.assign(Float.NaN); // whatever a buffer held must not reach the next cache's results
        first.close();

        KvCache second = d.newCache(1);
        float[] again = run(d, second, new int[5]);
        assertTrue(used.containsAll(buffers(second)), "the second cache allocated buffers of its own");
        assertArrayEquals(fresh, again, 0f, "a reused buffer changed the logits");
        second.close();

        d.releasePlans(); // frees the kept buffers
        KvCache third = d.newCache(1);
        run(d, third, new int[5]);
        for (INDArray b : buffers(third)) assertFalse(used.contains(b), "a released buffer was handed out again");
        third.close();
    }

    private static Set<INDArray> buffers(KvCache cache) {
        Set<INDArray> set = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int l = 0; l < model.config().numLayers(); l++) {
            set.add(cache.keyBuffer(l));
            set.add(cache.valueBuffer(l));
        }
        return set;
    }
}
