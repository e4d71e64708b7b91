package org.reasonbridge.curation.pool;

import org.reasonbridge.curation.audit.Decision;

import org.reasonbridge.data.Problem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Exact and near-duplicate removal, keeping the first occurrence. Exact: equal {@link TextNormalizer#comparable}
 * text ({@code dedup-exact}). Near: Jaccard similarity of shingle sets at least {@link Config#threshold}
 * ({@code dedup-near}); MinHash signatures with LSH banding only propose candidates, a candidate whose signatures
 * agree on too few hashes to be near the threshold is passed over (estimate below threshold − {@value #SCREEN_SLACK},
 * five standard deviations at J = 0.8 with 100 hashes), and every remaining candidate is confirmed on the exact
 * Jaccard of the two shingle sets, so a drop never rests on an estimate. Each drop names
 * the kept id it repeats ({@code duplicate_of}) and, for near duplicates, the measured {@code jaccard}.
 */
public final class Deduplicator {
    /** Shingles of characters or of {@link TextNormalizer#words}. */
    public enum Unit { CHAR, WORD }

    /**
     * @param threshold Jaccard similarity at or above which two problems are near duplicates (default 0.8)
     * @param unit      shingle unit (default {@code CHAR}: robust to punctuation and spacing in short maths problems)
     * @param shingle   n-gram length of a shingle (default 5 characters)
     * @param bands     LSH bands (default 20)
     * @param rows      MinHash values per band (default 5; 100 hashes in all). A pair at J = 0.8 becomes a candidate
     *                  with probability 1 − (1 − 0.8⁵)²⁰ ≈ 0.9996; at J = 0.5 with ≈ 0.47, then refused on its exact Jaccard.
     * @param seed      seed of the MinHash permutations (results do not depend on it beyond candidate recall)
     * @param maxBucket members an LSH bucket keeps at most (default 64). On templated pools (one sentence frame, other
     *                  numbers) a band made only of the frame's shingles puts every problem in one bucket, and
     *                  checking each new problem against all of them is quadratic (16,000 such problems: 45 s
     *                  uncapped). A full bucket stops growing, so a later copy is still found through its other
     *                  bands: a pair at J = 0.8 shares about 6.5 of the 20 bands, the frame fills few of them.
     */
    public record Config(double threshold, Unit unit, int shingle, int bands, int rows, long seed, int maxBucket) {
        public static final Config DEFAULT = new Config(0.8, Unit.CHAR, 5, 20, 5, 1, 64);

        public Config {
            if (!(threshold > 0 && threshold <= 1)) throw new IllegalArgumentException("threshold must be in (0, 1]: " + threshold);
            if (shingle < 1 || bands < 1 || rows < 1) throw new IllegalArgumentException("shingle, bands and rows must be positive");
            if (maxBucket < 1) throw new IllegalArgumentException("maxBucket must be positive: " + maxBucket);
        }

        public Config withThreshold(double t) {
            return new Config(t, unit, shingle, bands, rows, seed, maxBucket);
        }

        public Config withMaxBucket(int m) {
            return new Config(threshold, unit, shingle, bands, rows, seed, m);
        }
    }

    /** How far below the threshold a signature estimate may fall and the pair still be measured exactly. */
    static final double SCREEN_SLACK = 0.2;

    private Deduplicator() {
    }

    /** Exact then near duplicates removed with {@link Config#DEFAULT}. */
    public static PoolResult dedup(List<Problem> problems) {
        return dedup(problems, Config.DEFAULT);
    }

    public static PoolResult dedup(List<Problem> problems, Config config) {
        List<Decision> decisions = new ArrayList<>();
        // ---- exact: equal comparable text
        String[] text = problems.parallelStream().map(p -> TextNormalizer.comparable(p.question())).toArray(String[]::new);
        Map<String, Integer> firstOf = new HashMap<>();
        List<Integer> unique = new ArrayList<>();
        int[] exactOf = new int[problems.size()]; // the first problem with the same text, or -1
        for (int i = 0; i < problems.size(); i++) {
            Integer first = firstOf.putIfAbsent(text[i], i);
            exactOf[i] = first == null ? -1 : first;
            if (first == null) unique.add(i);
        }
        // ---- near: MinHash + LSH candidates, confirmed on exact Jaccard
        int[][] shingles = new int[problems.size()][];
        unique.parallelStream().forEach(i -> shingles[i] = shingles(text[i], config));
        long[][] perm = permutations(config);
        int[][] signature = new int[problems.size()][];
        unique.parallelStream().forEach(i -> signature[i] = minHash(shingles[i], perm));
        Map<Long, int[]> buckets = new HashMap<>();
        int minAgree = (int) Math.floor((config.threshold() - SCREEN_SLACK) * perm.length);
        int[] seen = new int[problems.size()];
        Arrays.fill(seen, -1);
        int[] nearOf = new int[problems.size()]; // the kept problem a near duplicate repeats, or -1
        Arrays.fill(nearOf, -1);
        List<Decision> near = new ArrayList<>();
        List<Problem> kept = new ArrayList<>();
        for (int i : unique) {
            int best = -1;
            double bestJ = -1;
            long[] keys = bandKeys(signature[i], config);
            for (long key : keys) {
                int[] bucket = buckets.get(key);
                if (bucket == null) continue;
                for (int k = 1; k <= bucket[0]; k++) {
                    int j = bucket[k];
                    if (seen[j] == i) continue;
                    seen[j] = i;
                    if (agreement(signature[i], signature[j]) < minAgree) continue; // 100 compares instead of a set merge
                    double jac = jaccard(shingles[i], shingles[j]);
                    if (jac >= config.threshold() && (jac > bestJ || (jac == bestJ && j < best))) {
                        best = j;
                        bestJ = jac;
                    }
                }
            }
            nearOf[i] = best;
            if (best >= 0) {
                String of = problems.get(best).id();
                near.add(PoolStage.DEDUP_NEAR.drop(problems.get(i).id(),
                        String.format("near duplicate of %s (Jaccard %.3f >= %.2f)", of, bestJ, config.threshold()),
                        Map.of("duplicate_of", of, "jaccard", String.format("%.4f", bestJ))));
                continue;
            }
            kept.add(problems.get(i));
            for (long key : keys) buckets.merge(key, new int[]{1, i}, (b, n) -> b[0] >= config.maxBucket() ? b : append(b, i));
        }
        // an exact copy names the problem that stays: its first occurrence, or what that one near-duplicates
        for (int i = 0; i < problems.size(); i++) {
            int first = exactOf[i];
            if (first < 0) continue;
            String firstId = problems.get(first).id();
            String of = nearOf[first] >= 0 ? problems.get(nearOf[first]).id() : firstId;
            decisions.add(PoolStage.DEDUP_EXACT.drop(problems.get(i).id(), "same normalised text as " + firstId
                    + (of.equals(firstId) ? "" : " (itself a near duplicate of " + of + ")"), Map.of("duplicate_of", of)));
        }
        decisions.addAll(near);
        return new PoolResult(kept, decisions);
    }

    /** The exact Jaccard similarity of two texts' shingle sets under {@code config} (for tests and audits). */
    public static double similarity(String a, String b, Config config) {
        return jaccard(shingles(TextNormalizer.comparable(a), config), shingles(TextNormalizer.comparable(b), config));
    }

    /** The sorted distinct 32-bit hashes of the text's shingles; a text shorter than one shingle is one shingle. */
    static int[] shingles(String comparable, Config c) {
        int[] h;
        if (c.unit() == Unit.WORD) {
            List<String> w = TextNormalizer.words(comparable);
            int count = Math.max(1, w.size() - c.shingle() + 1);
            h = new int[count];
            for (int s = 0; s < count; s++) {
                int x = 0;
                for (int k = s; k < Math.min(w.size(), s + c.shingle()); k++) x = x * 0x9E3779B1 + w.get(k).hashCode();
                h[s] = mix(x);
            }
        } else {
            int count = Math.max(1, comparable.length() - c.shingle() + 1);
            h = new int[count];
            for (int s = 0; s < count; s++) {
                int x = 0;
                for (int k = s; k < Math.min(comparable.length(), s + c.shingle()); k++) x = 31 * x + comparable.charAt(k);
                h[s] = mix(x);
            }
        }
        Arrays.sort(h);
        int n = 0;
        for (int k = 0; k < h.length; k++) if (k == 0 || h[k] != h[k - 1]) h[n++] = h[k];
        return Arrays.copyOf(h, n);
    }

    /** Positions where two signatures agree; divided by their length, it estimates the Jaccard similarity. */
    private static int agreement(int[] a, int[] b) {
        int n = 0;
        for (int k = 0; k < a.length; k++) n += a[k] == b[k] ? 1 : 0;
        return n;
    }

    static double jaccard(int[] a, int[] b) {
        // a branch-free merge of the two sorted sets: the branches of a plain merge are coin flips to the CPU
        int i = 0, j = 0, common = 0;
        while (i < a.length && j < b.length) {
            int x = a[i], y = b[j];
            common += x == y ? 1 : 0;
            i += x <= y ? 1 : 0;
            j += y <= x ? 1 : 0;
        }
        return (double) common / (a.length + b.length - common);
    }

    /** Hash h_k(x) = high 32 bits of (a_k·x + b_k) mod 2⁶⁴, a_k odd: one random affine map per MinHash value. */
    private static long[][] permutations(Config c) {
        SplittableRandom r = new SplittableRandom(c.seed());
        long[][] p = new long[c.bands() * c.rows()][2];
        for (long[] ab : p) {
            ab[0] = r.nextLong() | 1;
            ab[1] = r.nextLong();
        }
        return p;
    }

    private static int[] minHash(int[] shingles, long[][] perm) {
        int[] sig = new int[perm.length];
        for (int k = 0; k < perm.length; k++) {
            long a = perm[k][0], b = perm[k][1];
            long min = Long.MAX_VALUE;
            for (int s : shingles) min = Math.min(min, (a * s + b) >>> 32);
            sig[k] = (int) min;
        }
        return sig;
    }

    private static long[] bandKeys(int[] sig, Config c) {
        long[] keys = new long[c.bands()];
        for (int band = 0; band < c.bands(); band++) {
            long h = band * 0x9E3779B97F4A7C15L;
            for (int r = 0; r < c.rows(); r++) h = (h ^ sig[band * c.rows() + r]) * 0xBF58476D1CE4E5B9L;
            keys[band] = h ^ (h >>> 31);
        }
        return keys;
    }

    /** A bucket is {@code [size, i1, i2, ...]} with spare room. */
    private static int[] append(int[] b, int i) {
        if (b[0] + 1 >= b.length) b = Arrays.copyOf(b, b.length * 2);
        b[++b[0]] = i;
        return b;
    }

    private static int mix(int x) {
        x ^= x >>> 16;
        x *= 0x85EBCA6B;
        x ^= x >>> 13;
        x *= 0xC2B2AE35;
        return x ^ (x >>> 16);
    }
}
