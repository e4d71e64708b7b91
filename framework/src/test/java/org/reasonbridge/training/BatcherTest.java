package org.reasonbridge.training;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatcherTest {
    private static final int PAD = -1;

    /** {@code n} examples of lengths 2..199 drawn from {@code seed}. */
    private static List<EncodedExample> examples(int n, long seed) {
        Random r = new Random(seed);
        List<EncodedExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 2 + r.nextInt(198);
            int[] ids = new int[len];
            Arrays.fill(ids, 1 + i);
            int[] parts = new int[len];
            Arrays.fill(parts, EncodedExample.NONE);
            out.add(new EncodedExample("e" + i, ids, parts));
        }
        return out;
    }

    private static List<List<String>> epoch(Batcher b, int epoch) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < b.batchesPerEpoch(); i++) out.add(b.batch(epoch, i).ids());
        return out;
    }

    private static long cells(Batcher b, int epoch) {
        long n = 0;
        for (int i = 0; i < b.batchesPerEpoch(); i++) {
            int[][] t = b.batch(epoch, i).tokens();
            n += (long) t.length * t[0].length;
        }
        return n;
    }

    /** Either way an epoch is every example once, in batches of the size asked (the last one the rest). */
    @ParameterizedTest
    @CsvSource({"1000, 8, false", "1000, 8, true", "1001, 8, true", "5, 8, true", "600, 1, true", "513, 4, false"})
    void anEpochHoldsEveryExampleOnce(int n, int batchSize, boolean grouped) {
        Batcher b = new Batcher(examples(n, 3), batchSize, 11, PAD, grouped);
        for (int epoch = 0; epoch < 2; epoch++) {
            List<List<String>> batches = epoch(b, epoch);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < batches.size(); i++) {
                int expected = i == batches.size() - 1 && !grouped ? n - batchSize * i : batchSize;
                if (grouped) assertTrue(batches.get(i).size() <= batchSize);
                else assertEquals(expected, batches.get(i).size());
                for (String id : batches.get(i)) assertTrue(seen.add(id), "twice: " + id);
            }
            assertEquals(n, seen.size());
        }
    }

    /** A pure function of (seed, epoch, index): a fresh batcher, as a resumed run makes, gives the same batches. */
    @ParameterizedTest
    @CsvSource({"false", "true"})
    void theOrderFollowsFromTheSeed(boolean grouped) {
        List<EncodedExample> data = examples(700, 5);
        Batcher a = new Batcher(data, 8, 2, PAD, grouped);
        Batcher b = new Batcher(data, 8, 2, PAD, grouped);
        assertEquals(epoch(a, 1), epoch(b, 1));
        assertEquals(a.batch(0, 17).ids(), new Batcher(data, 8, 2, PAD, grouped).batch(0, 17).ids());
        assertNotEquals(epoch(a, 0), epoch(a, 1), "epochs draw different orders");
    }

    /** Ungrouped is the plain permutation cut in order (what runs before the option existed were trained on). */
    @ParameterizedTest
    @CsvSource({"0", "3"})
    void ungroupedIsThePermutationCutInOrder(int epoch) {
        List<EncodedExample> data = examples(100, 9);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) order.add(i);
        Collections.shuffle(order, new Random(4 * 1_000_003L + epoch));
        Batcher b = new Batcher(data, 8, 4, PAD);
        assertEquals(order.subList(8, 16).stream().map(i -> "e" + i).toList(), b.batch(epoch, 1).ids());
    }

    /** On lengths spread from 2 to 199, grouping pads far less. */
    @ParameterizedTest
    @CsvSource({"2000, 8", "2000, 16"})
    void groupingPadsLess(int n, int batchSize) {
        List<EncodedExample> data = examples(n, 1);
        long real = data.stream().mapToLong(EncodedExample::length).sum();
        long plain = cells(new Batcher(data, batchSize, 0, PAD, false), 0);
        long grouped = cells(new Batcher(data, batchSize, 0, PAD, true), 0);
        assertTrue(grouped < real * 1.1, grouped + " cells for " + real + " tokens");
        assertTrue(plain > real * 1.4, plain + " cells for " + real + " tokens");
    }
}
