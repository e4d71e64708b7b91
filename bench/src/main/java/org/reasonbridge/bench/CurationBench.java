package org.reasonbridge.bench;

import org.reasonbridge.curation.audit.Decision;
import org.reasonbridge.curation.filter.DiversitySampler;
import org.reasonbridge.curation.filter.DomainClassifier;
import org.reasonbridge.curation.filter.KeywordDomainClassifier;
import org.reasonbridge.curation.filter.QualityFilter;
import org.reasonbridge.curation.pool.Deduplicator;
import org.reasonbridge.curation.pool.PoolResult;
import org.reasonbridge.curation.pool.SyntheticPool;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The curation stages that run on this machine (de-duplication, quality, domains, selection; teacher and solver
 * calls excluded) on a synthetic pool, timed stage by stage.
 */
@Command(name = "curation", mixinStandardHelpOptions = true,
        description = "Times de-duplication, quality, domain classification and selection on a synthetic pool.")
final class CurationBench implements Callable<Integer> {
    /** A problem with its trace and domain, what the sampler draws from. */
    record Candidate(Problem problem, Trace trace, DomainClassifier.Classification domain) {
    }

    @Option(names = "--pool-size", paramLabel = "N", defaultValue = "58000", description = "Default: ${DEFAULT-VALUE}.")
    int poolSize;
    @Option(names = "--size", paramLabel = "N", defaultValue = "1000")
    int size;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "0")
    long seed;
    @Option(names = "--trace-words", paramLabel = "N", defaultValue = "0",
            description = "Lengthen every trace to about N words of worked steps (real teacher traces run to thousands; "
                    + "58,000 traces of 2,000 words fit in the launcher's default heap). Default: short traces.")
    int traceWords;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        List<Problem> pool = SyntheticPool.problems(poolSize, seed);
        List<Trace> traces = new ArrayList<>(pool.size());
        for (Problem p : pool) {
            // a plausible trace: restates, computes, checks, and boxes the reference answer
            String thinking = "We need to solve: " + p.question() + " First set up the quantities carefully. "
                    + steps(p.id().hashCode(), traceWords)
                    + "Then compute step by step and simplify the result to " + p.answer() + ". "
                    + "Let me verify by substituting back: the result is consistent.";
            traces.add(new Trace(p.id(), "synthetic", thinking, "The answer is $\\boxed{" + p.answer() + "}$.", "stop", -1, -1));
        }
        long t1 = System.nanoTime();
        PoolResult dedup = Deduplicator.dedup(pool);
        long t2 = System.nanoTime();
        java.util.Map<String, Trace> byId = new java.util.HashMap<>();
        traces.forEach(t -> byId.put(t.problemId(), t));
        List<Trace> kept = dedup.kept().stream().map(p -> byId.get(p.id())).toList();
        List<Decision> quality = QualityFilter.defaults().apply(dedup.kept(), kept);
        long t3 = System.nanoTime();
        KeywordDomainClassifier domains = KeywordDomainClassifier.defaults();
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < quality.size(); i++) {
            if (quality.get(i).kept()) {
                Problem p = dedup.kept().get(i);
                candidates.add(new Candidate(p, kept.get(i), domains.classify(p)));
            }
        }
        long t4 = System.nanoTime();
        List<Candidate> selected = DiversitySampler.<Candidate>of(c -> c.domain().code(),
                c -> DiversitySampler.words(c.trace().thinking())).select(candidates, size, seed);
        long t5 = System.nanoTime();
        System.out.printf("pool %d (synthetic, %.2f s to make)%n", pool.size(), (t1 - t0) / 1e9);
        System.out.printf("de-duplication  %.2f s  -> %d kept%n", (t2 - t1) / 1e9, dedup.kept().size());
        java.util.Map<String, Long> reasons = new java.util.TreeMap<>();
        quality.stream().filter(d -> !d.kept()).forEach(d -> reasons.merge(d.reason(), 1L, Long::sum));
        System.out.printf("quality         %.2f s  -> %d kept%s%n", (t3 - t2) / 1e9, candidates.size(),
                reasons.isEmpty() ? "" : " (dropped: " + reasons + ")");
        System.out.printf("domains         %.2f s%n", (t4 - t3) / 1e9);
        System.out.printf("selection       %.2f s  -> %d selected%n", (t5 - t4) / 1e9, selected.size());
        System.out.printf("total           %.2f s (threads: %d)%n", (t5 - t1) / 1e9, Runtime.getRuntime().availableProcessors());
        return 0;
    }

    /** About {@code words} words of varied, correct working (sums, products, substitutions, a check now and then). */
    static String steps(long seed, int words) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        int n = 0;
        while (n < words) {
            int a = r.nextInt(1, 200), b = r.nextInt(1, 200);
            String step = switch (r.nextInt(5)) {
                case 0 -> "Adding the two parts gives " + a + " + " + b + " = " + (a + b) + ".";
                case 1 -> "The product is " + a + " \\times " + b + " = " + (a * b) + ", which we keep for later.";
                case 2 -> "Evaluating the expression at " + a + " leaves a quantity we can bound from above.";
                case 3 -> "Let me double-check this step: " + (a + b) + " - " + b + " = " + a + ", consistent with before.";
                default -> "Hmm, maybe there is a cleaner approach through the symmetry of the configuration.";
            };
            sb.append(step).append(' ');
            n += step.split(" ").length;
        }
        return sb.toString();
    }
}
