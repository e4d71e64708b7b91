package org.reasonbridge.curation.filter;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiversitySamplerTest {
    record Item(String id, String domain, int tokens) {
    }

    private static final DiversitySampler<Item> SAMPLER = DiversitySampler.of(Item::domain, Item::tokens);

    /** {@code sizes[d]} items in domain d, with distinct lengths shuffled by a fixed seed. */
    private static List<Item> pool(int... sizes) {
        List<Integer> lengths = new ArrayList<>();
        for (int size : sizes) for (int i = 0; i < size; i++) lengths.add(100 + 3 * lengths.size());
        Collections.shuffle(lengths, new Random(42));
        List<Item> out = new ArrayList<>();
        for (int d = 0; d < sizes.length; d++) {
            for (int i = 0; i < sizes[d]; i++) out.add(new Item("d" + d + "-" + i, String.format("%02d", d), lengths.get(out.size())));
        }
        return out;
    }

    private static Map<String, Integer> counts(List<Item> items) {
        Map<String, Integer> c = new TreeMap<>();
        for (Item i : items) c.merge(i.domain(), 1, Integer::sum);
        return c;
    }

    @Test
    void sameSeedSameSelectionWhateverThePoolOrder() {
        List<Item> pool = pool(300, 50, 700, 20);
        List<Item> a = SAMPLER.select(pool, 200, 7);
        assertEquals(a, SAMPLER.select(pool, 200, 7));
        List<Item> shuffled = new ArrayList<>(pool);
        Collections.shuffle(shuffled, new Random(1));
        assertEquals(a, SAMPLER.select(shuffled, 200, 7), "lengths are distinct enough here that pool order does not matter");
        assertNotEquals(a, SAMPLER.select(pool, 200, 8));
        assertEquals(200, new HashSet<>(a).size());
    }

    @Test
    void domainsAreDrawnUniformly() {
        int[] sizes = new int[20];
        java.util.Arrays.fill(sizes, 200);
        Map<String, Integer> c = counts(SAMPLER.select(pool(sizes), 1000, 2024));
        double expected = 1000.0 / 20, chi2 = 0;
        for (int n : c.values()) chi2 += (n - expected) * (n - expected) / expected;
        assertEquals(20, c.size());
        assertTrue(chi2 < 43.8, "chi-square " + chi2 + " over 19 degrees of freedom (p = 0.001 critical value 43.8): " + c);
    }

    @Test
    void aBigDomainGetsItsShareNotItsSize() {
        int[] sizes = new int[11];
        java.util.Arrays.fill(sizes, 100);
        sizes[0] = 5000;
        Map<String, Integer> c = counts(SAMPLER.select(pool(sizes), 550, 3));
        // proportional sampling would take ~460 from domain 00; uniform over domains takes ~50
        assertTrue(c.get("00") < 80, c.toString());
        for (var e : c.entrySet()) assertTrue(e.getValue() > 25, c.toString());
        assertEquals(550, SAMPLER.select(pool(sizes), 550, 3).size());
    }

    @Test
    void exhaustedDomainsDropOutAndTheRestFillUp() {
        Map<String, Integer> c = counts(SAMPLER.select(pool(5, 5, 1000), 300, 11));
        assertEquals(Map.of("00", 5, "01", 5, "02", 290), c);
    }

    /** A code that is not a domain (unclassified) takes no domain's share: it only fills up after every domain is empty. */
    @Test
    void unclassifiedOnlyFillsUp() {
        DiversitySampler<Item> sampler = SAMPLER.drawingLast("00");
        Map<String, Integer> c = counts(sampler.select(pool(500, 30, 30), 50, 4));
        assertTrue(!c.containsKey("00") && c.get("01") + c.get("02") == 50, "two domains, no share for 00: " + c);
        assertEquals(Map.of("00", 40, "01", 30, "02", 30), counts(sampler.select(pool(500, 30, 30), 100, 4)));
    }

    @Test
    void longerTracesArePreferred() {
        List<Item> one = new ArrayList<>();
        for (int i = 1; i <= 100; i++) one.add(new Item("i" + i, "11", i));
        int longestFirst = 0;
        double meanLength = 0;
        int seeds = 2000;
        for (long seed = 0; seed < seeds; seed++) {
            List<Item> picked = SAMPLER.select(one, 10, seed);
            if (picked.get(0).tokens() == 100) longestFirst++;
            meanLength += picked.stream().mapToInt(Item::tokens).average().orElseThrow() / seeds;
        }
        // weight 2^-rank: the longest is drawn first half the time
        assertEquals(0.5, longestFirst / (double) seeds, 0.04);
        assertTrue(meanLength > 85, "mean length " + meanLength);
        double randomMean = DiversitySampler.randomN(one, 10, 5).stream().mapToInt(Item::tokens).average().orElseThrow();
        assertTrue(randomMean < meanLength);
    }

    @Test
    void rankWeightsHalveWithRank() {
        Random r = new Random(9);
        int[] hits = new int[4];
        for (int i = 0; i < 100_000; i++) hits[DiversitySampler.rank(4, r)]++;
        // 2^-r / (1 + 1/2 + 1/4 + 1/8) = 8/15, 4/15, 2/15, 1/15
        double[] expected = {8 / 15.0, 4 / 15.0, 2 / 15.0, 1 / 15.0};
        for (int k = 0; k < 4; k++) assertEquals(expected[k], hits[k] / 100_000.0, 0.01);
        assertEquals(0, DiversitySampler.rank(1, r));
    }

    @Test
    void nLargerThanThePoolTakesEverything() {
        List<Item> pool = pool(3, 7, 20);
        List<Item> all = SAMPLER.select(pool, 1000, 1);
        assertEquals(new HashSet<>(pool), new HashSet<>(all));
        assertEquals(pool.size(), all.size());
        assertEquals(pool.size(), SAMPLER.select(pool, 1).size(), "the default N (1,000) is larger than this pool");
        assertEquals(List.of(), SAMPLER.select(List.of(), 5, 1));
    }

    @Test
    void randomNIsUniformSeededAndDistinct() {
        List<Item> pool = pool(100, 100);
        List<Item> a = DiversitySampler.randomN(pool, 50, 3);
        assertEquals(a, DiversitySampler.randomN(pool, 50, 3));
        assertEquals(50, new HashSet<>(a).size());
        assertEquals(200, DiversitySampler.randomN(pool, 500, 3).size());
    }

    @Test
    void wordsCountsWhitespaceSeparatedWords() {
        assertEquals(0, DiversitySampler.words("  "));
        assertEquals(4, DiversitySampler.words(" so x = 3\n"));
    }
}
