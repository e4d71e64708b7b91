package org.reasonbridge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code results} on the analysis package's hand-written evaluation folders (src/test/resources/analysis/runs). */
class ResultsCommandTest {
    private static String run(String name) throws URISyntaxException {
        return Path.of(ResultsCommandTest.class.getResource("/analysis/runs/" + name + "/samples.jsonl").toURI()).getParent().toString();
    }

    @Test
    void writesEveryTableAndFigureAsked(@TempDir Path out) throws Exception {
        CliRun.Result r = CliRun.run("results", "--run", "base=" + run("base"), "--run", "ReasonBridge+guided=" + run("reasonbridge"),
                "--full", "ReasonBridge+guided", "--baseline", "base", "--case-study", "base,ReasonBridge+guided", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : List.of("table1.csv", "table1.md", "table1-wide.md", "breakdown.csv", "table2.csv", "table4.csv",
                "figure4_interventions.png", "figure4_thinking_tokens.png", "case-study-arith.csv",
                "flow-base-arith.png", "flow-reasonbridge-guided-arith.png")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertTrue(r.out().contains("| ReasonBridge | guided | 83.3 ["), r.out());
        String t2 = Files.readString(out.resolve("table2.csv"));
        assertTrue(t2.lines().skip(1).findFirst().orElseThrow().startsWith("base,arith,6,0.333"), t2);
    }

    @Test
    void refusesRunsOnOtherProblemsNamingBothFolders(@TempDir Path out) throws Exception {
        CliRun.Result r = CliRun.run("results", "--run", "base=" + run("other-problems"), "--run", "RB=" + run("reasonbridge"),
                "--full", "RB", "--out", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("other-problems") && r.err().contains("reasonbridge") && r.err().contains("problem sets differ"), r.err());
        CliRun.Result bad = CliRun.run("results", "--run", "no-label", "--out", out.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("want LABEL=DIR"), bad.err());
    }
}
