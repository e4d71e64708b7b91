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

    /** An outage fails every problem; a rerun keeps those failures, one with retryFailed asks again and finishes. */
    @org.junit.jupiter.api.Test
    void failuresAreFinalUnlessRetried(@TempDir Path dir) throws Exception {
        List<Problem> problems = IntStream.rangeClosed(1, 6).mapToObj(FakeTeacherServer::problem).toList();
        Path journal = dir.resolve("journal.jsonl");
        try (FakeTeacherServer down = new FakeTeacherServer(1.0, 3, 600, 0)) {
            TeacherClient c = Teachers.client("openai", down.base(), Map.of(Teachers.KEY_ENV, "k")::get, Duration.ofMillis(250));
            assertTrue(new TeacherRun(c, journal, Teachers.fast(2, 2)).run(problems).stream().noneMatch(TeacherOutcome::done));
        }
        try (FakeTeacherServer up = new FakeTeacherServer(0, 3, 600, 0)) {
            TeacherClient c = Teachers.client("openai", up.base(), Map.of(Teachers.KEY_ENV, "k")::get, Duration.ofMillis(250));
            List<TeacherOutcome> kept = new TeacherRun(c, journal, Teachers.fast(2, 2)).run(problems);
            assertTrue(kept.stream().noneMatch(TeacherOutcome::done) && kept.stream().allMatch(TeacherOutcome::resumed));
            assertEquals(0, problems.stream().mapToInt(p -> up.count(p.id())).sum(), "a journaled failure is not sent again");

            List<TeacherOutcome> retried = new TeacherRun(c, journal, Teachers.fast(2, 2).withRetryFailed(true)).run(problems);
            assertTrue(retried.stream().allMatch(TeacherOutcome::done));
            problems.forEach(p -> assertEquals(1, up.count(p.id()), p.id()));
            TeacherJournal.State s = TeacherJournal.read(journal);
            assertEquals(6, s.done().size());
            assertTrue(s.failed().isEmpty());
        }
    }

    @org.junit.jupiter.api.Test
    void aJournalOfAnotherTeacherIsRefused(@TempDir Path dir) throws Exception {
        List<Problem> problems = IntStream.rangeClosed(1, 3).mapToObj(FakeTeacherServer::problem).toList();
        Path journal = dir.resolve("journal.jsonl");
        try (FakeTeacherServer up = new FakeTeacherServer(0, 3, 600, 0)) {
            Map<String, String> env = Map.of(Teachers.KEY_ENV, "k");
            new TeacherRun(Teachers.client("openai", up.base(), env::get, Duration.ofSeconds(5)), journal, Teachers.fast(2, 2)).run(problems);
            TeacherClient other = Teachers.client("anthropic", up.base(), env::get, Duration.ofSeconds(5));
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> new TeacherRun(other, journal, Teachers.fast(2, 2)).run(problems));
            assertTrue(e.getMessage().contains("'openai:teacher-1'") && e.getMessage().contains("'anthropic:claude-test'"), e.getMessage());
            assertEquals(3, problems.stream().mapToInt(p -> up.count(p.id())).sum(), "nothing sent for the other teacher");
        }
    }

    /** A problem whose text changed under the same id is asked again; journals from before the hash still count. */
    @org.junit.jupiter.api.Test
    void aChangedProblemIsAskedAgain(@TempDir Path dir) throws Exception {
        List<Problem> problems = IntStream.rangeClosed(1, 3).mapToObj(FakeTeacherServer::problem).toList();
        Problem p2 = problems.get(1);
        List<Problem> edited = List.of(problems.get(0), new Problem(p2.id(), p2.question() + " (corrected)", p2.answer()), problems.get(2));
        Path journal = dir.resolve("journal.jsonl");
        try (FakeTeacherServer up = new FakeTeacherServer(0, 3, 600, 0)) {
            TeacherClient c = Teachers.client("openai", up.base(), Map.of(Teachers.KEY_ENV, "k")::get, Duration.ofSeconds(5));
            new TeacherRun(c, journal, Teachers.fast(2, 2)).run(problems);
            List<TeacherOutcome> second = new TeacherRun(c, journal, Teachers.fast(2, 2)).run(edited);
            assertEquals(List.of(1, 2, 1), problems.stream().map(p -> up.count(p.id())).toList());
            assertEquals(List.of(true, false, true), second.stream().map(TeacherOutcome::resumed).toList());
            new TeacherRun(c, journal, Teachers.fast(2, 2)).run(edited);
            assertEquals(List.of(1, 2, 1), problems.stream().map(p -> up.count(p.id())).toList(), "the new text's answer is journaled");

            // a journal written before prompt hashes answers for any text
            Path legacy = dir.resolve("legacy.jsonl");
            new TeacherRun(c, legacy, Teachers.fast(2, 2)).run(problems);
            java.nio.file.Files.writeString(legacy, java.nio.file.Files.readString(legacy).replaceAll("\"prompt_hash\":\"[0-9a-f]+\",", ""));
            assertTrue(new TeacherRun(c, legacy, Teachers.fast(2, 2)).run(edited).stream().allMatch(TeacherOutcome::resumed));
        }
    }
}
