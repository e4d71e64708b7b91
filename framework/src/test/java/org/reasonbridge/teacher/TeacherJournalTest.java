package org.reasonbridge.teacher;

import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a resumed run does with each state a journal can leave a problem in. */
class TeacherJournalTest {
    /** An in-process teacher that counts its calls. */
    static final class Counting implements TeacherClient {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        public String name() {
            return "fake:counting";
        }

        final List<String> asked = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

        public Trace solve(Problem p, TeacherPrompt prompt) {
            calls.computeIfAbsent(p.id(), k -> new AtomicInteger()).incrementAndGet();
            asked.add(prompt.render(p));
            return new Trace(p.id(), name(), "t-" + p.id(), "r-" + p.id(), "stop", 1, 2);
        }
    }

    private static final String P1_RESPONSE = "{\"kind\":\"response\",\"request_id\":\"p1#1\",\"problem_id\":\"p1\",\"trace\":"
            + "{\"problemId\":\"p1\",\"teacher\":\"fake:counting\",\"thinking\":\"old\",\"response\":\"kept\","
            + "\"finishReason\":\"stop\",\"promptTokens\":1,\"completionTokens\":2}}\n";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // journal before the run (p1's lines)                       | calls for p1 | p1 request lines after | p1 outcome
            "request                                                     | 1            | 2                      | r-p1",
            "request,response                                            | 0            | 1                      | kept",
            "request,failed                                              | 0            | 1                      | FAILED",
            "request,torn-response                                       | 1            | 2                      | r-p1",
            "torn-request                                                | 1            | 1                      | r-p1",
    })
    void resumeSendsOnlyUnfinishedProblems(String journal, int calls, int requestLines, String outcome, @TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("journal.jsonl");
        StringBuilder sb = new StringBuilder();
        for (String step : journal.split(",")) {
            sb.append(switch (step) {
                case "request" -> "{\"kind\":\"request\",\"request_id\":\"p1#1\",\"problem_id\":\"p1\",\"attempt\":1,\"teacher\":\"x\"}\n";
                case "response" -> P1_RESPONSE;
                case "failed" -> "{\"kind\":\"failed\",\"problem_id\":\"p1\",\"reason\":\"after 5 attempt(s): HTTP 500\"}\n";
                case "torn-response" -> P1_RESPONSE.substring(0, 60); // the process died mid-write
                case "torn-request" -> "{\"kind\":\"requ";
                default -> throw new IllegalArgumentException(step);
            });
        }
        Files.writeString(file, sb);
        Counting teacher = new Counting();
        List<Problem> problems = List.of(new Problem("p1", "q1", "a"), new Problem("p2", "q2", "a"));
        List<TeacherOutcome> out = new TeacherRun(teacher, file, Teachers.fast(2, 3)).run(problems);

        assertEquals(calls, teacher.calls.getOrDefault("p1", new AtomicInteger()).get());
        assertEquals(1, teacher.calls.get("p2").get());
        assertEquals(outcome, out.get(0).done() ? out.get(0).trace().response() : "FAILED");
        List<String> lines = Files.readAllLines(file);
        assertEquals(requestLines, lines.stream().filter(l -> l.contains("\"request\"") && l.contains("\"p1\"")).count());
        // every line is whole again: the torn tail was cut before appending, and ids are never reused
        for (String l : lines) assertTrue(l.startsWith("{") && l.endsWith("}"), l);
        assertEquals(lines.stream().filter(l -> l.contains("\"request\"")).map(l -> l.replaceAll(".*request_id\":\"([^\"]+).*", "$1"))
                .distinct().count(), lines.stream().filter(l -> l.contains("\"request\"")).count());
        // and a second resume sends nothing
        new TeacherRun(teacher, file, Teachers.fast(2, 3)).run(problems);
        assertEquals(calls, teacher.calls.getOrDefault("p1", new AtomicInteger()).get());
        assertEquals(1, teacher.calls.get("p2").get());
    }

    /** The prompt is recorded once, is part of each answer's fingerprint, and a changed one asks again. */
    @Test
    void aChangedPromptIsRecordedAndAsksAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("journal.jsonl");
        Counting teacher = new Counting();
        List<Problem> problems = List.of(new Problem("p1", "q1", "a"), new Problem("p2", "q2", "a"));
        TeacherPrompt tags = new TeacherPrompt("Tag your reasoning.");
        new TeacherRun(teacher, file, Teachers.fast(2, 3), tags).run(problems);
        new TeacherRun(teacher, file, Teachers.fast(2, 3), tags).run(problems);
        assertEquals(List.of(1, 1), List.of(teacher.calls.get("p1").get(), teacher.calls.get("p2").get()), "the same prompt asks once");
        assertTrue(teacher.asked.contains("q1\n\nTag your reasoning."), teacher.asked.toString());
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.stream().filter(l -> l.contains("\"kind\":\"prompt\"") && l.contains("Tag your reasoning.")).count());

        TeacherPrompt boxed = new TeacherPrompt("Box the answer.");
        List<TeacherOutcome> again = new TeacherRun(teacher, file, Teachers.fast(2, 3), boxed).run(problems);
        assertEquals(List.of(2, 2), List.of(teacher.calls.get("p1").get(), teacher.calls.get("p2").get()), "a changed prompt asks again");
        assertTrue(again.stream().noneMatch(TeacherOutcome::resumed));
        assertEquals(2, Files.readAllLines(file).stream().filter(l -> l.contains("\"kind\":\"prompt\"")).count());
    }
}
