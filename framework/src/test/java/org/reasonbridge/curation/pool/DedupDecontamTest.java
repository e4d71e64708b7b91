package org.reasonbridge.curation.pool;

import org.reasonbridge.curation.audit.Decision;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.data.Problem;
import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.grading.Grader;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DedupDecontamTest {
    private static List<Problem> problems(String... questions) {
        List<Problem> out = new ArrayList<>();
        for (int i = 0; i < questions.length; i++) out.add(new Problem("p" + i, questions[i], ""));
        return out;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Ｆｉｎｄ  ｘ²  if x+1=2.       | find x2 if x+1=2.",
            "Solve $x \\, + \\; 1 = 2$ now | solve x+1=2 now",
            "\\left( a \\right) ^ { 2 }    | (a)^{2}",
            "Straße                        | strasse",
    })
    void comparableText(String raw, String expected) {
        assertEquals(expected, TextNormalizer.comparable(raw));
    }

    @Test
    void exactDuplicatesKeepTheFirstAndNameIt() {
        PoolResult r = Deduplicator.dedup(problems("What is 2 + 3?", "what  is 2+3 ?", "What is 2 + 4?"));
        assertEquals(List.of("p0", "p2"), r.kept().stream().map(Problem::id).toList());
        Decision d = r.decisions().get(0);
        assertEquals(List.of("p1", "dedup-exact", "p0"), List.of(d.problemId(), d.stage(), d.details().get("duplicate_of")));
    }

    /** Every duplicate names a problem that stays: an exact copy of a near duplicate names what that one repeats. */
    @Test
    void duplicateOfAlwaysNamesAKeptProblem() {
        String edited = LONG.replace("simplest radical form", "simplest radical forms");
        PoolResult r = Deduplicator.dedup(problems(LONG, edited, edited.toUpperCase()));
        assertEquals(List.of("p0"), r.kept().stream().map(Problem::id).toList());
        for (Decision d : r.decisions()) assertEquals("p0", d.details().get("duplicate_of"), d.toString());
        Decision exact = r.decisions().stream().filter(d -> d.stage().equals("dedup-exact")).findFirst().orElseThrow();
        assertTrue(exact.reason().contains("same normalised text as p1 (itself a near duplicate of p0)"), exact.reason());
    }

    private static final String LONG = "Let ABC be a triangle with AB = 13, BC = 14 and CA = 15. The incircle touches BC at D. "
            + "Find the length of the segment AD, giving your answer in simplest radical form.";

    /** Pairs that must (true) and must not (false) be near duplicates at the default Jaccard 0.8 over character 5-grams. */
    @ParameterizedTest(name = "{2}: {0}")
    @CsvSource(delimiter = '|', value = {
            // one word changed in a long problem
            "Let ABC be a triangle with AB = 13, BC = 14 and CA = 15. The incircle touches BC at D. Find the length of the segment AD, giving your answer in simplest radical form. | true",
            "Let ABC be a triangle with AB = 13, BC = 14 and CA = 15. The incircle touches side BC at D. Find the length of the segment AD, giving your answer in simplest radical form. | true",
            "Let ABC be a triangle with AB=13, BC=14, CA=15; the incircle touches BC at D. Find the length of the segment AD, giving your answer in simplest radical form!! | true",
            "Let $ABC$ be a triangle with $AB = 13$, $BC = 14$ and $CA = 15$. The incircle touches $BC$ at $D$. Find the length of the segment $AD$, giving your answer in simplest radical form. | true",
            // same setting, different question
            "Let ABC be a triangle with AB = 13, BC = 14 and CA = 15. Find the radius of its circumcircle. | false",
            "A bag holds 13 red, 14 blue and 15 green marbles. Two are drawn without replacement; find the probability that both are red. | false",
            "Let ABC be a triangle with AB = 7, BC = 8 and CA = 9. The excircle opposite A touches BC at E. Compute BE and the area of triangle ABE. | false",
    })
    void nearDuplicatePairs(String other, boolean duplicate) {
        PoolResult r = Deduplicator.dedup(List.of(new Problem("first", LONG, ""), new Problem("second", other, "")));
        double j = Deduplicator.similarity(LONG, other, Deduplicator.Config.DEFAULT);
        assertEquals(duplicate ? 1 : 2, r.kept().size(), "Jaccard " + j);
        if (duplicate && !r.decisions().isEmpty()) {
            Decision d = r.decisions().get(0);
            assertEquals("first", d.details().get("duplicate_of"));
            assertTrue(d.stage().equals("dedup-near") || d.stage().equals("dedup-exact"));
        }
    }

    @Test
    void nearDuplicateRecordsJaccard() {
        String edited = LONG.replace("simplest radical form", "simplest radical forms");
        Decision d = Deduplicator.dedup(problems(LONG, edited)).decisions().get(0);
        assertEquals("dedup-near", d.stage());
        assertTrue(Double.parseDouble(String.valueOf(d.details().get("jaccard"))) >= 0.8);
    }

    private static final Benchmark EVAL = new Benchmark("math500", Grader.MATH, List.of(new Problem("test/algebra/1",
            "The sum of two numbers is 22 and their difference is 4. What is the larger of the two numbers?", "13")));

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
            // shares the 8 words "sum of two numbers is 22 and their" (after case folding and punctuation)
            "Puzzle: THE SUM OF TWO NUMBERS IS 22, AND THEIR product is 117. Find both. | true",
            // shares only the 7 words "the sum of two numbers is 22"
            "We know the sum of two numbers is 22 but nothing else; find their product's maximum. | false",
            "Compute the sum of the first 22 primes. | false",
    })
    void decontaminationDropsEightGramOverlap(String question, boolean dropped) {
        Decontaminator d = Decontaminator.of(List.of(EVAL));
        PoolResult r = d.decontaminate(List.of(new Problem("pool:1", question, "")));
        assertEquals(dropped ? 0 : 1, r.kept().size());
        if (dropped) {
            Decision x = r.decisions().get(0);
            assertEquals("decontaminate", x.stage());
            assertEquals("math500:test/algebra/1", x.details().get("benchmark_id"));
            assertEquals(8, String.valueOf(x.details().get("ngram")).split(" ").length);
            assertTrue(String.valueOf(x.details().get("ngram")).contains("two numbers is 22"), String.valueOf(x.details().get("ngram")));
        }
    }

    @Test
    void stagesChainWithOneAudit() {
        PoolResult r = new PoolResult(problems("A", "a", "The sum of two numbers is 22 and their difference is 9."), List.of())
                .then(Deduplicator::dedup)
                .then(Decontaminator.of(List.of(EVAL))::decontaminate);
        assertEquals(List.of("p0"), r.kept().stream().map(Problem::id).toList());
        assertEquals(List.of("dedup-exact", "decontaminate"), r.decisions().stream().map(Decision::stage).toList());
    }

    /** 58,000 synthetic problems through dedup and decontamination; the time is printed, not asserted. */
    @Test
    void syntheticPoolAtS1Scale() {
        long t0 = System.nanoTime();
        List<Problem> pool = SyntheticPool.problems(58_000, 7);
        long t1 = System.nanoTime();
        PoolResult deduped = Deduplicator.dedup(pool);
        long t2 = System.nanoTime();
        List<Problem> evals = new ArrayList<>(SyntheticPool.problems(500, 99).stream()
                .map(p -> new Problem("e-" + p.id(), p.question(), "")).toList());
        evals.add(new Problem("e-planted", pool.get(3).question(), ""));
        Decontaminator index = Decontaminator.of(List.of(new Benchmark("synthetic-eval", Grader.MATH, evals)));
        PoolResult clean = index.decontaminate(deduped.kept());
        long t3 = System.nanoTime();
        System.out.printf("pool 58000: generate %.2f s, dedup %.2f s (exact %d, near %d dropped), decontaminate %.2f s (%d dropped, %d 8-grams indexed), kept %d, %d cores%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, deduped.decisions(PoolStage.DEDUP_EXACT).size(),
                deduped.decisions(PoolStage.DEDUP_NEAR).size(), (t3 - t2) / 1e9, clean.decisions().size(), index.size(),
                clean.kept().size(), Runtime.getRuntime().availableProcessors());
        assertTrue(deduped.decisions(PoolStage.DEDUP_EXACT).size() > 2000);
        assertTrue(deduped.decisions(PoolStage.DEDUP_NEAR).size() > 1000);
        assertTrue(clean.decisions().stream().anyMatch(d -> d.details().get("benchmark_id").equals("synthetic-eval:e-planted")));
        assertEquals(deduped.kept().size(), clean.kept().size() + clean.decisions().size());
        assertEquals(58_000, deduped.kept().size() + deduped.decisions().size());
    }

    /**
     * A templated pool (four sentence frames, other numbers and words) where LSH buckets fill up with one frame:
     * the bucket cap must not cost recall. Every planted near copy is found, and the capped run drops exactly
     * what an uncapped one drops.
     */
    @Test
    void templatedPoolKeepsRecallUnderTheBucketCap() {
        String[] frames = {
                "Let f(x) = %d x^2 + %d x + %d be a quadratic polynomial with real coefficients. Find the sum of all real roots of f(f(x)) = 0.",
                "A bag contains %d red balls, %d blue balls and %d green balls. Two balls are drawn without replacement. Find the probability they match.",
                "In triangle ABC the side lengths are AB = %d, BC = %d and CA = %d. Let I be the incenter. Compute the length AI in simplest radical form.",
                "How many positive integers n less than %d satisfy that n^2 + %d n + %d is divisible by 7? Give the final count as an integer."};
        String[] words = "alpha beta gamma delta epsilon zeta theta kappa lambda sigma omega river stone cloud maple cedar".split(" ");
        java.util.Random r = new java.util.Random(5);
        List<Problem> pool = new ArrayList<>();
        List<String> planted = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String q;
            if (i > 100 && i % 20 == 0) {
                q = pool.get(r.nextInt(i)).question().replaceFirst(" ", " surely ");
                planted.add("t" + i);
            } else {
                StringBuilder note = new StringBuilder(" Note:");
                for (int w = 0; w < 8; w++) note.append(' ').append(words[r.nextInt(words.length)]);
                q = String.format(frames[i % 4], r.nextInt(100_000), r.nextInt(100_000), r.nextInt(100_000)) + note;
            }
            pool.add(new Problem("t" + i, q, "1"));
        }
        PoolResult capped = Deduplicator.dedup(pool);
        PoolResult uncapped = Deduplicator.dedup(pool, Deduplicator.Config.DEFAULT.withMaxBucket(Integer.MAX_VALUE));
        List<String> dropped = capped.decisions().stream().map(Decision::problemId).toList();
        assertTrue(dropped.containsAll(planted), "missed: " + planted.stream().filter(id -> !dropped.contains(id)).toList());
        assertEquals(uncapped.decisions().stream().map(Decision::problemId).toList(), dropped);
    }
}
