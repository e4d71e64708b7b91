package org.reasonbridge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./reasonbridge curate} from outside, in {@link CurateFixture}'s world: runs SIGKILLed mid-stage resume to the
 * uninterrupted run's outputs, and keys from the environment reach the servers but no file.
 */
class CurateKillTest extends CurateFixture {
    @Test
    void killedRunResumesWithoutRepeatingFinishedTeacherCalls(@TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        Path root = Path.of(System.getProperty("reasonbridge.root", "..")).toAbsolutePath().normalize();
        Path straight = tmp.resolve("straight");
        assertEquals(0, CliRun.run(args(in[0], in[1], straight)).code());
        requests.clear();

        delayMs = 150;
        Path killed = tmp.resolve("killed");
        Path journal = killed.resolve("teacher-journal.jsonl");
        for (int kills = 0; kills < 2; kills++) {
            Process p = launch(root, args(in[0], in[1], killed), tmp.resolve("log" + kills));
            int target = 5 + 8 * kills;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (responses(journal) < target && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
            p.destroyForcibly();
            p.waitFor();
            assertTrue(responses(journal) < PROBLEMS, "the kill must land while the teacher is still working");
        }
        // once more in the difficulty stage, while the solvers work
        delayMs = 0;
        solverDelayMs = 150;
        solverRequests.clear();
        Path verdicts = killed.resolve("difficulty.jsonl");
        Process p = launch(root, args(in[0], in[1], killed), tmp.resolve("log-difficulty"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (lines(verdicts, "\"kind\":\"decision\"") < 6 && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        p.destroyForcibly();
        p.waitFor();
        long judged = lines(verdicts, "\"kind\":\"decision\"");
        assertTrue(judged >= 6 && judged < PROBLEMS, "the kill must land while the solvers are still working: " + judged);

        solverDelayMs = 0;
        Process last = launch(root, args(in[0], in[1], killed), tmp.resolve("log-last"));
        assertTrue(last.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, last.exitValue(), Files.readString(tmp.resolve("log-last")));
        assertSameOutputs(outputs(straight), killed);
        // at most the one request in flight at each kill is repeated; a journaled answer is never asked again
        int repeated = 0;
        for (AtomicInteger c : requests.values()) if (c.get() > 1) repeated++;
        assertTrue(repeated <= 2, "repeated teacher calls: " + requests);
        assertEquals(PROBLEMS, requests.size());
        int repeatedSolver = 0;
        for (AtomicInteger c : solverRequests.values()) if (c.get() > 1) repeatedSolver++;
        assertTrue(repeatedSolver <= 1, "repeated solver calls: " + solverRequests);
        assertEquals(PROBLEMS, solverRequests.size());
    }

    static Process launch(Path root, String[] args, Path log) throws Exception {
        return launch(root, args, log, Map.of());
    }

    static Process launch(Path root, String[] args, Path log, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("reasonbridge").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Keys from the environment reach the servers and nothing else: no output file, journal or log holds them. */
    @Test
    void apiKeysReachTheServersButNoFile(@TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        Path root = Path.of(System.getProperty("reasonbridge.root", "..")).toAbsolutePath().normalize();
        Path out = tmp.resolve("out");
        String teacherKey = "sk-teacher-5f1c9a", solverKey = "sk-solver-77e0b2";
        Process p = launch(root, args(in[0], in[1], out, "--teacher-key-env", "RB_TEST_TEACHER_KEY", "--solver-key-env",
                "RB_TEST_SOLVER_KEY", "--domains", "teacher"), tmp.resolve("log"),
                Map.of("RB_TEST_TEACHER_KEY", teacherKey, "RB_TEST_SOLVER_KEY", solverKey));
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("log")));
        assertEquals(java.util.Set.of("teacher Bearer " + teacherKey, "solver Bearer " + solverKey), authorizations);
        List<Path> files;
        try (var walk = Files.walk(tmp)) {
            files = walk.filter(Files::isRegularFile).filter(f -> !f.startsWith(in[1])).toList();
        }
        assertTrue(files.size() > 15, "files checked: " + files);
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertTrue(!text.contains(teacherKey) && !text.contains(solverKey), f + " holds a key");
        }
    }
}
