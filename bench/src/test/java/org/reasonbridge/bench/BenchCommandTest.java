package org.reasonbridge.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reasonbridge.cli.CliRun;
import org.reasonbridge.model.Fixtures;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench} joins the command line through ServiceLoader; each benchmark runs small (timings are not asserted). */
class BenchCommandTest {
    @Test
    void benchIsASubcommandListingEveryBenchmark() {
        CliRun.Result top = CliRun.run("--help");
        assertTrue(top.out().contains("bench"), top.out());
        assertTrue(top.out().indexOf("bench") < top.out().indexOf("  help"), "help stays last: " + top.out());
        CliRun.Result help = CliRun.run("bench", "--help");
        assertEquals(0, help.code(), help.err());
        for (String b : new String[]{"decode", "load", "curation", "train", "grading"}) assertTrue(help.out().contains(b), b);
        CliRun.Result none = CliRun.run("bench");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("name a benchmark"), none.err());
    }

    @Test
    void gradingRunsOnAFewPairs() {
        CliRun.Result r = CliRun.run("bench", "grading", "--pairs", "200");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("grading: 200 pairs in "), r.out());
    }

    @Test
    void curationRunsOnASmallPool() {
        CliRun.Result r = CliRun.run("bench", "curation", "--pool-size", "2000", "--size", "50");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("selection") && r.out().contains("-> 50 selected"), r.out());
    }

    @Test
    void decodeRunsOnAFixtureAndSaysWhyThePyTorchSideIsSkipped() {
        CliRun.Result r = CliRun.run("bench", "decode", "--model", Fixtures.model("qwen2-tiny").toString(),
                "--prompt-len", "4", "--gen", "2", "--repeats", "1", "--torch-script", "/nonexistent/bench_torch.py");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("reasonbridge (SameDiff") && l.contains("prompt 4, gen 2")),
                r.out());
        assertTrue(r.out().contains("pytorch: skipped (/nonexistent/bench_torch.py not found)"), r.out());
    }

    @Test
    void decodeRunsRoundsAndRefusesNone() {
        String model = Fixtures.model("qwen2-tiny").toString();
        CliRun.Result r = CliRun.run("bench", "decode", "--model", model, "--prompt-len", "4", "--gen", "2", "--repeats", "1",
                "--rounds", "2", "--torch-script", "/nonexistent/bench_torch.py");
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.out().lines().filter(l -> l.startsWith("reasonbridge (SameDiff")).count(), r.out());
        assertEquals(1, r.out().lines().filter(l -> l.startsWith("openblas kernels: ")).count(), r.out());
        assertTrue(r.out().lines().noneMatch(l -> l.startsWith("ratio over")), "no peer, no ratios: " + r.out());
        CliRun.Result none = CliRun.run("bench", "decode", "--model", model, "--rounds", "0", "--torch", "off");
        assertTrue(none.code() != 0 && none.err().contains("--rounds must be >= 1"), none.err());
    }

    @Test
    void loadRunsOnAFixtureAndSaysWhyThePyTorchSideIsSkipped() {
        CliRun.Result r = CliRun.run("bench", "load", "--model", Fixtures.model("qwen2-tiny").toString(),
                "--repeats", "2", "--torch-script", "/nonexistent/bench_load.py");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("reasonbridge (SameDiff") && l.contains("best of 2")
                && l.contains("ND4J backend init")), r.out());
        assertTrue(r.out().contains("pytorch: skipped (/nonexistent/bench_load.py not found)"), r.out());
    }

    /** The default PyTorch peers are files of the repository, so the benches work from a plain clone. */
    @ParameterizedTest
    @ValueSource(strings = {"bench/refmodel/bench_torch.py", "bench/refmodel/bench_load.py", "bench/refmodel/reference_forward.py", "bench/train_torch.py"})
    void defaultPeersAreInTheRepository(String relative) {
        assertTrue(Files.isRegularFile(TorchPeer.fromRoot(relative)), TorchPeer.fromRoot(relative).toString());
    }
}
