package org.reasonbridge.teacher;

import org.reasonbridge.data.Problem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every provider, with faults whose error bodies echo the key back, leaves no trace of the key in the journal,
 * the outcome files, standard output and error, or any exception text.
 */
class TeacherKeyLeakTest {
    static final String KEY = "sk-LEAK-CANARY-4f9b2e71d0";

    @Test
    void keyReachesOnlyTheServer(@TempDir Path dir) throws Exception {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        StringBuilder exceptions = new StringBuilder();
        List<Problem> problems = IntStream.rangeClosed(1, 20).mapToObj(FakeTeacherServer::problem).toList();
        System.setOut(capture);
        System.setErr(capture);
        try (FakeTeacherServer server = new FakeTeacherServer(0.5, 9, 300, 0)) {
            for (String provider : List.of("openai", "anthropic", "gemini")) {
                TeacherClient c = Teachers.client(provider, server.base(), Map.of(Teachers.KEY_ENV, KEY)::get, Duration.ofMillis(150));
                List<TeacherOutcome> o = new TeacherRun(c, dir.resolve(provider + "-journal.jsonl"), Teachers.fast(4, 2)).run(problems);
                TeacherOutcome.write(dir.resolve(provider + "-outcomes.jsonl"), o);
                assertTrue(o.stream().anyMatch(x -> !x.done()), provider + ": the faults must have caused failures");
                // direct calls too, so the exceptions themselves (message, cause chain, body excerpt) are searched
                for (int i = 0; i < 10; i++) {
                    try {
                        c.solve(problems.get(i));
                    } catch (RuntimeException e) {
                        StringWriter sw = new StringWriter();
                        e.printStackTrace(new PrintWriter(sw));
                        exceptions.append(sw).append(e instanceof org.reasonbridge.http.ApiException oe ? oe.bodyExcerpt() : "");
                    }
                }
            }
            // the server did receive it, and echoed it into error bodies: the test would catch a leak
            assertTrue(server.keysSeen.stream().allMatch(k -> k.endsWith(KEY)), "key not sent");
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertFalse(exceptions.isEmpty(), "no failure was provoked");
        assertFalse(exceptions.toString().contains(KEY), "key in an exception");
        assertFalse(captured.toString(StandardCharsets.UTF_8).contains(KEY), "key in standard output or error");
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertEquals(6, files.size());
        for (Path f : files) assertFalse(Files.readString(f).contains(KEY), "key in " + f.getFileName());
        for (Path f : files) assertFalse(Files.readString(f).contains(KEY.substring(3, 20)), "part of the key in " + f);
        // the echoed key was there to leak and was scrubbed, in every provider's journal
        for (String provider : List.of("openai", "anthropic", "gemini")) {
            assertTrue(Files.readString(dir.resolve(provider + "-journal.jsonl")).contains("***"), provider);
        }
    }
}
