package org.reasonbridge.eval.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.data.DataFileException;
import org.reasonbridge.data.Parquet;
import org.reasonbridge.eval.Benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parquet exports, written here by DuckDB, read through the same loaders as JSON Lines. */
class ParquetTest {
    static void writeParquet(Path file, String select) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (" + select + ") TO '" + file + "' (FORMAT PARQUET)");
        }
    }

    @Test
    void aimeParquetInBothSpellings(@TempDir Path dir) throws Exception {
        Path h4 = dir.resolve("h4.parquet");
        writeParquet(h4, "SELECT * FROM (VALUES (60, 'FAKE: what is 5*5?', 'sol', '025'), (61, 'FAKE: 2+2?', 'sol', '4')) "
                + "t(id, problem, solution, answer)");
        Benchmark b = Benchmarks.load("aime2024", h4);
        assertEquals(2, b.problems().size());
        assertEquals("60", b.problems().get(0).id());
        assertEquals("025", b.problems().get(0).answer(), "zero-padded answers kept as written");
        assertEquals("sol", b.problems().get(1).metadata().get("solution"));

        Path mj = dir.resolve("mj.parquet");
        writeParquet(mj, "SELECT * FROM (VALUES ('2024-I-1', 'FAKE: 3+4?', 7)) t(ID, Problem, Answer)");
        Benchmark m = Benchmarks.load("aime2024", mj);
        assertEquals("2024-I-1", m.problems().get(0).id());
        assertEquals("7", m.problems().get(0).answer(), "an integer column keeps its digits");
    }

    @Test
    void mathAndListColumnsAndErrors(@TempDir Path dir) throws Exception {
        Path mmlu = dir.resolve("mmlu.parquet");
        writeParquet(mmlu, "SELECT 'FAKE: 1+1?' AS question, 'college_mathematics' AS subject, ['1', '2', '3', '4'] AS choices, 1 AS answer");
        Benchmark b = Benchmarks.load("mmlu-stem", mmlu);
        assertEquals(4, b.problems().get(0).choices().size());
        assertEquals("B", b.problems().get(0).answer());
        Path missing = dir.resolve("missing.parquet");
        writeParquet(missing, "SELECT 'x' AS question");
        DataFileException e = assertThrows(DataFileException.class, () -> Benchmarks.load("aime2024", missing));
        assertTrue(e.getMessage().startsWith(missing + ":1: "), e.getMessage());
        Path garbage = Files.writeString(dir.resolve("g.parquet"), "not parquet at all");
        assertTrue(assertThrows(DataFileException.class, () -> Parquet.objects(garbage)).getMessage()
                .contains("not a readable Parquet file"));
    }
}
