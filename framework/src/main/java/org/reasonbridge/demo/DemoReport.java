package org.reasonbridge.demo;

import org.reasonbridge.analysis.Bootstrap;
import org.reasonbridge.analysis.BootstrapConfig;
import org.reasonbridge.analysis.Interval;
import org.reasonbridge.analysis.LabelledRun;
import org.reasonbridge.analysis.LinePlot;
import org.reasonbridge.analysis.PaperTables;
import org.reasonbridge.analysis.RunFolder;
import org.reasonbridge.analysis.TableFiles;
import org.reasonbridge.data.AtomicFiles;
import org.reasonbridge.eval.Sample;
import org.reasonbridge.eval.SampleLog;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's report, built only from the evaluation folders ({@code out/eval/CONDITION/SET/samples.jsonl}): accuracy
 * per condition and test set with a 95% bootstrap interval over problems, and each of the paper's claims as a paired
 * difference with its own bootstrap interval (the same problems resampled for both sides). A claim holds when the
 * interval lies above zero. The negative control must not gain: if its interval lies above zero, the report says
 * the setup is broken. Writes {@code report.md}, {@code results.csv}, {@code claims.csv} and {@code figure.png}.
 *
 * @param dir      the report folder
 * @param markdown {@code report.md}
 * @param lines    the claims, one line each, as the report states them
 */
public record DemoReport(Path dir, Path markdown, List<String> lines) {
    /** Bootstrap resamples; the interval is the 2.5th to 97.5th percentile. */
    static final int RESAMPLES = 2000;

    /** One claim: {@code better} beats {@code worse} on the items of {@code set} whose id starts with {@code ids}. */
    record Claim(String name, String better, String worse, String set, String ids) {
        Claim(String name, String better, String worse, String set) {
            this(name, better, worse, set, "");
        }
    }

    /** A claim's outcome: the mean paired difference and its interval, or why it was not measured. */
    record Outcome(Claim claim, double diff, double lo, double hi, int n, String verdict) {
    }

    static List<Claim> claims() {
        return List.of(new Claim("ReasonBridge > base", "reasonbridge", "base", "in-domain"),
                new Claim("guided intervention > none", "reasonbridge+gii", "reasonbridge", "in-domain"),
                new Claim("guided intervention > budget forcing", "reasonbridge+gii", "reasonbridge+budget-forcing", "in-domain"),
                new Claim("curated > random", "reasonbridge", "random", "in-domain"),
                new Claim("hierarchical loss > plain SFT", "reasonbridge", "sft", "in-domain"),
                new Claim("strategic adapters matter (all levels > without strategic)", "reasonbridge", "no-strategic", "in-domain"),
                new Claim("tactical adapters matter", "reasonbridge", "no-tactical", "in-domain"),
                new Claim("operational adapters matter", "reasonbridge", "no-operational", "in-domain"),
                new Claim("ReasonBridge > base, harder levels (4-5)", "reasonbridge", "base", "hard"),
                new Claim("ReasonBridge > base, held-out domain", "reasonbridge", "base", "held-out"),
                // not one of the paper's claims: whether the traces teach where the world lets a model this small
                // follow them (DigitPrograms), however the other domains fare
                new Claim("ReasonBridge > base, digit programs only (diagnostic: the domain built for the student)",
                        "reasonbridge", "base", "in-domain", MiniDomain.PROGRAMS.id() + "-"));
    }

    /** The negative control: adapters trained on mismatched traces must not beat the base model. */
    static final Claim CONTROL = new Claim("negative control (mismatched traces) > base", "control", "base", "in-domain");

    static DemoReport write(DemoSettings settings, Path out, List<String> conditions, List<String> sets) {
        Path dir = out.resolve("report");
        Map<String, Map<String, Map<String, Boolean>>> verdicts = new LinkedHashMap<>();
        Map<String, Map<String, Double>> tokens = new LinkedHashMap<>();
        read(out, conditions, sets, verdicts, tokens);
        long seed = settings.world().seed();
        Table results = Table.create("results", StringColumn.create("condition"), StringColumn.create("set"),
                DoubleColumn.create("n"), DoubleColumn.create("accuracy"), DoubleColumn.create("ci_low"),
                DoubleColumn.create("ci_high"), DoubleColumn.create("mean_completion_tokens"));
        for (String c : verdicts.keySet()) {
            for (Map.Entry<String, Map<String, Boolean>> e : verdicts.get(c).entrySet()) {
                double[] acc = accuracy(e.getValue(), seed);
                results.stringColumn("condition").append(c);
                results.stringColumn("set").append(e.getKey());
                results.doubleColumn("n").append(e.getValue().size());
                results.doubleColumn("accuracy").append(acc[0]);
                results.doubleColumn("ci_low").append(acc[1]);
                results.doubleColumn("ci_high").append(acc[2]);
                results.doubleColumn("mean_completion_tokens").append(tokens.get(c).get(e.getKey()));
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Claim c : claims()) outcomes.add(outcome(c, verdicts, seed));
        outcomes.add(strategicMost(outcomes));
        Outcome control = outcome(CONTROL, verdicts, seed);
        boolean broken = control.n() > 0 && control.lo() > 0;

        Table claims = Table.create("claims", StringColumn.create("claim"), StringColumn.create("set"),
                DoubleColumn.create("difference"), DoubleColumn.create("ci_low"), DoubleColumn.create("ci_high"),
                DoubleColumn.create("n"), StringColumn.create("verdict"));
        List<String> lines = new ArrayList<>();
        for (Outcome o : concat(outcomes, control)) {
            claims.stringColumn("claim").append(o.claim().name());
            claims.stringColumn("set").append(o.claim().set());
            claims.doubleColumn("difference").append(o.diff());
            claims.doubleColumn("ci_low").append(o.lo());
            claims.doubleColumn("ci_high").append(o.hi());
            claims.doubleColumn("n").append(o.n());
            claims.stringColumn("verdict").append(o.verdict());
            lines.add(line(o));
        }
        Path csv = dir.resolve("results.csv"), claimsCsv = dir.resolve("claims.csv"), png = dir.resolve("figure.png");
        Path md = dir.resolve("report.md");
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(dir + ": cannot create the report folder", e);
        }
        AtomicFiles.writeString(csv, results.write().toString("csv"));
        AtomicFiles.writeString(claimsCsv, claims.write().toString("csv"));
        figure(results, png);
        List<String> paper = paperTables(out, conditions, sets, dir.resolve("paper"), seed);
        AtomicFiles.writeString(md, markdown(settings, out, results, outcomes, control, broken)
                + "\n## The paper's tables (org.reasonbridge.analysis, from the same folders)\n\n" + String.join("\n", paper));
        return new DemoReport(dir, md, lines);
    }

    private static List<Outcome> concat(List<Outcome> a, Outcome b) {
        List<Outcome> all = new ArrayList<>(a);
        all.add(b);
        return all;
    }

    /**
     * Reads {@code out/eval/CONDITION/SET/samples.jsonl} for each condition and set that has one: each sample's
     * verdict by problem id into {@code verdicts}, and the mean completion tokens into {@code tokens} (may be null).
     */
    static void read(Path out, List<String> conditions, List<String> sets, Map<String, Map<String, Map<String, Boolean>>> verdicts,
                     Map<String, Map<String, Double>> tokens) {
        for (String c : conditions) {
            for (String s : sets) {
                Path log = out.resolve("eval").resolve(c).resolve(s).resolve("samples.jsonl");
                if (!Files.exists(log)) continue;
                Map<String, Boolean> v = new LinkedHashMap<>();
                double sum = 0;
                int n = 0;
                for (Sample x : SampleLog.read(log).values()) {
                    v.put(x.id(), x.verdict());
                    if (x.completionTokens() != null) {
                        sum += x.completionTokens();
                        n++;
                    }
                }
                verdicts.computeIfAbsent(c, k -> new LinkedHashMap<>()).put(s, v);
                if (tokens != null) tokens.computeIfAbsent(c, k -> new LinkedHashMap<>()).put(s, n == 0 ? Double.NaN : sum / n);
            }
        }
    }

    /**
     * The claim's two sides on the problems both were evaluated on (sorted by id, those starting with the claim's
     * prefix), as {@code {better, worse}} verdict vectors; null when either side was not run.
     */
    static boolean[][] paired(Claim c, Map<String, Map<String, Map<String, Boolean>>> verdicts) {
        Map<String, Boolean> better = verdicts.getOrDefault(c.better(), Map.of()).get(c.set());
        Map<String, Boolean> worse = verdicts.getOrDefault(c.worse(), Map.of()).get(c.set());
        if (better == null || worse == null) return null;
        List<String> ids = better.keySet().stream().filter(worse::containsKey).filter(id -> id.startsWith(c.ids())).sorted().toList();
        boolean[][] ab = new boolean[2][ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            ab[0][i] = better.get(ids.get(i));
            ab[1][i] = worse.get(ids.get(i));
        }
        return ab;
    }

    private static Outcome outcome(Claim c, Map<String, Map<String, Map<String, Boolean>>> verdicts, long seed) {
        boolean[][] ab = paired(c, verdicts);
        if (ab == null || ab[0].length == 0) return new Outcome(c, Double.NaN, Double.NaN, Double.NaN, 0, "not run");
        Interval i = Bootstrap.pairedDifference(ab[0], ab[1], new BootstrapConfig(RESAMPLES, 0.95, seed));
        return new Outcome(c, i.estimate(), i.lo(), i.hi(), ab[0].length, verdict(i));
    }

    /** A claim's verdict from its difference's interval. */
    static String verdict(Interval i) {
        return i.lo() > 0 ? "held" : i.hi() < 0 ? "reversed" : i.estimate() > 0 ? "not significant (higher)" : "did not hold";
    }

    /**
     * "Strategic adapters matter most": removing them costs more than removing either other level, and that cost's
     * interval lies above zero. Its numbers are the strategic ablation's.
     */
    private static Outcome strategicMost(List<Outcome> outcomes) {
        Map<String, Outcome> by = new LinkedHashMap<>();
        for (Outcome o : outcomes) by.put(o.claim().worse() + "/" + o.claim().set(), o);
        Outcome s = by.get("no-strategic/in-domain"), t = by.get("no-tactical/in-domain"), op = by.get("no-operational/in-domain");
        Claim c = new Claim("strategic adapters matter most", "reasonbridge", "no-strategic", "in-domain");
        if (s == null || t == null || op == null || s.n() == 0 || t.n() == 0 || op.n() == 0) {
            return new Outcome(c, Double.NaN, Double.NaN, Double.NaN, 0, "not run");
        }
        boolean most = s.diff() > t.diff() && s.diff() > op.diff();
        String verdict = most && s.lo() > 0 ? "held" : most ? "not significant (largest drop)" : "did not hold (drops: strategic "
                + pct(s.diff()) + ", tactical " + pct(t.diff()) + ", operational " + pct(op.diff()) + ")";
        return new Outcome(c, s.diff(), s.lo(), s.hi(), s.n(), verdict);
    }

    /**
     * pass@1 of {@code verdicts} and its interval as {@code {estimate, lo, hi}}, by the analysis package's percentile
     * bootstrap over problems (NaN when there are none). One implementation, so the report's intervals are the ones
     * `results` prints for the same folders.
     */
    private static double[] accuracy(Map<String, Boolean> verdicts, long seed) {
        if (verdicts.isEmpty()) return new double[]{Double.NaN, Double.NaN, Double.NaN};
        boolean[] v = new boolean[verdicts.size()];
        int i = 0;
        for (boolean b : verdicts.values()) v[i++] = b;
        Interval acc = Bootstrap.passAt1(v, new BootstrapConfig(RESAMPLES, 0.95, seed));
        return new double[]{acc.estimate(), acc.lo(), acc.hi()};
    }

    /** A claim's difference in pass@1 on its paired verdicts ({@link #paired}): better minus worse. */
    static double difference(boolean[][] ab) {
        return share(ab[0]) - share(ab[1]);
    }

    private static double share(boolean[] v) {
        int k = 0;
        for (boolean x : v) if (x) k++;
        return (double) k / v.length;
    }

    /** A fraction as points with one decimal; "n/a" for NaN. A difference that cancels is 0 up to rounding: no "-0.0". */
    static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", Math.abs(v) < 1e-12 ? 0.0 : 100 * v);
    }

    /** A claim's sign as the claim lines print it: "+" unless the difference is below zero (beyond rounding). */
    static String sign(double v) {
        return v > -1e-12 ? "+" : "";
    }

    private static String line(Outcome o) {
        if (o.n() == 0) return o.claim().name() + ": not run";
        return String.format(Locale.ROOT, "%s (%s): %s%s points, 95%% CI [%s, %s], n=%d: %s", o.claim().name(),
                o.claim().set(), sign(o.diff()), pct(o.diff()), pct(o.lo()), pct(o.hi()), o.n(), o.verdict());
    }

    private static void figure(Table results, Path png) {
        // accuracy against the mean completion length: the thinking tokens each condition spends (Figure 4's axes)
        Table t = results.where(results.stringColumn("set").isEqualTo("in-domain"));
        Table plot = Table.create("figure", StringColumn.create("set"), DoubleColumn.create("tokens"), DoubleColumn.create("accuracy"));
        for (String set : List.of("in-domain", "hard", "held-out")) {
            Table s = results.where(results.stringColumn("set").isEqualTo(set));
            for (int r = 0; r < s.rowCount(); r++) {
                plot.stringColumn("set").append(set);
                plot.doubleColumn("tokens").append(s.doubleColumn("mean_completion_tokens").get(r));
                plot.doubleColumn("accuracy").append(100 * s.doubleColumn("accuracy").get(r));
            }
        }
        if (t.rowCount() == 0 || plot.rowCount() == 0) return;
        LinePlot.write(plot, "tokens", "accuracy", "set", "accuracy (%) vs mean completion tokens, one point per condition",
                png, 900, 500);
    }

    /**
     * Table 1 (systems x test sets), Table 2 (ablations against ReasonBridge, in-domain), Table 4 (generalisation
     * against the base) and Figure 4 by the analysis package, which makes the same tables for real runs, into
     * {@code dir}; returns their Markdown. A table the run has no cells for is named with the reason instead.
     */
    private static List<String> paperTables(Path out, List<String> conditions, List<String> sets, Path dir, long seed) {
        List<LabelledRun> runs = new ArrayList<>();
        for (String c : conditions) {
            String model = c.startsWith("reasonbridge") ? "ReasonBridge" : c;
            String condition = c.endsWith("+gii") ? "guided" : c.endsWith("+budget-forcing") ? "budget forcing" : "";
            for (String s : sets) {
                Path folder = out.resolve("eval").resolve(c).resolve(s);
                if (Files.exists(folder.resolve("results.json"))) runs.add(new LabelledRun(model, condition, s, s, RunFolder.load(folder)));
            }
        }
        BootstrapConfig cfg = BootstrapConfig.DEFAULT.withSeed(seed);
        List<String> md = new ArrayList<>();
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(dir + ": cannot create the tables' folder", e);
        }
        // Table 2 compares trained variants without a test-time policy; the base and the control are not ablations
        List<LabelledRun> inDomain = runs.stream().filter(r -> r.split().equals("in-domain") && r.condition().isEmpty()
                && !List.of("base", "control").contains(r.model())).toList();
        List<LabelledRun> generalisation = runs.stream().filter(r -> r.condition().isEmpty()
                && List.of("base", "ReasonBridge", "control").contains(r.model())).toList();
        Map<String, java.util.function.Supplier<Table>> tables = new LinkedHashMap<>();
        tables.put("table1", () -> PaperTables.table1(runs, cfg).setName("Table 1: pass@1 per system and test set"));
        tables.put("table2", () -> PaperTables.table2(inDomain, "ReasonBridge", cfg).setName("Table 2: ablations (in-domain)"));
        tables.put("table4", () -> PaperTables.table4(generalisation, "base", cfg).setName("Table 4: generalisation"));
        // where a gain comes from: the in-domain and hard sets split by the problems' domain (results.json's breakdown)
        tables.put("domains", () -> {
            Table b = PaperTables.breakdown(generalisation, cfg);
            return b.where(b.stringColumn("key").isEqualTo("subject")).setName("Per domain: pass@1 of the base, ReasonBridge "
                    + "and the control by the problems' domain");
        });
        tables.put("figure4", () -> PaperTables.figure4Points(runs.stream().filter(r -> r.model().equals("ReasonBridge")).toList(), cfg)
                .setName("Figure 4 points: accuracy, interventions and thinking tokens"));
        for (Map.Entry<String, java.util.function.Supplier<Table>> t : tables.entrySet()) {
            try {
                Table table = t.getValue().get();
                TableFiles.write(table, dir, t.getKey());
                if (t.getKey().equals("figure4")) PaperTables.figure4(table, dir);
                md.add(TableFiles.markdown(table));
            } catch (RuntimeException e) {
                // a table this run has no cells for (e.g. --quick has no ablations) must not lose the report
                md.add("**" + t.getKey() + "**: not made: " + e.getMessage() + "\n");
            }
        }
        return md;
    }

    /** Each training run's steps and first and last loss: whether the adapters (and base models) learned at all. */
    private static List<String[]> training(Path out) {
        List<Path> runs = new ArrayList<>();
        for (String name : List.of("student", "solver")) runs.add(out.resolve("models").resolve(name).resolve("run"));
        try (var dirs = Files.list(out.resolve("train"))) {
            dirs.filter(Files::isDirectory).sorted().forEach(runs::add);
        } catch (java.io.IOException e) {
            // no adapters trained yet: only the base models
        }
        List<String[]> rows = new ArrayList<>();
        for (Path run : runs) {
            Path metrics = run.resolve("metrics.jsonl");
            if (!Files.exists(metrics)) continue;
            try {
                List<String> lines = Files.readAllLines(metrics).stream().filter(l -> !l.isBlank()).toList();
                if (lines.isEmpty()) continue;
                var first = org.reasonbridge.model.json.Json.MAPPER.readTree(lines.get(0));
                var last = org.reasonbridge.model.json.Json.MAPPER.readTree(lines.get(lines.size() - 1));
                String name = run.getFileName().toString().equals("run") ? "base " + run.getParent().getFileName() : run.getFileName().toString();
                rows.add(new String[]{name, last.get("step").asText(), String.format(Locale.ROOT, "%.3f", first.get("loss").asDouble()),
                        String.format(Locale.ROOT, "%.3f", last.get("loss").asDouble())});
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(metrics + ": unreadable", e);
            }
        }
        return rows;
    }

    private static String markdown(DemoSettings settings, Path out, Table results, List<Outcome> outcomes, Outcome control, boolean broken) {
        StringBuilder md = new StringBuilder();
        md.append("# ReasonBridge mini-world demo (").append(settings.name()).append(")\n\n");
        md.append("Every number below is read from the evaluation folders under `eval/` (samples.jsonl per condition and "
                + "test set); greedy decoding, pass@1, 95% percentile bootstrap intervals over problems (")
                .append(RESAMPLES).append(" resamples; claims resample the same problems for both sides).\n\n");
        if (broken) {
            md.append("**SETUP BROKEN: the negative control gained over the base model (").append(line(control))
                    .append("). Adapters trained on mismatched traces must not help; gains below may be artefacts.**\n\n");
        }
        md.append("## Claims\n\n| claim | set | difference (points) | 95% CI | n | verdict |\n|---|---|---:|---|---:|---|\n");
        for (Outcome o : concat(outcomes, control)) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | [%s, %s] | %d | %s |%n", o.claim().name(), o.claim().set(),
                    pct(o.diff()), pct(o.lo()), pct(o.hi()), o.n(), o.verdict()));
        }
        md.append("\nA claim **held** when its interval lies above zero; \"not significant\" means the point estimate "
                + "favours it but the interval includes zero; \"not run\" means this run (e.g. `--quick`) skipped the "
                + "variants it needs. The control ").append(broken ? "**gained** (see above)." : "did not gain, as it must not.")
                .append("\n\n## Accuracy (Table 1 / Table 4 shape)\n\n| condition | set | n | accuracy % | 95% CI | mean completion tokens |\n"
                        + "|---|---|---:|---:|---|---:|\n");
        for (int r = 0; r < results.rowCount(); r++) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %s | [%s, %s] | %.0f |%n", results.stringColumn("condition").get(r),
                    results.stringColumn("set").get(r), results.doubleColumn("n").get(r), pct(results.doubleColumn("accuracy").get(r)),
                    pct(results.doubleColumn("ci_low").get(r)), pct(results.doubleColumn("ci_high").get(r)),
                    results.doubleColumn("mean_completion_tokens").get(r)));
        }
        md.append("\n## Training (final loss per run, from metrics.jsonl)\n\n| run | steps | first loss | final loss |\n|---|---:|---:|---:|\n");
        for (String[] row : training(out)) md.append("| ").append(String.join(" | ", row)).append(" |\n");
        md.append("\nSets: in-domain = the " + MiniDomain.trained().size() + " trained domains at the pool's levels 1-3; hard = the same domains at levels "
                + "4-5 (more steps than any training trace); held-out = rectangles, a domain never in the pool.\n"
                + "Conditions: base = the student alone; reasonbridge = + hierarchical adapters trained on the curated set; "
                + "+gii = with guided intervention; +budget-forcing = with s1's budget forcing instead; random = adapters "
                + "trained on N random teacher traces; sft = plain SFT loss; no-LEVEL = without that level's adapters; "
                + "control = adapters trained on mismatched traces (each problem with another's trace).\n\n"
                + "Files: results.csv, claims.csv, figure.png (accuracy against completion tokens).\n");
        return md.toString();
    }
}
