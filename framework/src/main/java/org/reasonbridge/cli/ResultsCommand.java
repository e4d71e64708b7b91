package org.reasonbridge.cli;

import org.reasonbridge.analysis.BootstrapConfig;
import org.reasonbridge.analysis.CaseStudy;
import org.reasonbridge.analysis.LabelledRun;
import org.reasonbridge.analysis.PaperTables;
import org.reasonbridge.analysis.PatternFlow;
import org.reasonbridge.analysis.RunFolder;
import org.reasonbridge.analysis.StepClassifier;
import org.reasonbridge.analysis.TableFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code results --run LABEL=DIR... --out DIR}: the paper's tables from evaluation output folders, the same calls the
 * demo's report and the notebooks make ({@link PaperTables}, {@link CaseStudy}), so real runs get the same tables.
 */
@Command(name = "results", mixinStandardHelpOptions = true,
        description = {"The paper's tables (1, 2, 4, Figure 4, the reasoning-pattern case study) from evaluation output",
                "folders, with bootstrap confidence intervals over problems, as CSV, Markdown and PNG."})
final class ResultsCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, paramLabel = "LABEL=DIR",
            description = "An eval --out folder and its label MODEL[+CONDITION][@SPLIT], e.g. base=out/base-arith, "
                    + "ReasonBridge+guided@held-out=out/rb-logic (split default: in-domain). Repeat for every run.")
    List<String> runs;
    @Option(names = "--full", paramLabel = "LABEL",
            description = "The full method's MODEL[+CONDITION]: Table 2 compares every other run with it, benchmark by benchmark.")
    String full;
    @Option(names = "--baseline", paramLabel = "LABEL",
            description = "The MODEL[+CONDITION] Table 4's gains are measured against, split by split.")
    String baseline;
    @Option(names = "--case-study", paramLabel = "BASE,ENHANCED",
            description = "Two MODEL[+CONDITION] labels: the reasoning-pattern case study on every benchmark both ran.")
    String caseStudy;
    @Option(names = "--sweep", paramLabel = "FILE", description = "A sweep's scaling.csv: Figure 4 from it, with intervals.")
    Path sweep;
    @Option(names = "--resamples", paramLabel = "N", defaultValue = "2000", description = "Bootstrap resamples (default ${DEFAULT-VALUE}).")
    int resamples;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Bootstrap seed (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the tables and figures go.")
    Path out;

    @Override
    public Integer call() throws Exception {
        BootstrapConfig cfg = new BootstrapConfig(resamples, BootstrapConfig.DEFAULT.level(), seed);
        List<LabelledRun> labelled = new ArrayList<>();
        for (String r : runs) labelled.add(parse(r));
        Files.createDirectories(out);
        List<Path> written = new ArrayList<>();
        Table t1 = PaperTables.table1(labelled, cfg);
        written.addAll(TableFiles.write(t1, out, "table1"));
        Table wide = PaperTables.wide(t1, "benchmark", "model", "condition");
        written.addAll(TableFiles.write(wide, out, "table1-wide"));
        Table groups = PaperTables.breakdown(labelled, cfg);
        if (groups.rowCount() > 0) written.addAll(TableFiles.write(groups, out, "breakdown"));
        if (full != null) written.addAll(TableFiles.write(PaperTables.table2(labelled, system(full), cfg), out, "table2"));
        if (baseline != null) written.addAll(TableFiles.write(PaperTables.table4(labelled, system(baseline), cfg), out, "table4"));
        Table points = PaperTables.figure4Points(labelled, cfg);
        if (points.doubleColumn("mean_thinking_tokens").isNotMissing().size() > 0) {
            written.addAll(TableFiles.write(points, out, "figure4-points"));
            written.addAll(PaperTables.figure4(points, out));
        }
        if (sweep != null) {
            if (!Files.isRegularFile(sweep)) throw new IllegalArgumentException("--sweep " + sweep + ": no such file");
            Table s = PaperTables.sweepWithIntervals(Table.read().csv(sweep.toFile()), cfg);
            Path dir = out.resolve("sweep");
            written.addAll(TableFiles.write(s, dir, "scaling"));
            written.addAll(PaperTables.figure4(s, dir));
        }
        if (caseStudy != null) written.addAll(caseStudy(labelled));
        System.out.println(TableFiles.markdown(wide));
        System.err.println("wrote " + written.size() + " files into " + out);
        for (Path p : written) System.err.println("  " + p);
        return 0;
    }

    private List<Path> caseStudy(List<LabelledRun> labelled) {
        String[] two = caseStudy.split(",");
        if (two.length != 2) throw new IllegalArgumentException("--case-study wants BASE,ENHANCED, got '" + caseStudy + "'");
        String base = system(two[0].strip()), enhanced = system(two[1].strip());
        StepClassifier rules = StepClassifier.standard();
        List<Path> written = new ArrayList<>();
        for (LabelledRun b : labelled) {
            if (!b.system().equals(base)) continue;
            for (LabelledRun e : labelled) {
                if (!e.system().equals(enhanced) || !e.benchmark().equals(b.benchmark())) continue;
                String stem = "case-study-" + slug(b.benchmark());
                written.addAll(TableFiles.write(CaseStudy.compare(base, b.run(), enhanced, e.run(), rules), out, stem));
                for (LabelledRun r : List.of(b, e)) {
                    PatternFlow f = CaseStudy.flow(r.run(), rules);
                    Path png = out.resolve("flow-" + slug(r.system()) + "-" + slug(r.benchmark()) + ".png");
                    f.write(png, r.system() + " on " + r.benchmark() + ": step transitions");
                    written.add(png);
                }
            }
        }
        if (written.isEmpty()) {
            throw new IllegalArgumentException("--case-study " + caseStudy + ": no benchmark has runs labelled both " + base
                    + " and " + enhanced);
        }
        return written;
    }

    /** {@code MODEL[+CONDITION][@SPLIT]=DIR}. */
    static LabelledRun parse(String arg) {
        int eq = arg.indexOf('=');
        if (eq <= 0 || eq == arg.length() - 1) throw new IllegalArgumentException("--run " + arg + ": want LABEL=DIR");
        String label = arg.substring(0, eq);
        String split = null;
        int at = label.lastIndexOf('@');
        if (at >= 0) {
            split = label.substring(at + 1);
            label = label.substring(0, at);
        }
        String[] mc = modelAndCondition(label);
        return new LabelledRun(mc[0], mc[1], null, split, RunFolder.load(Path.of(arg.substring(eq + 1))));
    }

    private static String[] modelAndCondition(String label) {
        int plus = label.indexOf('+');
        String model = (plus < 0 ? label : label.substring(0, plus)).strip();
        if (model.isEmpty()) throw new IllegalArgumentException("label '" + label + "' has no model");
        return new String[]{model, plus < 0 ? "" : label.substring(plus + 1).strip()};
    }

    /** The system a {@code MODEL[+CONDITION]} label names, as {@link LabelledRun#system()} spells it. */
    private static String system(String label) {
        String[] mc = modelAndCondition(label);
        return mc[1].isEmpty() || mc[1].equals("none") ? mc[0] : mc[0] + " + " + mc[1];
    }

    private static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
