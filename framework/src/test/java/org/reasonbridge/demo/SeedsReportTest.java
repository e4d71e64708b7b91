package org.reasonbridge.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The claims over seeds, from hand-written evaluation folders of two seeds: each seed's difference, their mean over
 * seeds, and the claims neither seed ran.
 */
class SeedsReportTest {
    @TempDir
    Path tmp;

    @Test
    void eachSeedsDifferenceAndTheirMean() throws IOException {
        // seed 1: ReasonBridge right on 6 of 8 programs, the base on 2 (+50 points over 8 in-domain problems);
        // seed 2: 4 against 4 (0 points)
        Path one = run("one", 6, 2), two = run("two", 4, 4);
        SeedsReport report = SeedsReport.write(List.of(1L, 2L), List.of(one, two), tmp.resolve("report"));
        String md = Files.readString(report.markdown());
        String line = md.lines().filter(l -> l.startsWith("| ReasonBridge > base | in-domain |")).findFirst().orElseThrow();
        assertTrue(line.startsWith("| ReasonBridge > base | in-domain | 50.0 | 0.0 | 25.0 | ["), line);
        assertTrue(line.contains("| 16 |"), line);
        String diagnostic = md.lines().filter(l -> l.contains("digit programs only")).findFirst().orElseThrow();
        assertTrue(diagnostic.contains("| 50.0 | 0.0 | 25.0 |"), diagnostic);
        String notRun = md.lines().filter(l -> l.startsWith("| curated > random |")).findFirst().orElseThrow();
        assertTrue(notRun.endsWith("not run |"), notRun);
        assertEquals(DemoReport.claims().size() + 1, report.lines().size());
        String csv = Files.readString(tmp.resolve("report").resolve("seeds.csv"));
        assertTrue(csv.startsWith("claim,set,seed 1,seed 2,mean,ci_low,ci_high,n,verdict"), csv);
    }

    @Test
    void aSeedWithoutAnArmIsNamed() throws IOException {
        Path one = run("one", 6, 2), bare = tmp.resolve("bare");
        Files.createDirectories(bare.resolve("eval").resolve("base").resolve("in-domain"));
        write(bare.resolve("eval").resolve("base").resolve("in-domain").resolve("samples.jsonl"), 8, 3);
        String md = Files.readString(SeedsReport.write(List.of(1L, 2L), List.of(one, bare), tmp.resolve("r")).markdown());
        String line = md.lines().filter(l -> l.startsWith("| ReasonBridge > base | in-domain |")).findFirst().orElseThrow();
        assertTrue(line.contains("| 50.0 | n/a | 50.0 |") && line.contains("(1 of 2 seeds ran it)"), line);
        assertThrows(IllegalArgumentException.class, () -> SeedsReport.write(List.of(1L), List.of(one, bare), tmp.resolve("x")));
        // a folder that is not a finished demo run is named, not reported as "not run" everywhere
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeedsReport.write(List.of(1L, 2L), List.of(one, tmp.resolve("nothing")), tmp.resolve("y")));
        assertTrue(e.getMessage().contains("nothing") && e.getMessage().contains("eval/base"), e.getMessage());
    }

    /** A demo output folder with 8 in-domain program problems: ReasonBridge right on the first {@code rb}, the base on {@code base}. */
    private Path run(String name, int rb, int base) throws IOException {
        Path dir = tmp.resolve(name);
        for (String c : List.of("reasonbridge", "base")) {
            Path set = dir.resolve("eval").resolve(c).resolve("in-domain");
            Files.createDirectories(set);
            write(set.resolve("samples.jsonl"), 8, c.equals("base") ? base : rb);
        }
        return dir;
    }

    private static void write(Path file, int n, int right) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            boolean ok = i < right;
            s.append(String.format("{\"id\": \"%s-L1-%03d\", \"prompt\": \"Q\", \"completion\": \"\\\\boxed{%d}\", \"extracted\": \"%d\", "
                    + "\"gold\": \"1\", \"verdict\": %b, \"prompt_tokens\": 5, \"completion_tokens\": 7, \"seconds\": 0.1, "
                    + "\"attempts\": 1, \"error\": null, \"run\": \"00000000000000aa\"}%n", MiniDomain.PROGRAMS.id(), i, ok ? 1 : 2,
                    ok ? 1 : 2, ok));
        }
        Files.writeString(file, s.toString());
    }
}
