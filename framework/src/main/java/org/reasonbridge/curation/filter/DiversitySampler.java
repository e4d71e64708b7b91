package org.reasonbridge.curation.filter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * s1's diversity selection: draw a domain uniformly at random among those with problems left, then one problem of
 * it with weight {@code 2^-rank}, rank 0 being the longest trace in tokens (so long reasoning is preferred but
 * not exclusively), until {@code n} are chosen (default {@value #DEFAULT_N}) or the pool is empty. Domains are
 * visited in code order and ties in length keep pool order, so a seed gives the same selection on any machine;
 * with distinct lengths, even the pool's order does not matter. {@link #randomN} is the uniform ablation.
 * {@link #drawingLast} sets a code that is not a domain (curation: {@code 00}, unclassified): its candidates take no
 * domain's share, and are drawn (longer first, as in a domain) only once every domain is empty.
 *
 * @param <T> whatever the pipeline carries (a problem with its trace and domain)
 */
public final class DiversitySampler<T> {
    public static final int DEFAULT_N = 1000;

    private final Function<T, String> domain;
    private final ToIntFunction<T> tokens;
    private final String last;

    private DiversitySampler(Function<T, String> domain, ToIntFunction<T> tokens, String last) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.last = last;
    }

    /**
     * @param domain a candidate's domain code
     * @param tokens its trace length in tokens: a tokenizer's count, or {@link #words} where none is at hand
     */
    public static <T> DiversitySampler<T> of(Function<T, String> domain, ToIntFunction<T> tokens) {
        return new DiversitySampler<>(domain, tokens, null);
    }

    /** This sampler with {@code code} not a domain: its candidates fill up only after every domain is exhausted. */
    public DiversitySampler<T> drawingLast(String code) {
        return new DiversitySampler<>(domain, tokens, Objects.requireNonNull(code, "code"));
    }

    /** {@value #DEFAULT_N} candidates (or all of a smaller pool). */
    public List<T> select(List<T> pool, long seed) {
        return select(pool, DEFAULT_N, seed);
    }

    /** {@code n} candidates (or all of a smaller pool), in the order they were drawn. */
    public List<T> select(List<T> pool, int n, long seed) {
        if (n < 0) throw new IllegalArgumentException("n must not be negative: " + n);
        record Ranked<T>(T item, int tokens, int index) {
        }
        Map<String, List<Ranked<T>>> byDomain = new TreeMap<>();
        for (int i = 0; i < pool.size(); i++) {
            T item = pool.get(i);
            String code = Objects.requireNonNull(domain.apply(item), () -> "no domain for " + item);
            byDomain.computeIfAbsent(code, c -> new ArrayList<>()).add(new Ranked<>(item, tokens.applyAsInt(item), 0));
        }
        // rank 0 = longest; a stable sort keeps pool order among equal lengths
        for (List<Ranked<T>> list : byDomain.values()) list.sort(Comparator.comparingInt((Ranked<T> r) -> r.tokens()).reversed());
        List<Ranked<T>> unplaced = last == null ? null : byDomain.remove(last);
        List<String> open = new ArrayList<>(byDomain.keySet());
        Random random = new Random(seed);
        List<T> out = new ArrayList<>(Math.min(n, pool.size()));
        while (out.size() < n && !open.isEmpty()) {
            int d = random.nextInt(open.size());
            List<Ranked<T>> candidates = byDomain.get(open.get(d));
            out.add(candidates.remove(rank(candidates.size(), random)).item());
            if (candidates.isEmpty()) open.remove(d);
        }
        while (unplaced != null && out.size() < n && !unplaced.isEmpty()) out.add(unplaced.remove(rank(unplaced.size(), random)).item());
        return out;
    }

    /** A rank in {@code [0, m)} drawn with weight {@code 2^-rank}. */
    static int rank(int m, Random random) {
        double total = 2 - Math.pow(2, 1 - m);  // sum of 2^-r for r < m
        double u = random.nextDouble() * total;
        double w = 1;
        for (int r = 0; r < m - 1; r++) {
            if (u < w) return r;
            u -= w;
            w /= 2;
        }
        return m - 1;
    }

    /** The ablation: {@code n} candidates uniformly at random (or all of a smaller pool), seeded. */
    public static <T> List<T> randomN(List<T> pool, int n, long seed) {
        if (n < 0) throw new IllegalArgumentException("n must not be negative: " + n);
        List<T> copy = new ArrayList<>(pool);
        Collections.shuffle(copy, new Random(seed));
        return List.copyOf(copy.subList(0, Math.min(n, copy.size())));
    }

    /** Whitespace-separated words: a tokenizer-free stand-in for trace length. */
    public static int words(String text) {
        String s = text == null ? "" : text.strip();
        return s.isEmpty() ? 0 : s.split("\\s+").length;
    }
}
