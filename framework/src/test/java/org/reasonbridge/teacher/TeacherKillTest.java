package org.reasonbridge.teacher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A teacher run in a separate JVM, SIGKILLed after k journaled responses for several k and restarted, ends with the
 * same outcomes file as an uninterrupted run, and the server never saw a request for a problem after its response
 * was journaled.
 */
class TeacherKillTest {
    static final int N = 30;

    @Test
    void killedAndResumedRunEqualsUninterruptedRun(@TempDir Path dir) throws Exception {
        Path reference = dir.resolve("reference.jsonl");
        try (FakeTeacherServer server = new FakeTeacherServer(0, 1, 0, 40)) {
            assertEquals(0, child(server, dir.resolve("reference-journal.jsonl"), reference).waitFor());
        }
        Path journal = dir.resolve("journal.jsonl"), out = dir.resolve("outcomes.jsonl");
        try (FakeTeacherServer server = new FakeTeacherServer(0, 1, 0, 40)) {
            int kills = 0;
            for (int k : new int[]{2, 7, 13, 20, 26}) {
                Process p = child(server, journal, out);
                long deadline = System.currentTimeMillis() + 60_000;
                while (responses(journal) < k && p.isAlive() && System.currentTimeMillis() < deadline) Thread.sleep(2);
                if (p.isAlive()) {
                    p.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
                    kills++;
                }
                p.waitFor();
            }
            assertTrue(kills >= 3, "the run finished before it could be killed " + kills + " times");
            assertFalse(Files.exists(out), "a killed run must not have written its outcomes");
            assertEquals(0, child(server, journal, out).waitFor());

            assertEquals(Files.readString(reference), Files.readString(out));
            // the server saw nothing the journal does not hold, and no request after a journaled response
            Map<String, Integer> journaled = new HashMap<>();
            Set<String> finished = new HashSet<>();
            for (String line : Files.readAllLines(journal)) {
                String id = line.replaceAll(".*\"problem_id\":\"([^\"]+)\".*", "$1");
                if (line.contains("\"kind\":\"request\"")) {
                    assertFalse(finished.contains(id), "request for " + id + " after its response");
                    journaled.merge(id, 1, Integer::sum);
                } else if (line.contains("\"kind\":\"response\"")) {
                    assertTrue(finished.add(id), "two responses for " + id);
                }
            }
            assertEquals(N, finished.size());
            for (int i = 1; i <= N; i++) {
                String id = "p" + i;
                assertTrue(server.count(id) >= 1 && server.count(id) <= journaled.get(id), id + ": server saw "
                        + server.count(id) + ", journal holds " + journaled.get(id));
            }
        }
    }

    private static Process child(FakeTeacherServer server, Path journal, Path out) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TeacherKillMain.class.getName(),
                server.base(), "anthropic", journal.toString(), out.toString(), String.valueOf(N)));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(new File(journal + ".log")).start();
    }

    private static long responses(Path journal) throws IOException {
        if (!Files.exists(journal)) return 0;
        try {
            return Files.readAllLines(journal).stream().filter(l -> l.contains("\"kind\":\"response\"")).count();
        } catch (java.nio.charset.MalformedInputException e) {
            return 0; // read mid-write
        }
    }
}
