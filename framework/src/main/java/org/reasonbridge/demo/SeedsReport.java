package org.reasonbridge.demo;

import org.reasonbridge.analysis.Bootstrap;
import org.reasonbridge.analysis.BootstrapConfig;
import org.reasonbridge.analysis.Interval;
import org.reasonbridge.data.AtomicFiles;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo's claims over several seeds ({@code demo --seeds}). Each seed is a replicate of the whole experiment: its
 * own world (pool and test problems), base models, curation and adapters, in its own folder. Per claim, each seed's
 * paired difference, and their mean with an interval that resamples seeds and, within each, problems
 * ({@link Bootstrap#pairedDifferenceOverReplicates}); a claim holds over seeds when that interval lies above zero.
 * Built only from the seeds' evaluation folders, as {@link DemoReport} is. Writes {@code seeds.md} and
 * {@code seeds.csv}.
 *
 * @param markdown {@code seeds.md}
 * @param lines    the claims over seeds, one line each
 */
public record SeedsReport(Path markdown, List<String> lines) {
    /** Seed of the bootstrap over seeds (fixed: the same folders give the same intervals). */
    static final long BOOTSTRAP_SEED = 7;

    /**
     * Resamples of the bootstrap over seeds: ten times a single report's, because a claim pooled over seeds can sit
     * near zero, and with 2,000 its lower end moved by about 0.2 points from one bootstrap seed to another.
     */
    static final int RESAMPLES = 20_000;

    /**
     * The report over {@code runs} (seed {@code seeds.get(i)}'s demo output folder is {@code runs.get(i)}), written
     * into {@code dir}.
     */
    public static SeedsReport write(List<Long> seeds, List<Path> runs, Path dir) {
        if (seeds.isEmpty() || seeds.size() != runs.size()) {
            throw new IllegalArgumentException("one run folder per seed: " + seeds + " vs " + runs);
        }
        List<Map<String, Map<String, Map<String, Boolean>>>> verdicts = new ArrayList<>();
        for (Path run : runs) {
            Path eval = run.resolve("eval");
            if (!Files.isDirectory(eval.resolve("base"))) {
                throw new IllegalArgumentException(run + ": no eval/base folder; not a finished demo run");
            }
            Map<String, Map<String, Map<String, Boolean>>> v = new LinkedHashMap<>();
            DemoReport.read(run, children(eval), MiniWorldStages.SETS, v, null);
            verdicts.add(v);
        }
        List<DemoReport.Claim> claims = new ArrayList<>(DemoReport.claims());
        claims.add(DemoReport.CONTROL);

        Table table = Table.create("seeds", StringColumn.create("claim"), StringColumn.create("set"));
        for (long s : seeds) table.addColumns(DoubleColumn.create("seed " + s));
        table.addColumns(DoubleColumn.create("mean"), DoubleColumn.create("ci_low"), DoubleColumn.create("ci_high"),
                DoubleColumn.create("n"), StringColumn.create("verdict"));
        StringBuilder md = new StringBuilder("# ReasonBridge mini-world demo over seeds\n\nSeeds " + seeds
                + ", each a replicate of the whole run (its own world, base models, curation and adapters; folders "
                + runs.stream().map(p -> "`" + p.getFileName() + "`").reduce((a, b) -> a + ", " + b).orElse("") + "). "
                + "Per claim: each seed's paired difference in points, and their mean with a 95% interval that resamples "
                + "seeds and, within each, problems (" + RESAMPLES + " resamples; conservative: each seed's own difference "
                + "already carries its problems' noise, which resampling them counts again). A claim **holds over seeds** "
                + "when that interval lies above zero.\n\n| claim | set |");
        for (long s : seeds) md.append(" seed ").append(s).append(" |");
        md.append(" mean | 95% CI | n | verdict |\n|---|---|").append("---:|".repeat(seeds.size())).append("---:|---|---:|---|\n");
        List<String> lines = new ArrayList<>();
        for (DemoReport.Claim c : claims) {
            List<boolean[]> better = new ArrayList<>(), worse = new ArrayList<>();
            table.stringColumn("claim").append(c.name());
            table.stringColumn("set").append(c.set());
            md.append("| ").append(c.name()).append(" | ").append(c.set()).append(" |");
            for (int i = 0; i < seeds.size(); i++) {
                boolean[][] ab = DemoReport.paired(c, verdicts.get(i));
                boolean run = ab != null && ab[0].length > 0;
                double d = run ? DemoReport.difference(ab) : Double.NaN;
                if (run) {
                    better.add(ab[0]);
                    worse.add(ab[1]);
                }
                table.doubleColumn("seed " + seeds.get(i)).append(d);
                md.append(' ').append(DemoReport.pct(d)).append(" |");
            }
            Interval pooled = better.isEmpty() ? null : Bootstrap.pairedDifferenceOverReplicates(better, worse,
                    new BootstrapConfig(RESAMPLES, 0.95, BOOTSTRAP_SEED));
            int n = better.stream().mapToInt(v -> v.length).sum();
            String verdict = pooled == null ? "not run" : better.size() < seeds.size() ? DemoReport.verdict(pooled)
                    + " (" + better.size() + " of " + seeds.size() + " seeds ran it)" : DemoReport.verdict(pooled);
            table.doubleColumn("mean").append(pooled == null ? Double.NaN : pooled.estimate());
            table.doubleColumn("ci_low").append(pooled == null ? Double.NaN : pooled.lo());
            table.doubleColumn("ci_high").append(pooled == null ? Double.NaN : pooled.hi());
            table.doubleColumn("n").append(n);
            table.stringColumn("verdict").append(verdict);
            md.append(pooled == null ? " | | " : String.format(Locale.ROOT, " %s | [%s, %s] | ", DemoReport.pct(pooled.estimate()), DemoReport.pct(pooled.lo()),
                    DemoReport.pct(pooled.hi()))).append(n).append(" | ").append(verdict).append(" |\n");
            lines.add(pooled == null ? c.name() + " over seeds: not run" : String.format(Locale.ROOT,
                    "%s (%s) over seeds %s: %s%s points, 95%% CI [%s, %s], n=%d: %s", c.name(), c.set(), seeds,
                    DemoReport.sign(pooled.estimate()), DemoReport.pct(pooled.estimate()), DemoReport.pct(pooled.lo()), DemoReport.pct(pooled.hi()), n, verdict));
        }
        md.append("\nn counts problems over all seeds (each seed's world has its own test problems). Each seed's own "
                + "report, with its tables, is `SEED_FOLDER/report/report.md`.\n");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot create the report folder", e);
        }
        Path markdown = dir.resolve("seeds.md");
        AtomicFiles.writeString(dir.resolve("seeds.csv"), table.write().toString("csv"));
        AtomicFiles.writeString(markdown, md.toString());
        return new SeedsReport(markdown, lines);
    }

    private static List<String> children(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list the evaluation folders", e);
        }
    }
}
