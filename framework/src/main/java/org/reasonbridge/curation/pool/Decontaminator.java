package org.reasonbridge.curation.pool;

import org.reasonbridge.curation.audit.Decision;

import org.reasonbridge.data.Problem;
import org.reasonbridge.eval.Benchmark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Decontamination as s1 does it: a pool problem that shares any word 8-gram ({@link TextNormalizer#words}, so
 * NFKC, case-folded, punctuation dropped) with an evaluation question is dropped ({@code decontaminate}), naming
 * the benchmark, the evaluation problem's id and the shared n-gram. Evaluation questions shorter than n words have
 * no n-gram and so cannot match (a known blind spot, as in s1). Choices of multiple-choice items are not indexed.
 */
public final class Decontaminator {
    /** s1's n-gram length. */
    public static final int DEFAULT_N = 8;

    private final int n;
    private final List<String> evalIds = new ArrayList<>();
    private final List<List<String>> evalWords = new ArrayList<>();
    /** n-gram hash → (evaluation index << 32 | word position), first occurrence. */
    private final Map<Long, Long> index = new HashMap<>();

    /** A shared n-gram: which evaluation problem ({@code benchmark:id}) and the n words. */
    public record Match(String benchmarkId, String ngram) {
    }

    private Decontaminator(int n) {
        if (n < 1) throw new IllegalArgumentException("n must be positive");
        this.n = n;
    }

    /** An index of the questions of {@code benchmarks} with s1's 8-grams. */
    public static Decontaminator of(List<Benchmark> benchmarks) {
        return of(benchmarks, DEFAULT_N);
    }

    public static Decontaminator of(List<Benchmark> benchmarks, int n) {
        Decontaminator d = new Decontaminator(n);
        for (Benchmark b : benchmarks) for (Problem p : b.problems()) d.add(b.name() + ":" + p.id(), p.question());
        return d;
    }

    private void add(String id, String question) {
        List<String> w = TextNormalizer.words(question);
        int e = evalIds.size();
        evalIds.add(id);
        evalWords.add(w);
        for (int i = 0; i + n <= w.size(); i++) index.putIfAbsent(hash(w, i), ((long) e << 32) | i);
    }

    /** The number of distinct n-grams indexed. */
    public int size() {
        return index.size();
    }

    /** The first n-gram of {@code question} that an evaluation question shares, if any. */
    public Optional<Match> match(String question) {
        List<String> w = TextNormalizer.words(question);
        for (int i = 0; i + n <= w.size(); i++) {
            Long at = index.get(hash(w, i));
            if (at == null) continue;
            int e = (int) (at >>> 32), pos = (int) (long) at;
            List<String> ev = evalWords.get(e);
            if (w.subList(i, i + n).equals(ev.subList(pos, pos + n))) { // confirm: a hash is not evidence
                return Optional.of(new Match(evalIds.get(e), String.join(" ", w.subList(i, i + n))));
            }
        }
        return Optional.empty();
    }

    /** {@code pool} without the problems that share an n-gram with an evaluation question; one decision per drop. */
    public PoolResult decontaminate(List<Problem> pool) {
        @SuppressWarnings("unchecked")
        Optional<Match>[] matches = new Optional[pool.size()];
        IntStream.range(0, pool.size()).parallel().forEach(i -> matches[i] = match(pool.get(i).question()));
        List<Problem> kept = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            Problem p = pool.get(i);
            if (matches[i].isEmpty()) {
                kept.add(p);
                continue;
            }
            Match m = matches[i].get();
            Map<String, String> details = new LinkedHashMap<>();
            details.put("benchmark_id", m.benchmarkId());
            details.put("ngram", m.ngram());
            decisions.add(PoolStage.DECONTAMINATE.drop(p.id(),
                    "shares a " + n + "-gram with " + m.benchmarkId(), details));
        }
        return new PoolResult(kept, decisions);
    }

    private long hash(List<String> w, int from) {
        long h = 0x9E3779B97F4A7C15L;
        for (int k = from; k < from + n; k++) {
            h = (h ^ w.get(k).hashCode()) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
        }
        return h;
    }
}
