package org.reasonbridge.analysis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paper's tables from the hand-written folders (see {@link Fixtures}): numbers follow from the verdicts. */
class PaperTablesTest {
    private static final BootstrapConfig CFG = BootstrapConfig.DEFAULT;

    static List<LabelledRun> runs() {
        return List.of(LabelledRun.load("base", "none", Fixtures.run("base")),
                LabelledRun.load("ReasonBridge", "guided", Fixtures.run("reasonbridge")),
                new LabelledRun("base", "none", "arith-hard", "harder", RunFolder.load(Fixtures.run("base"))),
                new LabelledRun("ReasonBridge", "guided", "arith-hard", "harder", RunFolder.load(Fixtures.run("reasonbridge"))));
    }

    @Test
    void runFolderReadsTheSamplesAndRefusesAnIncompleteRun() {
        RunFolder base = RunFolder.load(Fixtures.run("base"));
        assertEquals("arith", base.benchmark());
        assertEquals(6, base.n());
        assertEquals(2, base.correct());
        RunFolder rb = RunFolder.load(Fixtures.run("reasonbridge"));
        assertEquals((30 + 40 + 35 + 30 + 20 + 50) / 6.0, rb.meanThinkingTokens(), 1e-12);
        assertEquals((0 + 1 + 0 + 1 + 2 + 0) / 6.0, rb.meanInterventions(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunFolder.load(Fixtures.run("incomplete")));
        assertTrue(e.getMessage().contains("incomplete run, 4 samples") && e.getMessage().contains("incomplete"), e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> RunFolder.load(Path.of("no-such-folder")));
        assertTrue(none.getMessage().contains("no-such-folder"), none.getMessage());
    }

    @Test
    void aClaimPairsByProblemIdAndRefusesOtherProblemsNamingBothFolders() {
        RunFolder base = RunFolder.load(Fixtures.run("base")), rb = RunFolder.load(Fixtures.run("reasonbridge"));
        Claim c = Claim.compare("ReasonBridge > base", rb, base, CFG);
        // right only with ReasonBridge on p2, p3, p6; never only with the base: delta = 3/6, and every resample is >= 0
        assertEquals(0.5, c.delta(), 1e-12);
        assertEquals(5 / 6.0, c.treated(), 1e-12);
        assertEquals(2 / 6.0, c.baseline(), 1e-12);
        assertEquals(6, c.n());
        assertTrue(c.lo() >= 0 && c.hi() <= 1, c.describe());
        assertEquals(c, Claim.compare("ReasonBridge > base", rb, base, CFG), "deterministic given the seed");
        RunFolder other = RunFolder.load(Fixtures.run("other-problems"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Claim.compare("x", rb, other, CFG));
        assertTrue(e.getMessage().contains("reasonbridge") && e.getMessage().contains("other-problems")
                && e.getMessage().contains("problem sets differ"), e.getMessage());
    }

    @Test
    void table1HasOneRowPerRunWithItsInterval() {
        Table t = PaperTables.table1(runs(), CFG);
        assertEquals(4, t.rowCount());
        assertEquals(List.of("model", "condition", "benchmark", "n", "correct", "accuracy", "ci_lo", "ci_hi", "seeds"), t.columnNames());
        assertEquals(2 / 6.0, t.doubleColumn("accuracy").get(0), 1e-12);
        assertEquals(5 / 6.0, t.doubleColumn("accuracy").get(1), 1e-12);
        for (int r = 0; r < t.rowCount(); r++) {
            assertTrue(t.doubleColumn("ci_lo").get(r) <= t.doubleColumn("accuracy").get(r)
                    && t.doubleColumn("accuracy").get(r) <= t.doubleColumn("ci_hi").get(r));
        }
        Table wide = PaperTables.wide(t, "benchmark", "model", "condition");
        assertEquals(List.of("model", "condition", "arith", "arith-hard"), wide.columnNames());
        assertTrue(wide.stringColumn("arith").get(1).startsWith("83.3 ["), wide.print());
    }

    @Test
    void table2ShowsWhatEachVariantCostsAgainstTheFullMethod() {
        Table t = PaperTables.table2(runs(), "ReasonBridge + guided", CFG);
        assertEquals(2, t.rowCount(), t.print());
        assertEquals("base", t.stringColumn("variant").get(0));
        assertEquals(-0.5, t.doubleColumn("delta").get(0), 1e-12);
        assertTrue(t.doubleColumn("delta_hi").get(0) <= 0, t.print());
        assertThrows(IllegalArgumentException.class, () -> PaperTables.table2(runs(), "nobody", CFG));
    }

    @Test
    void table4PoolsEachSplitAndPairsTheGain() {
        List<LabelledRun> runs = new java.util.ArrayList<>(runs());
        runs.add(new LabelledRun("base", "none", "arith-2", "harder", RunFolder.load(Fixtures.run("base"))));
        runs.add(new LabelledRun("ReasonBridge", "guided", "arith-2", "harder", RunFolder.load(Fixtures.run("reasonbridge"))));
        Table t = PaperTables.table4(runs, "base", CFG);
        assertEquals(4, t.rowCount(), t.print());
        // ReasonBridge on the harder split: two benchmarks pooled, 12 problems, 10 right; gain 6/12
        int row = 3;
        assertEquals("ReasonBridge + guided", t.stringColumn("system").get(row));
        assertEquals("harder", t.stringColumn("split").get(row));
        assertEquals(12, t.intColumn("n").get(row));
        assertEquals(10 / 12.0, t.doubleColumn("accuracy").get(row), 1e-12);
        assertEquals(0.5, t.doubleColumn("gain").get(row), 1e-12);
        assertEquals("", t.stringColumn("gain_verdict").get(0), "no gain for the baseline itself");
    }

    @Test
    void figure4DrawsBothPanelsFromASweepOrFromRuns(@TempDir Path dir) throws Exception {
        Table sweep = Table.create("test-time scaling", StringColumn.create("method", "guided", "guided", "forcing", "forcing"),
                IntColumn.create("interventions", 0, 2, 0, 2), IntColumn.create("thinking_budget", 64, 64, 64, 64),
                IntColumn.create("problems", 10, 10, 10, 10), IntColumn.create("correct", 3, 6, 3, 4),
                DoubleColumn.create("accuracy", 0.3, 0.6, 0.3, 0.4), DoubleColumn.create("mean_thinking_tokens", 40, 55, 40, 64));
        Table withCi = PaperTables.sweepWithIntervals(sweep, CFG);
        assertTrue(withCi.doubleColumn("ci_lo").get(1) < 0.6 && withCi.doubleColumn("ci_hi").get(1) > 0.6);
        List<Path> pngs = PaperTables.figure4(withCi, dir.resolve("sweep"));
        assertEquals(2, pngs.size());
        for (Path p : pngs) assertEquals(800, ImageIO.read(p.toFile()).getWidth());
        Table points = PaperTables.figure4Points(runs(), CFG);
        assertEquals(1.0 * 4 / 6, points.doubleColumn("interventions").get(1), 1e-12);
        assertEquals(2, PaperTables.figure4(points, dir.resolve("runs")).size());
    }

    @Test
    void breakdownsComeFromTheResultsFileWithIntervalsFromTheCounts() {
        Table t = PaperTables.breakdown(runs().subList(0, 2), CFG);
        assertEquals(4, t.rowCount(), t.print());
        assertEquals("hard", t.stringColumn("group").get(3));
        assertEquals(2 / 3.0, t.doubleColumn("accuracy").get(3), 1e-12);
        assertEquals(0.0, t.doubleColumn("ci_hi").get(1), 1e-12, "0 of 3: every resample is 0");
    }

    @Test
    void claimsBecomeATable() {
        RunFolder base = RunFolder.load(Fixtures.run("base")), rb = RunFolder.load(Fixtures.run("reasonbridge"));
        Table t = Claim.table(List.of(Claim.compare("ReasonBridge > base", rb, base, CFG),
                Claim.compare("base > base", base, base, CFG)));
        assertEquals(List.of("claim", "n", "treated", "baseline", "delta", "delta_lo", "delta_hi", "verdict"), t.columnNames());
        assertEquals("noise", t.stringColumn("verdict").get(1), "a run against itself is never a difference");
        assertEquals(0.0, t.doubleColumn("delta_hi").get(1), 1e-12);
    }

    @Test
    void figure4PointsCanGroupRunsIntoOneLinePerModel() {
        Table t = PaperTables.figure4Points(runs(), LabelledRun::model, CFG);
        assertEquals(List.of("base", "ReasonBridge", "base", "ReasonBridge"), t.stringColumn("method").asList());
    }

    @Test
    void runsWithEqualLabelsAreSeedsOfOneCell() {
        RunFolder base = RunFolder.load(Fixtures.run("base")), rb = RunFolder.load(Fixtures.run("reasonbridge"));
        // two seeds of one system: one right on 2 of 6, the other on 5 of 6; mean 7/12
        List<LabelledRun> seeds = List.of(new LabelledRun("RB", "", "arith", null, base), new LabelledRun("RB", "", "arith", null, rb),
                new LabelledRun("base", "", "arith", null, base));
        Table t = PaperTables.table1(seeds, CFG);
        assertEquals(2, t.rowCount(), t.print());
        assertEquals(2, t.intColumn("seeds").get(0));
        assertEquals(7, t.intColumn("correct").get(0));
        assertEquals(7 / 12.0, t.doubleColumn("accuracy").get(0), 1e-12);
        // seeds disagree, so the interval is wider than either seed's problems alone would make it... at least not narrower
        assertTrue(t.doubleColumn("ci_lo").get(0) <= 7 / 12.0 && t.doubleColumn("ci_hi").get(0) >= 7 / 12.0);
        Table t2 = PaperTables.table2(seeds, "RB", CFG);
        assertEquals(1, t2.rowCount());
        assertEquals(2 / 6.0 - 7 / 12.0, t2.doubleColumn("delta").get(0), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PaperTables.table1(List.of(
                new LabelledRun("RB", "", "arith", null, base),
                new LabelledRun("RB", "", "arith", null, RunFolder.load(Fixtures.run("other-problems")))), CFG));
        assertTrue(e.getMessage().contains("other-problems"), e.getMessage());
    }

    @Test
    void aClaimOnASplitPoolsItsBenchmarks() {
        List<LabelledRun> runs = new java.util.ArrayList<>(runs());
        Claim in = PaperTables.claim("RB > base", runs, "ReasonBridge + guided", "base", "in-domain", CFG);
        assertEquals(6, in.n());
        assertEquals(0.5, in.delta(), 1e-12);
        runs.add(new LabelledRun("base", "none", "arith-2", "harder", RunFolder.load(Fixtures.run("base"))));
        runs.add(new LabelledRun("ReasonBridge", "guided", "arith-2", "harder", RunFolder.load(Fixtures.run("reasonbridge"))));
        Claim hard = PaperTables.claim("RB > base, harder", runs, "ReasonBridge + guided", "base", "harder", CFG);
        assertEquals(12, hard.n());
        assertEquals(0.5, hard.delta(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PaperTables.claim("x", runs, "ReasonBridge + guided", "nobody", "harder", CFG));
        assertTrue(e.getMessage().contains("nobody"), e.getMessage());
    }

    @Test
    void tablesGoToCsvAndMarkdown(@TempDir Path dir) throws Exception {
        Table t = PaperTables.table1(runs(), CFG);
        List<Path> files = TableFiles.write(t, dir, "table1");
        List<String> csv = Files.readAllLines(files.get(0));
        assertEquals("model,condition,benchmark,n,correct,accuracy,ci_lo,ci_hi,seeds", csv.get(0));
        assertEquals(5, csv.size());
        String md = Files.readString(files.get(1));
        assertTrue(md.contains("| model | condition | benchmark |"), md);
        assertTrue(md.contains("| ReasonBridge | guided | arith | 6 | 5 | 0.8333 |"), md);
    }
}
