package org.reasonbridge.bench;

import org.junit.jupiter.api.Test;
import org.reasonbridge.cli.CliRun;
import org.reasonbridge.model.Fixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench train} runs end to end on a tiny fixture (the Java side only; timings are not asserted). */
class TrainBenchTest {
    @Test
    void printsTokensPerSecondOfTrainingSteps() {
        CliRun.Result r = CliRun.run("bench", "train", "--model", Fixtures.model("qwen2-tiny").toString(),
                "--seq-len", "16", "--steps", "2", "--torch", "off");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("reasonbridge (SameDiff") && l.contains("tokens/s best")
                && l.contains("seq 16, steps 2") && l.matches(".*peak RSS [0-9]+ MB$")), r.out());
        assertTrue(!r.out().contains("pytorch"), "--torch off runs no PyTorch side: " + r.out());
    }

    @Test
    void helpAndBadArguments() {
        CliRun.Result help = CliRun.run("bench", "train", "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("Usage: reasonbridge bench train"), help.out());
        assertTrue(help.out().contains("--seq-len"), help.out());

        CliRun.Result bad = CliRun.run("bench", "train", "--model", Fixtures.model("qwen2-tiny").toString(),
                "--steps", "0", "--torch", "off");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--steps"), bad.err());
    }
}
