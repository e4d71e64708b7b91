package org.reasonbridge.demo;

import org.reasonbridge.curation.pool.PoolStage;
import org.reasonbridge.data.Problem;
import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.grading.Grader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole mini world: three pool sources with planted duplicates and leaked test items, and the test sets (per
 * domain, a hard one per domain, and the held-out domain's). {@link #build} makes it in memory from a
 * {@link WorldConfig}; {@link #write} puts it on disk in the formats the pool reader and {@code eval --benchmark
 * jsonl} read. The pool is checked against the real de-duplicator and decontaminator while it is built, so
 * {@link #expectedDrops()} is exactly what curation's pool stage will report (reading the sources in
 * {@link #sources()} order).
 */
public final class MiniWorld {
    /** Why a record is in the pool: a distinct problem, or one of the planted cases the pool stage must find. */
    public enum Planted {
        NONE(null), EXACT_COPY(PoolStage.DEDUP_EXACT), NEAR_COPY(PoolStage.DEDUP_NEAR), LEAKED(PoolStage.DECONTAMINATE),
        LEAKED_NEAR(PoolStage.DECONTAMINATE), UNANSWERED(PoolStage.READ);

        private final PoolStage stage;

        Planted(PoolStage stage) {
            this.stage = stage;
        }

        /** The pool stage that drops such a record; null for a distinct problem, which is kept. */
        public PoolStage stage() {
            return stage;
        }
    }

    /**
     * One record of a pool file.
     *
     * @param id       the source's id ({@code tb-00042}); the pool reader makes it {@code mini-textbook:tb-00042}
     * @param text     the problem as written in the file
     * @param answer   the reference answer ("" for an unanswered post)
     * @param exercise the problem it states
     * @param planted  why it is there
     * @param copyOf   for a copy, the id (with source) of the pool record or test item it copies; else null
     */
    public record PoolRecord(String id, String text, String answer, Exercise exercise, Planted planted, String copyOf) {
    }

    /** A pool source: its name ({@code mini-textbook}), its file format, and its records in file order. */
    public record PoolSource(String name, String format, String description, List<PoolRecord> records) {
        public PoolSource {
            records = List.copyOf(records);
        }

        /** The id the pool reader gives {@code r}. */
        public String problemId(PoolRecord r) {
            return name + ":" + r.id();
        }
    }

    /** A test item: its id ({@code arithmetic-L2-007}) and problem. */
    public record TestItem(String id, Exercise exercise) {
    }

    /** A test set: {@code arithmetic} (levels 1..3), {@code arithmetic-hard} (levels 4..5), ... */
    public record TestSet(String name, MiniDomain domain, boolean hard, List<TestItem> items) {
        public TestSet {
            items = List.copyOf(items);
        }

        /** As the evaluation runner and the decontaminator see it. */
        public Benchmark benchmark() {
            List<Problem> problems = new ArrayList<>();
            for (TestItem t : items) {
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("subject", domain.id());
                meta.put("level", Integer.toString(t.exercise().level()));
                problems.add(new Problem(t.id(), t.exercise().text(), t.exercise().answer(), List.of(), meta));
            }
            return new Benchmark(name, Grader.MATH, problems);
        }
    }

    private final WorldConfig config;
    private final List<PoolSource> sources;
    private final List<TestSet> testSets;
    private final int removed;

    MiniWorld(WorldConfig config, List<PoolSource> sources, List<TestSet> testSets, int removed) {
        this.config = config;
        this.sources = List.copyOf(sources);
        this.testSets = List.copyOf(testSets);
        this.removed = removed;
    }

    /** Builds the world of {@code config}: the same config always gives the same world. */
    public static MiniWorld build(WorldConfig config) {
        return new PoolBuilder(config).build();
    }

    public WorldConfig config() {
        return config;
    }

    /** {@code mini-textbook}, {@code mini-contest}, {@code mini-forum}: the order curation should read them in. */
    public List<PoolSource> sources() {
        return sources;
    }

    public List<TestSet> testSets() {
        return testSets;
    }

    /** The test sets as benchmarks, for a {@code Decontaminator} or an evaluation. */
    public List<Benchmark> benchmarks() {
        return testSets.stream().map(TestSet::benchmark).toList();
    }

    /**
     * Records the builder took out because the real de-duplicator or decontaminator flagged them by accident (two
     * generated problems too alike, a copy that did not come out as planned); the world is the rest.
     */
    public int removedWhileBuilding() {
        return removed;
    }

    /** For each pool stage ({@code read}, {@code dedup-exact}, ...), the problem ids it drops, in read order. */
    public Map<String, List<String>> expectedDrops() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (PoolStage s : PoolStage.values()) out.put(s.id, new ArrayList<>());
        for (PoolSource s : sources) {
            for (PoolRecord r : s.records) if (r.planted.stage() != null) out.get(r.planted.stage().id).add(s.problemId(r));
        }
        return out;
    }

    /** Records the pool stage keeps. */
    public int expectedKept() {
        return (int) sources.stream().flatMap(s -> s.records.stream()).filter(r -> r.planted == Planted.NONE).count();
    }

    /** Writes the pool manifests and files, the test sets and {@code world.json} under {@code dir}. */
    public WorldFiles write(Path dir) {
        return WorldFiles.write(this, dir);
    }
}
