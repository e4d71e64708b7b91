package org.reasonbridge.cli;

import org.reasonbridge.demo.Demo;
import org.reasonbridge.demo.DemoReport;
import org.reasonbridge.demo.DemoSettings;
import org.reasonbridge.demo.SeedsReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** The method end to end in the embedded mini world: no API key, no downloaded weights, minutes on a laptop CPU. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs ReasonBridge end to end in the embedded mini world: builds a world of problems, trains two",
                "small base models from scratch, curates traces from a teacher served on loopback HTTP, trains",
                "hierarchical adapters on the student and evaluates base, +ReasonBridge, +guided intervention and",
                "+budget forcing (and the ablations) on held-out test sets. Writes OUT/report/report.md, results.csv,",
                "claims.csv and figure.png. Every stage is skipped when its outputs exist: a rerun resumes.",
                "With --seeds, one run per seed in OUT/seed-S and the claims over seeds in OUT/report/seeds.md."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "A small world and the main claims only (under 3 minutes on 2 cores; the tests use it).")
    boolean quick;
    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: demo-out (demo-out-quick with --quick).")
    Path out;
    @Option(names = "--seed", paramLabel = "S",
            description = "Moves the world, the models' initialisation and every sample; the same seed gives the same numbers. Default: 0.")
    Long seed;
    @Option(names = "--seeds", paramLabel = "S,S,...", split = ",",
            description = "Runs the demo once per seed (each its own world and models, in OUT/seed-S, resumable) and reports "
                    + "each claim over the seeds: OUT/report/seeds.md and seeds.csv. Instead of --seed.")
    List<Long> seeds;

    @Override
    public Integer call() {
        Path dir = out != null ? out : Path.of(quick ? "demo-out-quick" : "demo-out");
        PathArgs.outputFolder(dir, "--out");
        if (seeds == null || seeds.isEmpty()) {
            DemoReport report = run(seed == null ? 0 : seed, dir);
            report.lines().forEach(System.out::println);
            System.out.println("report: " + report.markdown());
            System.out.println("tables: " + report.dir().resolve("results.csv") + ", " + report.dir().resolve("claims.csv"));
            System.out.println("figure: " + report.dir().resolve("figure.png"));
            return 0;
        }
        if (seed != null) throw new IllegalArgumentException("give --seed or --seeds, not both");
        if (seeds.stream().distinct().count() != seeds.size()) throw new IllegalArgumentException("--seeds repeats a seed: " + seeds);
        List<Path> runs = new ArrayList<>();
        for (long s : seeds) {
            Path one = dir.resolve("seed-" + s);
            System.err.println("== seed " + s + " into " + one);
            DemoReport report = run(s, one);
            System.err.println("seed " + s + ": " + report.markdown());
            runs.add(one);
        }
        SeedsReport report = SeedsReport.write(seeds, runs, dir.resolve("report"));
        report.lines().forEach(System.out::println);
        System.out.println("report: " + report.markdown());
        return 0;
    }

    /** One demo run with {@code seed} into {@code dir}, with progress on standard error. */
    private DemoReport run(long seed, Path dir) {
        DemoSettings settings = (quick ? DemoSettings.quick() : DemoSettings.full()).withSeed(seed);
        long started = System.nanoTime();
        ProgressLines lines = new ProgressLines();
        long[] stageStart = {System.nanoTime()};
        DemoReport report = new Demo(settings, dir, new Demo.Progress() {
            @Override
            public void stage(String name, String what) {
                System.err.printf("[%4.0fs] %-12s %s%n", (System.nanoTime() - started) / 1e9, name, what);
                stageStart[0] = System.nanoTime();
            }

            @Override
            public void progress(String stage, int done, int total, String note) {
                lines.report(stage, done, total, note);
            }
        }).run();
        System.err.printf("demo (%s) finished in %.0f s%n", settings.name(), (System.nanoTime() - started) / 1e9);
        return report;
    }
}
