package org.reasonbridge.demo;

import org.reasonbridge.curation.audit.Decision;
import org.reasonbridge.curation.pool.Decontaminator;
import org.reasonbridge.curation.pool.Deduplicator;
import org.reasonbridge.curation.pool.PoolResult;
import org.reasonbridge.curation.pool.PoolStage;
import org.reasonbridge.curation.pool.TextNormalizer;
import org.reasonbridge.data.Problem;
import org.reasonbridge.demo.MiniWorld.Planted;
import org.reasonbridge.demo.MiniWorld.PoolRecord;
import org.reasonbridge.demo.MiniWorld.PoolSource;
import org.reasonbridge.demo.MiniWorld.TestItem;
import org.reasonbridge.demo.MiniWorld.TestSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds a {@link MiniWorld}: the test sets first, then distinct pool problems (none sharing an 8-gram with a test
 * item, none a copy of another), then the planted copies and leaks, then a check with the real
 * {@link Deduplicator} and {@link Decontaminator} that they drop exactly the planted records; whatever they flag
 * by accident (two generated problems that happen to be too alike) is taken out, and the check repeats.
 */
final class PoolBuilder {
    static final String TEXTBOOK = "mini-textbook", CONTEST = "mini-contest", FORUM = "mini-forum";
    /** Words added to a forum repost: each keeps a problem a near duplicate of its original. */
    private static final List<String> NEAR_PREFIXES = List.of("Can someone help? ", "Quick question: ", "Help please: ");
    private static final List<String> NEAR_SUFFIXES = List.of(" Thanks!", " Any hints?", " Thank you.");
    /** Words around a leaked test item. */
    private static final List<String> LEAK_PREFIXES = List.of("Homework: ", "From my worksheet: ");
    /** A near copy must be at least this similar to its original (the de-duplicator's threshold is 0.8). */
    private static final double NEAR_SIMILARITY = 0.85;
    /** Level weights (levels 1, 2, 3) of each source: the contest is harder, the forum easier. */
    private static final Map<String, double[]> LEVELS = Map.of(TEXTBOOK, new double[]{0.4, 0.35, 0.25},
            CONTEST, new double[]{0.2, 0.4, 0.4}, FORUM, new double[]{0.5, 0.3, 0.2});

    private final WorldConfig c;
    private final SplittableRandom tests, pool, plant;
    private final Set<String> seen = new HashSet<>(); // comparable text of every distinct problem so far

    PoolBuilder(WorldConfig config) {
        this.c = config;
        SplittableRandom root = new SplittableRandom(config.seed());
        this.tests = root.split();
        this.pool = root.split();
        this.plant = root.split();
    }

    MiniWorld build() {
        List<TestSet> testSets = testSets();
        Decontaminator decontaminator = Decontaminator.of(testSets.stream().map(TestSet::benchmark).toList());
        List<List<Exercise>> drawn = distinct(testSets, decontaminator,
                List.of(TEXTBOOK, CONTEST, FORUM, FORUM), List.of(c.textbook(), c.contest(), c.forum(), c.unanswered()));
        List<Exercise> textbook = drawn.get(0), contest = drawn.get(1), forum = drawn.get(2), unanswered = drawn.get(3);

        List<Draft> tb = new ArrayList<>(), co = new ArrayList<>(), fo = new ArrayList<>();
        for (Exercise e : textbook) tb.add(new Draft(e.text(), e.answer(), e, Planted.NONE, null));
        for (Exercise e : contest) co.add(new Draft(e.text(), e.answer(), e, Planted.NONE, null));
        for (Exercise e : forum) fo.add(new Draft(e.text(), e.answer(), e, Planted.NONE, null));
        for (Exercise e : unanswered) fo.add(new Draft(e.text(), "", e, Planted.UNANSWERED, null));

        // copies: the contest repeats textbook problems, the forum reposts both (each original copied once)
        List<Draft> originals = new ArrayList<>(tb);
        shuffle(originals);
        List<Draft> copies = new ArrayList<>();
        for (int i = 0; i < c.crossCopies(); i++) {
            Draft o = originals.remove(originals.size() - 1);
            copies.add(new Draft(o.text, o.answer, o.exercise, Planted.EXACT_COPY, o));
        }
        insertAtRandom(co, copies);
        originals.addAll(co.stream().filter(d -> d.planted == Planted.NONE).toList());
        shuffle(originals);
        for (int i = 0; i < c.reposts(); i++) {
            Draft o = originals.remove(originals.size() - 1);
            fo.add(new Draft(respaced(o.text), o.answer, o.exercise, Planted.EXACT_COPY, o));
        }
        int near = 0;
        while (near < c.nearReposts() && !originals.isEmpty()) {
            Draft o = originals.remove(originals.size() - 1);
            String variant = nearVariant(o.text);
            if (variant == null) continue; // too short to stay alike with words added
            fo.add(new Draft(variant, o.answer, o.exercise, Planted.NEAR_COPY, o));
            near++;
        }
        if (near < c.nearReposts()) throw new IllegalStateException("only " + near + " problems are long enough for near reposts");

        // leaks: test items long enough to share an 8-gram (of trained domains: the held-out one never enters the
        // pool), a third into the contest, the rest into the forum
        List<TestItem> leakable = new ArrayList<>();
        for (TestSet t : testSets) {
            if (t.domain().heldOut()) continue;
            for (TestItem item : t.items()) {
                if (TextNormalizer.words(item.exercise().text()).size() >= Decontaminator.DEFAULT_N) leakable.add(item);
            }
        }
        shuffle(leakable);
        if (leakable.size() < c.leaked() + c.leakedNear()) throw new IllegalStateException("too few test items to leak");
        List<Draft> contestLeaks = new ArrayList<>();
        for (int i = 0; i < c.leaked() + c.leakedNear(); i++) {
            TestItem t = leakable.get(i);
            boolean exact = i < c.leaked();
            String text = exact ? t.exercise().text() : LEAK_PREFIXES.get(plant.nextInt(LEAK_PREFIXES.size())) + t.exercise().text();
            Draft d = new Draft(text, t.exercise().answer(), t.exercise(), exact ? Planted.LEAKED : Planted.LEAKED_NEAR, null);
            d.testId = t.id();
            if (exact && i < c.leaked() / 3) contestLeaks.add(d);
            else fo.add(d);
        }
        insertAtRandom(co, contestLeaks);
        shuffle(fo);

        List<List<Draft>> lists = List.of(tb, co, fo);
        List<String> names = List.of(TEXTBOOK, CONTEST, FORUM);
        List<String> prefixes = List.of("tb-", "c-", "f-");
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < lists.get(s).size(); i++) {
                Draft d = lists.get(s).get(i);
                d.id = prefixes.get(s) + String.format("%05d", i + 1);
                d.problemId = names.get(s) + ":" + d.id;
            }
        }
        int removed = verify(lists, decontaminator);

        List<PoolSource> sources = new ArrayList<>();
        sources.add(new PoolSource(TEXTBOOK, "jsonl", "Mini world: distinct textbook problems with terse worked solutions.", records(tb)));
        sources.add(new PoolSource(CONTEST, "csv", "Mini world: contest problems, some reused from the textbook or leaked from a test set.", records(co)));
        sources.add(new PoolSource(FORUM, "jsonl", "Mini world: forum posts, with reposts, leaked test items and unanswered posts.", records(fo)));
        return new MiniWorld(c, sources, testSets, removed);
    }

    /** A pool record in the making: ids come once the order is final. */
    private static final class Draft {
        final String text, answer;
        final Exercise exercise;
        final Planted planted;
        final Draft original;
        String id, problemId, testId;

        Draft(String text, String answer, Exercise exercise, Planted planted, Draft original) {
            this.text = text;
            this.answer = answer;
            this.exercise = exercise;
            this.planted = planted;
            this.original = original;
        }
    }

    private static List<PoolRecord> records(List<Draft> drafts) {
        List<PoolRecord> out = new ArrayList<>();
        for (Draft d : drafts) {
            String of = d.original != null ? d.original.problemId : d.testId;
            out.add(new PoolRecord(d.id, d.text, d.answer, d.exercise, d.planted, of));
        }
        return out;
    }

    // ---- test sets

    private List<TestSet> testSets() {
        List<TestSet> out = new ArrayList<>();
        for (MiniDomain d : MiniDomain.values()) {
            for (boolean hard : new boolean[]{false, true}) {
                List<TestItem> items = new ArrayList<>();
                for (int level = hard ? 4 : 1; level <= (hard ? 5 : 3); level++) {
                    int n = hard ? c.hardPerLevel() : c.testPerLevel();
                    for (int i = 1; i <= n; ) {
                        Exercise e = d.generate(tests, level);
                        if (!seen.add(TextNormalizer.comparable(e.text()))) continue;
                        items.add(new TestItem(String.format("%s-L%d-%03d", d.id(), level, i), e));
                        i++;
                    }
                }
                out.add(new TestSet(hard ? d.id() + "-hard" : d.id(), d, hard, items));
            }
        }
        return out;
    }

    // ---- distinct pool problems

    /**
     * For each source, {@code sizes} problems that share no 8-gram with a test item and are no copy, exact or near,
     * of a test item or of each other by the real {@link Deduplicator}. Templated problems that differ in one number
     * can be near duplicates by its measure; those are drawn again.
     */
    private List<List<Exercise>> distinct(List<TestSet> testSets, Decontaminator decontaminator, List<String> sources,
                                          List<Integer> sizes) {
        List<List<Exercise>> drawn = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) drawn.add(draw(sources.get(i), sizes.get(i) + surplus(sizes.get(i)), decontaminator));
        while (true) {
            List<Problem> all = new ArrayList<>();
            Map<String, Exercise> byId = new HashMap<>();
            for (TestSet t : testSets) for (TestItem item : t.items()) all.add(new Problem("test:" + item.id(), item.exercise().text(), ""));
            for (int i = 0; i < drawn.size(); i++) {
                for (int j = 0; j < drawn.get(i).size(); j++) {
                    Exercise e = drawn.get(i).get(j);
                    String id = i + ":" + j;
                    byId.put(id, e);
                    all.add(new Problem(id, e.text(), ""));
                }
            }
            Set<Exercise> near = new HashSet<>();
            for (Decision d : Deduplicator.dedup(all).decisions()) {
                Exercise e = byId.get(d.problemId());
                if (e != null) near.add(e); // a test item like another test item stays: tests are not a pool
            }
            boolean enough = true;
            for (int i = 0; i < drawn.size(); i++) {
                drawn.get(i).removeIf(near::contains);
                int missing = sizes.get(i) - drawn.get(i).size();
                if (missing > 0) {
                    drawn.get(i).addAll(draw(sources.get(i), missing + surplus(missing), decontaminator));
                    enough = false;
                }
            }
            if (enough) break;
        }
        List<List<Exercise>> out = new ArrayList<>();
        for (int i = 0; i < drawn.size(); i++) out.add(new ArrayList<>(drawn.get(i).subList(0, sizes.get(i))));
        return out;
    }

    /** Enough extra draws to cover the ~5% that turn out near duplicates of others. */
    private static int surplus(int n) {
        return Math.max(20, n / 10);
    }

    /** {@code n} new problems for {@code source}: trained domains uniformly, levels by the source's weights. */
    private List<Exercise> draw(String source, int n, Decontaminator decontaminator) {
        List<MiniDomain> domains = MiniDomain.trained();
        double[] weights = LEVELS.get(source);
        List<Exercise> out = new ArrayList<>();
        long attempts = 0, limit = 100L * n + 1000;
        while (out.size() < n) {
            if (++attempts > limit) {
                throw new IllegalStateException("cannot draw " + n + " distinct problems for " + source
                        + " that share no 8-gram with a test item: the world is too small for this config");
            }
            MiniDomain d = domains.get(pool.nextInt(domains.size()));
            double u = pool.nextDouble();
            int level = u < weights[0] ? 1 : u < weights[0] + weights[1] ? 2 : 3;
            Exercise e = d.generate(pool, level);
            if (decontaminator.match(e.text()).isPresent()) continue;
            if (!seen.add(TextNormalizer.comparable(e.text()))) continue;
            out.add(e);
        }
        return out;
    }

    // ---- planted variants

    /** The same text with two of its spaces doubled and a trailing space: equal once normalised. */
    private String respaced(String text) {
        List<Integer> spaces = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == ' ') spaces.add(i);
        StringBuilder sb = new StringBuilder(text);
        int a = spaces.get(plant.nextInt(spaces.size())), b = spaces.get(plant.nextInt(spaces.size()));
        sb.insert(Math.max(a, b), ' ');
        if (a != b) sb.insert(Math.min(a, b), ' ');
        return sb.append(' ').toString();
    }

    /** A few words before or after {@code text}, at least {@value #NEAR_SIMILARITY} alike; null if none is. */
    private String nearVariant(String text) {
        List<String> tries = new ArrayList<>();
        for (String p : NEAR_PREFIXES) tries.add(p + text);
        for (String s : NEAR_SUFFIXES) tries.add(text + s);
        shuffle(tries);
        for (String t : tries) {
            if (Deduplicator.similarity(text, t, Deduplicator.Config.DEFAULT) >= NEAR_SIMILARITY) return t;
        }
        return null;
    }

    private <T> void shuffle(List<T> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = plant.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    private void insertAtRandom(List<Draft> into, List<Draft> items) {
        for (Draft d : items) into.add(plant.nextInt(into.size() + 1), d);
    }

    // ---- the check against the real pool stage

    /**
     * Runs the pool stage (answer filter, de-duplication, decontamination) over the drafts as the reader would give
     * them, and takes out each record whose fate differs from its plan, until none does; returns how many it took.
     */
    private int verify(List<List<Draft>> lists, Decontaminator decontaminator) {
        int removed = 0;
        while (true) {
            Map<String, Draft> byId = new HashMap<>();
            List<Problem> answered = new ArrayList<>();
            for (List<Draft> list : lists) {
                for (Draft d : list) {
                    byId.put(d.problemId, d);
                    if (!d.answer.isBlank()) answered.add(new Problem(d.problemId, d.text, d.answer));
                }
            }
            PoolResult result = Deduplicator.dedup(answered).then(decontaminator::decontaminate);
            Set<Draft> wrong = new HashSet<>();
            Set<String> dropped = new HashSet<>();
            for (Decision decision : result.decisions()) {
                Draft d = byId.get(decision.problemId());
                dropped.add(decision.problemId());
                PoolStage planned = d.planted.stage();
                if (planned == null || !planned.id.equals(decision.stage())) wrong.add(d);
            }
            for (List<Draft> list : lists) {
                for (Draft d : list) {
                    boolean plannedDrop = d.planted.stage() != null && d.planted != Planted.UNANSWERED;
                    if (plannedDrop && !dropped.contains(d.problemId)) wrong.add(d);
                }
            }
            if (wrong.isEmpty()) return removed;
            for (List<Draft> list : lists) list.removeIf(wrong::contains);
            removed += wrong.size();
        }
    }
}
