package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.curation.Ablation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code curate} in-process, end to end in {@link CurateFixture}'s world: outcomes, audits, stage reruns, errors. */
class CurateCommandTest extends CurateFixture {
    @Test
    void curatesAndAuditsEveryProblem(@TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        Path out = tmp.resolve("out");
        CliRun.Result r = CliRun.run(args(in[0], in[1], out));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().matches("(?s).*teacher\\s+24/24\n.*difficulty\\s+24/24\n.*"), "progress lines: " + r.err());
        List<String> selected = Files.readAllLines(out.resolve("reason1k.jsonl"));
        assertEquals(10, selected.size());
        for (String line : selected) {
            JsonNode e = JSON.readTree(line);
            assertTrue(e.get("trace").asText().contains("Adding the two numbers") && e.get("solution").asText().contains("\\boxed"));
            assertTrue(!e.get("domain").asText().isEmpty() && e.get("provenance").get("source").asText().equals("fake"));
        }
        List<String> audit = Files.readAllLines(out.resolve("audit.jsonl"));
        assertTrue(audit.stream().anyMatch(l -> l.contains("\"id\":\"fake:dup\"") && l.contains("dedup-exact")), "duplicate audited");
        for (int i = 1; i <= PROBLEMS; i++) {
            String id = "\"id\":\"fake:p" + i + "\"";
            String last = i % 5 == 0 ? "quality" : i % 3 == 0 ? "difficulty" : "selection"; // where each one's road ends
            assertTrue(audit.stream().anyMatch(l -> l.contains(id) && l.contains("\"stage\":\"" + last + "\"")), "p" + i + " reached " + last);
        }
        // quality drops 5, 10, 15, 20 (wrong answer); difficulty drops 3, 6, 9, 12, 18, 21, 24 (the endpoint solves them)
        assertEquals(List.of("stage,in,kept,dropped", "pool,25,24,1", "pool/read,25,25,0", "pool/reference,25,25,0",
                "pool/decontaminate,25,25,0", "pool/dedup,25,24,1", "teacher,24,24,0", "quality,24,20,4",
                "difficulty,20,13,7", "selection,13,10,3"), Files.readAllLines(out.resolve("summary.csv")));
        assertTrue(audit.stream().anyMatch(l -> l.contains("\"id\":\"fake:p5\"") && l.contains("wrong-answer")), "p5 audited");
        assertTrue(audit.stream().anyMatch(l -> l.contains("\"id\":\"fake:p6\"") && l.contains("\"solved\"")), "p6 audited");
        for (String f : OUTPUTS) assertTrue(Files.exists(out.resolve(f)), f);
        requests.values().forEach(c -> assertEquals(1, c.get()));
        // every problem quality kept was put to the solvers once, and so were those it dropped (for the no-quality ablation)
        assertEquals(24, solverRequests.size());
        solverRequests.values().forEach(c -> assertEquals(1, c.get()));
        // the ablations: each N (or the whole filtered pool) drawn from the problems its filters leave
        assertEquals(13, Files.readAllLines(out.resolve("ablation-filtered.jsonl")).size());
        List<Integer> noQuality = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("ablation-no-quality.jsonl"))) noQuality.add(number(JSON.readTree(line)));
        assertEquals(10, noQuality.size());
        assertTrue(noQuality.stream().noneMatch(n -> n % 3 == 0), "no-quality keeps the difficulty filter: " + noQuality);
        for (String line : Files.readAllLines(out.resolve("ablation-no-difficulty.jsonl"))) {
            assertTrue(number(JSON.readTree(line)) % 5 != 0, "no-difficulty keeps the quality filter: " + line);
        }
    }

    @Test
    void stagesRerunAloneFromTheirFiles(@TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        Path out = tmp.resolve("out");
        assertEquals(0, CliRun.run(args(in[0], in[1], out)).code());
        Map<String, byte[]> first = outputs(out);
        requests.clear();
        solverRequests.clear();

        // the whole command again: teacher journal and difficulty journal answer everything
        CliRun.Result again = CliRun.run(args(in[0], in[1], out));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("24 of 24 verdicts reused"), again.err());
        assertSameOutputs(first, out);

        // quality on: no teacher, no pool manifest; the solvers' verdicts come from difficulty.jsonl
        CliRun.Result quality = CliRun.run("curate", "--from", "quality", "--solver", in[1].toString(), "--solver", solverUrl(),
                "--solver-max-tokens", "4", "--size", "10", "--seed", "3", "--out", out.toString());
        assertEquals(0, quality.code(), quality.err());
        assertSameOutputs(first, out);

        // selection alone, with another size and seed: neither teacher nor solvers (given ones are named as unused)
        CliRun.Result selection = CliRun.run("curate", "--from", "selection", "--size", "5", "--seed", "11", "--solver", in[1].toString(),
                "--out", out.toString());
        assertEquals(0, selection.code(), selection.err());
        assertTrue(selection.err().contains("note: --solver not used: --from selection"), selection.err());
        assertEquals(5, Files.readAllLines(out.resolve("reason1k.jsonl")).size());
        assertTrue(Files.readAllLines(out.resolve("summary.csv")).contains("selection,13,5,8"));
        assertTrue(requests.isEmpty() && solverRequests.isEmpty(), "no call: " + requests + " " + solverRequests);

        // trace lengths in a tokenizer's tokens instead of words
        CliRun.Result tokens = CliRun.run("curate", "--from", "selection", "--size", "5", "--seed", "11", "--tokenizer", in[1].toString(),
                "--out", out.toString());
        assertEquals(0, tokens.code(), tokens.err());
        assertEquals(5, Files.readAllLines(out.resolve("reason1k.jsonl")).size());

        // back to the first size and seed: the first run's outputs exactly
        assertEquals(0, CliRun.run("curate", "--from", "selection", "--size", "10", "--seed", "3", "--out", out.toString()).code());
        assertSameOutputs(first, out);

        // without the no-quality ablation, its file goes and the others stay
        assertEquals(0, CliRun.run("curate", "--from", "selection", "--size", "10", "--seed", "3", "--ablations",
                "random,filtered", "--out", out.toString()).code());
        assertTrue(Files.notExists(out.resolve("ablation-no-quality.jsonl")) && Files.exists(out.resolve("ablation-random.jsonl")));
    }

    @Test
    void domainsFromTheTeacherAreJournaledAndFallBackToKeywords(@TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        Path out = tmp.resolve("out");
        CliRun.Result r = CliRun.run(args(in[0], in[1], out, "--domains", "teacher"));
        assertEquals(0, r.code(), r.err());
        assertEquals(PROBLEMS, domainRequests.size(), "every traced problem classified");
        domainRequests.values().forEach(c -> assertEquals(1, c.get()));
        for (String line : Files.readAllLines(out.resolve("ablation-filtered.jsonl"))) {
            JsonNode e = JSON.readTree(line);
            int n = number(e);
            if (n != 7) assertEquals(n % 2 == 0 ? "11" : "05", e.get("domain").asText(), line);
        }
        String p7 = Files.readAllLines(out.resolve("audit.jsonl")).stream()
                .filter(l -> l.contains("\"id\":\"fake:p7\"") && l.contains("\"stage\":\"domain\"")).findFirst().orElseThrow();
        assertTrue(p7.contains("keyword-fallback") && p7.contains("unparseable model output: I cannot tell."), p7);

        // selection alone, again: the journal answers, nothing is asked twice
        domainRequests.clear();
        CliRun.Result again = CliRun.run("curate", "--from", "selection", "--domains", "teacher", "--teacher", "openai",
                "--teacher-url", teacherUrl(), "--teacher-model", "t", "--size", "10", "--seed", "3", "--out", out.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(domainRequests.isEmpty(), "asked again: " + domainRequests);
        CliRun.Result noTeacher = CliRun.run("curate", "--from", "selection", "--domains", "teacher", "--out", out.toString());
        assertTrue(noTeacher.code() != 0 && noTeacher.err().contains("--domains teacher"), noTeacher.err());
    }

    @Test
    void stageRerunsRefuseMissingOrMismatchedFiles(@TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        Path empty = tmp.resolve("empty");
        CliRun.Result missing = CliRun.run("curate", "--from", "selection", "--out", empty.toString());
        assertEquals(1, missing.code(), missing.err());
        assertTrue(missing.err().contains("pool.jsonl") && missing.err().contains("missing"), missing.err());

        CliRun.Result noTeacher = CliRun.run("curate", "--from", "teacher", "--out", empty.toString());
        assertTrue(noTeacher.code() != 0 && noTeacher.err().contains("--teacher"), noTeacher.err());
        CliRun.Result noSolver = CliRun.run("curate", "--from", "quality", "--out", empty.toString());
        assertTrue(noSolver.code() != 0 && noSolver.err().contains("--solver is needed"), noSolver.err());
        CliRun.Result noPool = CliRun.run("curate", "--teacher", "openai", "--teacher-url", teacherUrl(), "--solver", in[1].toString(),
                "--out", empty.toString());
        assertTrue(noPool.code() != 0 && noPool.err().contains("--pool is needed"), noPool.err());

        Path out = tmp.resolve("out");
        assertEquals(0, CliRun.run(args(in[0], in[1], out, "--ablations", "none")).code());
        for (Ablation a : Ablation.values()) assertTrue(Files.notExists(out.resolve(a.file())), a.file());
        // difficulty only judged what quality kept, so the no-quality ablation cannot be made without the solvers
        CliRun.Result noVerdicts = CliRun.run("curate", "--from", "selection", "--out", out.toString());
        assertTrue(noVerdicts.code() != 0 && noVerdicts.err().contains("difficulty.jsonl: no decision for problem 'fake:p5'"),
                noVerdicts.err());

        // a traces.jsonl that no longer matches pool.jsonl is named, with the stage to rerun
        List<String> traces = Files.readAllLines(out.resolve("traces.jsonl"));
        List<String> cut = new ArrayList<>(traces);
        cut.remove(3);
        Files.write(out.resolve("traces.jsonl"), cut);
        CliRun.Result mismatch = CliRun.run("curate", "--from", "quality", "--solver", in[1].toString(), "--out", out.toString());
        assertTrue(mismatch.code() != 0 && mismatch.err().contains("traces.jsonl does not match")
                && mismatch.err().contains("entry 4") && mismatch.err().contains("--from teacher"), mismatch.err());

        // a torn or hand-edited quality.jsonl is named with its line
        Files.write(out.resolve("traces.jsonl"), traces);
        Files.writeString(out.resolve("quality.jsonl"), "{\"id\": \"x\"}\n");
        CliRun.Result bad = CliRun.run("curate", "--from", "difficulty", "--solver", in[1].toString(), "--out", out.toString());
        assertTrue(bad.code() != 0 && bad.err().contains("quality.jsonl:1"), bad.err());
    }
}
