package org.reasonbridge.teacher;

import org.reasonbridge.data.Problem;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 30% of requests fail (429 with Retry-After, 500/529, a timeout, truncated JSON): every problem still ends. */
class TeacherFaultTest {
    @ParameterizedTest
    @CsvSource({"openai", "anthropic", "gemini"})
    void everyProblemEndsDoneOrFailedWithReason(String provider, @TempDir Path dir) throws Exception {
        List<Problem> problems = IntStream.rangeClosed(1, 40).mapToObj(FakeTeacherServer::problem).toList();
        try (FakeTeacherServer server = new FakeTeacherServer(0.3, 42, 600, 0)) {
            TeacherClient c = Teachers.client(provider, server.base(), Map.of(Teachers.KEY_ENV, "k")::get, Duration.ofMillis(250));
            List<TeacherOutcome> outcomes = new TeacherRun(c, dir.resolve("journal.jsonl"), Teachers.fast(8, 4)).run(problems);
            assertEquals(problems.stream().map(Problem::id).toList(), outcomes.stream().map(TeacherOutcome::problemId).toList());
            int done = 0, retried = 0;
            for (TeacherOutcome o : outcomes) {
                if (o.done()) {
                    done++;
                    assertEquals(FakeTeacherServer.thinking(o.problemId()), o.trace().thinking());
                    assertEquals(FakeTeacherServer.answer(o.problemId()), o.trace().response());
                } else {
                    // the last error says which fault ended it; truncated JSON is final at once, the others after 4
                    assertTrue(o.reason().matches("after (4 attempt\\(s\\): .*(HTTP (429|500|529)|timed out).*"
                            + "|\\d attempt\\(s\\): .*(malformed JSON from provider|not valid JSON).*)"), o.reason());
                }
                if (o.requests() > 1) retried++;
                assertEquals(server.count(o.problemId()), o.requests(), o.problemId());
            }
            assertTrue(done >= 20 && retried >= 5, "done " + done + ", retried " + retried);
            // the journal agrees with what the run returned
            TeacherJournal.State s = TeacherJournal.read(dir.resolve("journal.jsonl"));
            assertEquals(done, s.done().size());
            assertEquals(40 - done, s.failed().size());
        }
    }
}
