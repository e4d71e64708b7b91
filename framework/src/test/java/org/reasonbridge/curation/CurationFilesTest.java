package org.reasonbridge.curation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.curation.audit.Decision;
import org.reasonbridge.curation.pool.PoolFile;
import org.reasonbridge.data.DataFileException;
import org.reasonbridge.data.Example;
import org.reasonbridge.data.ExampleReader;
import org.reasonbridge.data.ExampleWriter;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;
import org.reasonbridge.teacher.TeacherOutcome;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stage files read back (each by the codec next to its record) to what was written, so a stage rerun from files equals a straight run. */
class CurationFilesTest {
    @Test
    void problemsRoundTrip(@TempDir Path tmp) {
        // map keys are written sorted (one mapper, byte-deterministic files), whatever order they were put in
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("source", "olympiad");
        provenance.put("line", "7");
        List<Problem> problems = List.of(new Problem("a", "Which is prime?", "B", List.of("4", "5", "6"), provenance),
                new Problem("b", "Solve $x^2 = 4$ \u2014 \"quoted\"", "2", List.of(), Map.of()));
        Path file = tmp.resolve("pool.jsonl");
        PoolFile.write(file, problems);
        assertEquals(problems, PoolFile.read(file));
    }

    @Test
    void outcomesRoundTrip(@TempDir Path tmp) {
        Trace t = new Trace("a", "openai:t", "think", "The answer is 5.", "stop", 10, 20);
        List<TeacherOutcome> outcomes = List.of(new TeacherOutcome("a", t, null, 1, false),
                new TeacherOutcome("b", null, "after 5 attempt(s): HTTP 500", 5, false));
        Path file = tmp.resolve("traces.jsonl");
        TeacherOutcome.write(file, outcomes);
        List<TeacherOutcome> back = TeacherOutcome.read(file);
        assertEquals(t, back.get(0).trace());
        assertEquals("after 5 attempt(s): HTTP 500", back.get(1).reason());
        assertTrue(back.stream().allMatch(TeacherOutcome::resumed));
    }

    @Test
    void decisionsRoundTripToTheSameBytes(@TempDir Path tmp) throws Exception {
        List<Decision> decisions = List.of(
                Decision.drop("a", "quality", "broken-latex", Map.of("findings", Map.of("broken-latex", "unbalanced {"), "teacher", "t")),
                Decision.keep("b", "difficulty", Map.of("solvers", List.of(Map.of("solver", "0:m", "verdict", "wrong",
                        "completion_tokens", 12, "answer", "7")), "on_error", "exclude")));
        Path file = tmp.resolve("quality.jsonl");
        Decision.writeAll(file, decisions);
        byte[] first = Files.readAllBytes(file);
        Decision.writeAll(file, Decision.readAll(file));
        assertArrayEquals(first, Files.readAllBytes(file));
    }

    @Test
    void badStageFilesAreNamedWithTheirLine(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("quality.jsonl");
        Files.writeString(file, "{\"id\":\"a\",\"stage\":\"quality\",\"kept\":true,\"reason\":\"kept\",\"details\":{}}\n"
                + "{\"id\":\"b\",\"stage\":\"quality\",\"kept\":\"yes\",\"reason\":\"kept\"}\n");
        DataFileException e = assertThrows(DataFileException.class, () -> Decision.readAll(file));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("'kept'"), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> PoolFile.read(tmp.resolve("pool.jsonl")));
        assertTrue(missing.getMessage().contains("pool.jsonl: missing"), missing.getMessage());
    }

    /** {@code reason1k.jsonl} is the training format: what {@link ExampleWriter} writes, {@link ExampleReader} reads back. */
    @Test
    void examplesAreTheTrainingFormat(@TempDir Path tmp) throws Exception {
        // map keys are written sorted (one mapper, byte-deterministic files), whatever order they were put in
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("source", "olympiad");
        provenance.put("level_labels", "teacher-tags");
        Example e = new Example("a", "Which is prime?\n\nA. 4\nB. 5", "<strategic>Check each.</strategic>", "\\boxed{B}", provenance);
        Path file = tmp.resolve("reason1k.jsonl");
        ExampleWriter.write(file, List.of(e), x -> x, x -> Map.of("answer", "B"));
        assertEquals("{\"id\":\"a\",\"problem\":\"Which is prime?\\n\\nA. 4\\nB. 5\",\"trace\":\"<strategic>Check each.</strategic>\","
                + "\"solution\":\"\\\\boxed{B}\",\"answer\":\"B\",\"provenance\":{\"level_labels\":\"teacher-tags\",\"source\":\"olympiad\"}}",
                Files.readString(file).strip());
        Example back = ExampleReader.read(file).get(0);
        assertEquals(List.of(e.id(), e.problem(), e.trace(), e.solution()), List.of(back.id(), back.problem(), back.trace(), back.solution()));
        assertEquals("B", back.provenance().get("answer"));
    }
}
