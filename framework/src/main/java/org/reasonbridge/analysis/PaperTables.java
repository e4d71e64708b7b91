package org.reasonbridge.analysis;

import org.reasonbridge.eval.Sample;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The paper's results in its shapes, built from evaluation output folders ({@link LabelledRun}) or a
 * {@link org.reasonbridge.eval.ScalingSweep} table, so the same code serves the mini world and real runs. Every
 * accuracy is pass@1 with a percentile-bootstrap interval over problems; every difference is paired over the same
 * problems ({@link Bootstrap}). Tables are long (one row per cell) for CSV; {@link #wide} pivots one for reading.
 */
public final class PaperTables {
    private PaperTables() {
    }

    // ---- Runs of one cell with different seeds

    /**
     * The runs of one table cell: one system on one benchmark and split, once per seed (several runs with the same
     * labels are seeds of one cell, in the order given).
     */
    private record Cell(LabelledRun label, List<RunFolder> seeds) {
        List<boolean[]> verdicts() {
            List<String> ids = new ArrayList<>(seeds.get(0).problemIds());
            List<boolean[]> out = new ArrayList<>();
            for (RunFolder r : seeds) {
                RunFolder.sameProblems(seeds.get(0), r);
                out.add(r.verdicts(ids));
            }
            return out;
        }

        int correct() {
            return seeds.stream().mapToInt(RunFolder::correct).sum();
        }

        double mean(java.util.function.ToDoubleFunction<RunFolder> f) {
            return seeds.stream().mapToDouble(f).average().orElse(Double.NaN);
        }
    }

    private static List<Cell> cells(List<LabelledRun> runs) {
        Map<List<String>, Cell> out = new LinkedHashMap<>();
        for (LabelledRun r : runs) {
            out.computeIfAbsent(List.of(r.model(), r.condition(), r.benchmark(), r.split()), k -> new Cell(r, new ArrayList<>()))
                    .seeds().add(r.run());
        }
        return List.copyOf(out.values());
    }

    // ---- Table 1: models x benchmarks, with and without intervention

    /**
     * One row per cell (model, condition, benchmark; runs with equal labels are seeds of one cell), in the order
     * given: model, condition, benchmark, n (problems), correct (summed over seeds), accuracy (mean over seeds),
     * ci_lo, ci_hi (over problems, and over seeds when there are several), seeds.
     */
    public static Table table1(List<LabelledRun> runs, BootstrapConfig cfg) {
        StringColumn model = StringColumn.create("model"), condition = StringColumn.create("condition"),
                benchmark = StringColumn.create("benchmark");
        IntColumn n = IntColumn.create("n"), correct = IntColumn.create("correct"), seeds = IntColumn.create("seeds");
        DoubleColumn acc = DoubleColumn.create("accuracy"), lo = DoubleColumn.create("ci_lo"), hi = DoubleColumn.create("ci_hi");
        for (Cell c : cells(runs)) {
            Interval i = Bootstrap.passAt1(c.verdicts(), cfg);
            model.append(c.label().model());
            condition.append(c.label().condition());
            benchmark.append(c.label().benchmark());
            n.append(c.seeds().get(0).n());
            correct.append(c.correct());
            acc.append(i.estimate());
            lo.append(i.lo());
            hi.append(i.hi());
            seeds.append(c.seeds().size());
        }
        return Table.create("Table 1: pass@1 by model and benchmark", model, condition, benchmark, n, correct, acc, lo, hi, seeds);
    }

    // ---- Table 2: ablations against the full method

    /**
     * Each other system against {@code fullSystem} ({@link LabelledRun#system()}) on every benchmark both ran: the
     * claim "the full method beats the variant", paired over the benchmark's problems (and over seeds).
     *
     * @throws IllegalArgumentException when no run is the full system, or a pair's problem sets differ
     */
    public static List<Claim> ablationClaims(List<LabelledRun> runs, String fullSystem, BootstrapConfig cfg) {
        List<Claim> out = new ArrayList<>();
        for (Cell[] pair : ablationPairs(runs, fullSystem)) {
            out.add(Claim.compare(fullSystem + " > " + pair[1].label().system() + " on " + pair[1].label().benchmark(),
                    pair[0].seeds(), pair[1].seeds(), cfg));
        }
        return out;
    }

    /** {full, variant} cells on the same benchmark, in the variants' order. */
    private static List<Cell[]> ablationPairs(List<LabelledRun> runs, String fullSystem) {
        List<Cell> cells = cells(runs);
        Map<String, Cell> full = new LinkedHashMap<>();
        for (Cell c : cells) if (c.label().system().equals(fullSystem)) full.putIfAbsent(c.label().benchmark(), c);
        if (full.isEmpty()) {
            throw new IllegalArgumentException("no run of the full method '" + fullSystem + "' among " + systems(runs));
        }
        List<Cell[]> out = new ArrayList<>();
        for (Cell c : cells) {
            Cell f = full.get(c.label().benchmark());
            if (!c.label().system().equals(fullSystem) && f != null) out.add(new Cell[]{f, c});
        }
        return out;
    }

    /**
     * Table 2: one row per variant and benchmark: variant, benchmark, n, accuracy with its interval, the full
     * method's accuracy, delta = variant - full with its paired interval, and the verdict on "full > variant".
     */
    public static Table table2(List<LabelledRun> runs, String fullSystem, BootstrapConfig cfg) {
        StringColumn variant = StringColumn.create("variant"), benchmark = StringColumn.create("benchmark"),
                verdict = StringColumn.create("full_better");
        IntColumn n = IntColumn.create("n");
        DoubleColumn acc = DoubleColumn.create("accuracy"), lo = DoubleColumn.create("ci_lo"), hi = DoubleColumn.create("ci_hi"),
                full = DoubleColumn.create("full_accuracy"), delta = DoubleColumn.create("delta"),
                dlo = DoubleColumn.create("delta_lo"), dhi = DoubleColumn.create("delta_hi");
        for (Cell[] pair : ablationPairs(runs, fullSystem)) {
            Cell v = pair[1];
            Claim k = Claim.compare(fullSystem + " > " + v.label().system(), pair[0].seeds(), v.seeds(), cfg);
            Interval i = Bootstrap.passAt1(v.verdicts(), cfg);
            variant.append(v.label().system());
            benchmark.append(v.label().benchmark());
            n.append(k.n());
            acc.append(i.estimate());
            lo.append(i.lo());
            hi.append(i.hi());
            full.append(k.treated());
            // the claim is full - variant; the table shows what removing a part costs, variant - full
            delta.append(-k.delta() + 0.0); // + 0.0: no "-0.0" when the two sides agree
            dlo.append(-k.hi());
            dhi.append(-k.lo());
            verdict.append(k.verdict().label());
        }
        return Table.create("Table 2: ablations against " + fullSystem, variant, benchmark, n, acc, lo, hi, full, delta,
                dlo, dhi, verdict);
    }

    /**
     * {@link #table2} with the full method's own rows first, one per benchmark (variant = {@code fullSystem}, its
     * accuracy and interval, delta 0 with no interval, {@code full_better} = "reference"), so the table reads as the
     * paper prints it: the reference row, then what each change costs.
     */
    public static Table table2WithReference(List<LabelledRun> runs, String fullSystem, BootstrapConfig cfg) {
        Table variants = table2(runs, fullSystem, cfg);
        Table out = variants.emptyCopy();
        for (Cell c : cells(runs)) {
            if (!c.label().system().equals(fullSystem)) continue;
            Interval i = Bootstrap.passAt1(c.verdicts(), cfg);
            out.stringColumn("variant").append(fullSystem);
            out.stringColumn("benchmark").append(c.label().benchmark());
            out.intColumn("n").append(c.seeds().get(0).n());
            out.doubleColumn("accuracy").append(i.estimate());
            out.doubleColumn("ci_lo").append(i.lo());
            out.doubleColumn("ci_hi").append(i.hi());
            out.doubleColumn("full_accuracy").append(i.estimate());
            out.doubleColumn("delta").append(0.0);
            out.doubleColumn("delta_lo").appendMissing();
            out.doubleColumn("delta_hi").appendMissing();
            out.stringColumn("full_better").append("reference");
        }
        return out.append(variants).setName(variants.name());
    }

    // ---- Table 4: generalisation

    /**
     * Table 4: per system and split ({@link LabelledRun#split()}: in-domain, held-out, harder...), pass@1 pooled over
     * the split's benchmarks (problems keyed {@code benchmark/id}; seed k of each benchmark pooled with seed k of
     * the others), with its interval, and the gain over {@code baselineSystem} on the same problems with its paired
     * interval and verdict (blank for the baseline).
     *
     * @throws IllegalArgumentException when no run is the baseline, or the benchmarks of one split have different
     *                                  numbers of seeds
     */
    public static Table table4(List<LabelledRun> runs, String baselineSystem, BootstrapConfig cfg) {
        Map<String, Map<String, List<Cell>>> bySystem = new LinkedHashMap<>();
        for (Cell c : cells(runs)) {
            bySystem.computeIfAbsent(c.label().system(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(c.label().split(), k -> new ArrayList<>()).add(c);
        }
        if (!bySystem.containsKey(baselineSystem)) {
            throw new IllegalArgumentException("no run of the baseline '" + baselineSystem + "' among " + systems(runs));
        }
        StringColumn system = StringColumn.create("system"), split = StringColumn.create("split"),
                benchmarks = StringColumn.create("benchmarks"), verdict = StringColumn.create("gain_verdict");
        IntColumn n = IntColumn.create("n");
        DoubleColumn acc = DoubleColumn.create("accuracy"), lo = DoubleColumn.create("ci_lo"), hi = DoubleColumn.create("ci_hi"),
                gain = DoubleColumn.create("gain"), glo = DoubleColumn.create("gain_lo"), ghi = DoubleColumn.create("gain_hi");
        for (var sys : bySystem.entrySet()) {
            for (var sp : sys.getValue().entrySet()) {
                List<RunFolder> pooled = pool(sys.getKey() + " " + sp.getKey(), sp.getValue());
                Interval i = Bootstrap.passAt1(new Cell(sp.getValue().get(0).label(), pooled).verdicts(), cfg);
                system.append(sys.getKey());
                split.append(sp.getKey());
                benchmarks.append(String.join(", ", sp.getValue().stream().map(c -> c.label().benchmark()).toList()));
                n.append(pooled.get(0).n());
                acc.append(i.estimate());
                lo.append(i.lo());
                hi.append(i.hi());
                List<Cell> base = bySystem.get(baselineSystem).get(sp.getKey());
                if (sys.getKey().equals(baselineSystem) || base == null) {
                    gain.appendMissing();
                    glo.appendMissing();
                    ghi.appendMissing();
                    verdict.append("");
                } else {
                    Claim c = Claim.compare(sys.getKey() + " > " + baselineSystem, pooled, pool(baselineSystem, base), cfg);
                    gain.append(c.delta());
                    glo.append(c.lo());
                    ghi.append(c.hi());
                    verdict.append(c.verdict().label());
                }
            }
        }
        return Table.create("Table 4: generalisation (gain over " + baselineSystem + ")", system, split, benchmarks, n, acc,
                lo, hi, gain, glo, ghi, verdict);
    }

    // ---- One claim between two systems on a split

    /**
     * The claim "{@code better} beats {@code worse}" ({@link LabelledRun#system()} names) on {@code split}, pooled
     * over every benchmark of that split both systems ran (seeds paired up as in {@link #table4}), e.g.
     * {@code claim("guided > none", runs, "RB + guided", "RB", "in-domain", cfg)}.
     *
     * @throws IllegalArgumentException when either system has no run on the split, or they share no benchmark there
     */
    public static Claim claim(String name, List<LabelledRun> runs, String better, String worse, String split,
                              BootstrapConfig cfg) {
        List<Cell> a = new ArrayList<>(), b = new ArrayList<>();
        for (Cell c : cells(runs)) {
            if (!c.label().split().equals(split)) continue;
            if (c.label().system().equals(better)) a.add(c);
            else if (c.label().system().equals(worse)) b.add(c);
        }
        List<String> shared = a.stream().map(c -> c.label().benchmark())
                .filter(x -> b.stream().anyMatch(c -> c.label().benchmark().equals(x))).toList();
        if (shared.isEmpty()) {
            throw new IllegalArgumentException(name + ": no benchmark of split '" + split + "' has runs of both '" + better
                    + "' and '" + worse + "' among " + systems(runs));
        }
        a.removeIf(c -> !shared.contains(c.label().benchmark()));
        b.removeIf(c -> !shared.contains(c.label().benchmark()));
        b.sort(java.util.Comparator.comparingInt(c -> shared.indexOf(c.label().benchmark())));
        a.sort(java.util.Comparator.comparingInt(c -> shared.indexOf(c.label().benchmark())));
        return Claim.compare(name, pool(better + " " + split, a), pool(worse + " " + split, b), cfg);
    }

    /** Seed k of every cell's benchmark as one run, ids prefixed by benchmark so two benchmarks' ids never collide. */
    private static List<RunFolder> pool(String name, List<Cell> cells) {
        int seeds = cells.get(0).seeds().size();
        for (Cell c : cells) {
            if (c.seeds().size() != seeds) {
                throw new IllegalArgumentException(name + ": " + c.label().benchmark() + " has " + c.seeds().size()
                        + " seeds but " + cells.get(0).label().benchmark() + " has " + seeds + "; pool runs of equal seed counts");
            }
        }
        List<RunFolder> out = new ArrayList<>();
        for (int k = 0; k < seeds; k++) {
            List<Sample> all = new ArrayList<>();
            for (Cell c : cells) {
                for (Sample s : c.seeds().get(k).samples().values()) {
                    all.add(new Sample(c.label().benchmark() + "/" + s.id(), s.prompt(), s.completion(), s.reasoning(),
                            s.extracted(), s.gold(), s.verdict(), s.promptTokens(), s.completionTokens(), s.seconds(),
                            s.attempts(), s.execution(), s.error(), s.steering(), s.run()));
                }
            }
            Path dir = cells.size() == 1 ? cells.get(0).seeds().get(k).dir() : Path.of(name);
            out.add(new RunFolder(dir, name, RunFolder.of(name, all).samples()));
        }
        return out;
    }

    // ---- Figure 4: accuracy vs interventions and vs thinking tokens

    /**
     * A {@link org.reasonbridge.eval.ScalingSweep} table with each row's interval added ({@code ci_lo},
     * {@code ci_hi}), bootstrapped from its {@code correct} of {@code problems}.
     */
    public static Table sweepWithIntervals(Table sweep, BootstrapConfig cfg) {
        require(sweep, "correct", "problems");
        Table t = sweep.copy();
        DoubleColumn lo = DoubleColumn.create("ci_lo"), hi = DoubleColumn.create("ci_hi");
        for (int r = 0; r < t.rowCount(); r++) {
            Interval i = Bootstrap.passAt1((int) t.numberColumn("correct").getDouble(r),
                    (int) t.numberColumn("problems").getDouble(r), cfg);
            lo.append(i.lo());
            hi.append(i.hi());
        }
        return t.addColumns(lo, hi);
    }

    /**
     * Figure 4's points from evaluation runs: per system and benchmark, mean interventions and mean thinking tokens
     * (from each sample's policy record) and accuracy with its interval; columns named as a sweep's, so
     * {@link #figure4(Table, Path)} draws either.
     */
    public static Table figure4Points(List<LabelledRun> runs, BootstrapConfig cfg) {
        return figure4Points(runs, LabelledRun::system, cfg);
    }

    /**
     * {@link #figure4Points(List, BootstrapConfig)} with the line each run belongs to chosen by {@code series}: runs
     * of one method at several intervention counts or budgets (told apart by their condition) become one line when
     * {@code series} is, say, {@link LabelledRun#model()}.
     */
    public static Table figure4Points(List<LabelledRun> runs, java.util.function.Function<LabelledRun, String> series,
                                      BootstrapConfig cfg) {
        StringColumn method = StringColumn.create("method"), benchmark = StringColumn.create("benchmark");
        IntColumn n = IntColumn.create("problems"), correct = IntColumn.create("correct");
        DoubleColumn k = DoubleColumn.create("interventions"), think = DoubleColumn.create("mean_thinking_tokens"),
                acc = DoubleColumn.create("accuracy"), lo = DoubleColumn.create("ci_lo"), hi = DoubleColumn.create("ci_hi");
        for (Cell c : cells(runs)) {
            Interval i = Bootstrap.passAt1(c.verdicts(), cfg);
            method.append(series.apply(c.label()));
            benchmark.append(c.label().benchmark());
            n.append(c.seeds().get(0).n() * c.seeds().size()); // graded samples, so that correct / problems = accuracy
            correct.append(c.correct());
            k.append(c.mean(RunFolder::meanInterventions));
            think.append(c.mean(RunFolder::meanThinkingTokens));
            acc.append(i.estimate());
            lo.append(i.lo());
            hi.append(i.hi());
        }
        return Table.create("Figure 4 points", method, benchmark, n, correct, k, think, acc, lo, hi);
    }

    /**
     * Figure 4 as two PNGs in {@code dir}: {@code figure4_interventions.png} (accuracy vs interventions, per method;
     * at the largest thinking budget when the table has a {@code thinking_budget} column) and
     * {@code figure4_thinking_tokens.png} (accuracy vs mean thinking tokens, every row). Takes a sweep's table or
     * {@link #figure4Points}; returns the files written.
     */
    public static List<Path> figure4(Table points, Path dir) {
        require(points, "method", "interventions", "mean_thinking_tokens", "accuracy");
        Table k = points;
        if (points.columnNames().contains("thinking_budget")) {
            NumericColumn<?> b = points.numberColumn("thinking_budget");
            k = points.where(b.isEqualTo(b.max()));
        }
        Path a = dir.resolve("figure4_interventions.png"), t = dir.resolve("figure4_thinking_tokens.png");
        String budget = k == points ? "" : " (thinking budget " + Math.round(points.numberColumn("thinking_budget").max()) + ")";
        LinePlot.write(k, "interventions", "accuracy", "method", "Accuracy vs interventions" + budget, a, 800, 480);
        Table finite = points.where(points.numberColumn("mean_thinking_tokens").isNotMissing());
        if (finite.rowCount() == 0) return List.of(a);
        LinePlot.write(finite, "mean_thinking_tokens", "accuracy", "method", "Accuracy vs thinking tokens", t, 800, 480);
        return List.of(a, t);
    }

    // ---- Breakdowns by the problems' metadata

    /**
     * One row per run and group of its {@code results.json} breakdown (subject, level, task, category: what
     * {@link org.reasonbridge.eval.EvaluationResult} counts): system, benchmark, key, group, n, correct, accuracy and
     * its interval, bootstrapped from the group's counts. A run without a results file or breakdown adds no rows.
     */
    public static Table breakdown(List<LabelledRun> runs, BootstrapConfig cfg) {
        StringColumn system = StringColumn.create("system"), benchmark = StringColumn.create("benchmark"),
                key = StringColumn.create("key"), group = StringColumn.create("group");
        IntColumn n = IntColumn.create("n"), correct = IntColumn.create("correct");
        DoubleColumn acc = DoubleColumn.create("accuracy"), lo = DoubleColumn.create("ci_lo"), hi = DoubleColumn.create("ci_hi");
        for (LabelledRun r : runs) {
            Path results = r.run().dir().resolve(org.reasonbridge.eval.EvaluationRun.RESULTS);
            if (!java.nio.file.Files.isRegularFile(results)) continue;
            com.fasterxml.jackson.databind.JsonNode b;
            try {
                b = org.reasonbridge.model.json.Json.MAPPER.readTree(results.toFile()).path("breakdown");
            } catch (java.io.IOException e) {
                throw new org.reasonbridge.data.DataFileException(results, 0, "malformed JSON: " + e.getMessage());
            }
            for (var k = b.fields(); k.hasNext(); ) {
                var byKey = k.next();
                for (var g = byKey.getValue().fields(); g.hasNext(); ) {
                    var m = g.next();
                    int total = m.getValue().path("n").asInt(), right = m.getValue().path("correct").asInt();
                    if (total <= 0 || right < 0 || right > total) {
                        throw new org.reasonbridge.data.DataFileException(results, 0, "breakdown " + byKey.getKey() + "/"
                                + m.getKey() + ": bad counts n=" + total + ", correct=" + right);
                    }
                    Interval i = Bootstrap.passAt1(right, total, cfg);
                    system.append(r.system());
                    benchmark.append(r.benchmark());
                    key.append(byKey.getKey());
                    group.append(m.getKey());
                    n.append(total);
                    correct.append(right);
                    acc.append(i.estimate());
                    lo.append(i.lo());
                    hi.append(i.hi());
                }
            }
        }
        return Table.create("pass@1 by group", system, benchmark, key, group, n, correct, acc, lo, hi);
    }

    // ---- Reading a long table

    /**
     * A long table pivoted for reading: one row per distinct value of {@code rowKeys}, one column per value of
     * {@code columnKey}, cells {@code accuracy [ci_lo, ci_hi]} in percent.
     */
    public static Table wide(Table longTable, String columnKey, String... rowKeys) {
        List<String> need = new ArrayList<>(List.of(rowKeys));
        need.addAll(List.of(columnKey, "accuracy", "ci_lo", "ci_hi"));
        require(longTable, need.toArray(String[]::new));
        Set<String> cols = new LinkedHashSet<>();
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        Map<String, String[]> keys = new LinkedHashMap<>();
        for (int r = 0; r < longTable.rowCount(); r++) {
            String[] key = new String[rowKeys.length];
            for (int i = 0; i < key.length; i++) key[i] = longTable.column(rowKeys[i]).getString(r);
            String rk = String.join("\u0000", key), ck = longTable.column(columnKey).getString(r);
            cols.add(ck);
            keys.put(rk, key);
            Interval i = new Interval(longTable.numberColumn("accuracy").getDouble(r),
                    longTable.numberColumn("ci_lo").getDouble(r), longTable.numberColumn("ci_hi").getDouble(r));
            rows.computeIfAbsent(rk, x -> new LinkedHashMap<>()).put(ck, i.percent());
        }
        Table out = Table.create(longTable.name());
        for (int i = 0; i < rowKeys.length; i++) {
            StringColumn c = StringColumn.create(rowKeys[i]);
            for (String[] key : keys.values()) c.append(key[i]);
            out.addColumns(c);
        }
        for (String ck : cols) {
            StringColumn c = StringColumn.create(ck);
            for (String rk : keys.keySet()) c.append(rows.get(rk).getOrDefault(ck, ""));
            out.addColumns(c);
        }
        return out;
    }

    private static void require(Table t, String... columns) {
        for (String c : columns) {
            if (!t.columnNames().contains(c)) throw new IllegalArgumentException(t.name() + ": no column '" + c + "' in " + t.columnNames());
        }
    }

    private static List<String> systems(List<LabelledRun> runs) {
        return runs.stream().map(LabelledRun::system).distinct().toList();
    }
}
