package org.reasonbridge.curation.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.curation.audit.Decision;
import org.reasonbridge.data.DataFileException;
import org.reasonbridge.data.Problem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DifficultyJournalTest {
    static final Map<String, Object> FILTER = Map.of("solvers", List.of("0:a", "1:b"), "max_tokens", 64, "on_error", "exclude");
    static final Problem P1 = new Problem("p1", "What is 2 + 2?", "4");
    static final Problem P2 = new Problem("p2", "What is 3 + 3?", "6");

    static Decision kept(String id) {
        return Decision.keep(id, DifficultyFilter.STAGE, Map.of("solvers", List.of(Map.of("solver", "0:a", "verdict", "wrong"))));
    }

    @Test
    void decisionsAreReusedForTheSameProblemUnderTheSameFilter(@TempDir Path tmp) {
        Path file = tmp.resolve("difficulty.jsonl");
        try (DifficultyJournal j = DifficultyJournal.open(file, FILTER)) {
            j.append(P1, kept("p1"));
            j.append(P2, Decision.drop("p2", DifficultyFilter.STAGE, "solver-error", Map.of()));
        }
        try (DifficultyJournal j = DifficultyJournal.open(file, FILTER)) {
            assertTrue(j.movedAside().isEmpty());
            assertEquals(kept("p1").details(), j.reusable(P1).orElseThrow().details());
            assertTrue(j.reusable(P2).isEmpty(), "a solver error is asked again");
            assertTrue(j.reusable(new Problem("p1", "What is 2 + 2?", "5")).isEmpty(), "another reference answer");
            assertTrue(j.reusable(new Problem("p3", "What is 2 + 2?", "4")).isEmpty(), "another id");
        }
        assertEquals(List.of(true), DifficultyJournal.decisionsFor(file, List.of(P1)).stream().map(Decision::kept).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DifficultyJournal.decisionsFor(file, List.of(P1, new Problem("p9", "q", "a"))));
        assertTrue(e.getMessage().contains("no decision for problem 'p9'") && e.getMessage().contains("--from difficulty"), e.getMessage());
    }

    @Test
    void aJournalOfAnotherFilterIsMovedAside(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("difficulty.jsonl");
        try (DifficultyJournal j = DifficultyJournal.open(file, FILTER)) {
            j.append(P1, kept("p1"));
        }
        Map<String, Object> other = Map.of("solvers", List.of("0:a"), "max_tokens", 64, "on_error", "exclude");
        try (DifficultyJournal j = DifficultyJournal.open(file, other)) {
            assertEquals(tmp.resolve("difficulty.jsonl.prev"), j.movedAside().orElseThrow());
            assertTrue(j.reusable(P1).isEmpty());
        }
        assertEquals(1, Files.readAllLines(file).size(), "a new journal holds only its header");
        assertEquals(2, Files.readAllLines(tmp.resolve("difficulty.jsonl.prev")).size());
    }

    @Test
    void aTornLastLineIsDroppedAndABadLineNamed(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("difficulty.jsonl");
        try (DifficultyJournal j = DifficultyJournal.open(file, FILTER)) {
            j.append(P1, kept("p1"));
        }
        Files.writeString(file, "{\"kind\":\"decision\",\"problem_hash\":\"ab", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (DifficultyJournal j = DifficultyJournal.open(file, FILTER)) {
            assertTrue(j.reusable(P1).isPresent());
            j.append(P2, kept("p2"));
        }
        assertEquals(3, Files.readAllLines(file).size(), "the torn tail was cut before appending");

        Files.writeString(file, "{\"kind\":\"surprise\"}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        DataFileException e = assertThrows(DataFileException.class, () -> DifficultyJournal.open(file, FILTER));
        assertEquals(4, e.line());
        Files.writeString(file, "{\"kind\":\"decision\"}\n");
        assertThrows(DataFileException.class, () -> DifficultyJournal.decisionsFor(file, List.of(P1)), "the header must come first");
    }
}
