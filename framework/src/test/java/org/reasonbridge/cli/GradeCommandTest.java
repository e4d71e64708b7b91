package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./reasonbridge grade} in-process: verdicts added, fields and order kept, bad lines named. */
class GradeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static CliRun.Result cli(String... args) {
        return CliRun.run(args);
    }

    @Test
    void addsVerdictsKeepingFieldsAndOrder(@TempDir Path tmp) throws IOException {
        Path pairs = tmp.resolve("pairs.jsonl");
        Files.write(pairs, List.of(
                "{\"id\": 7, \"pred\": \"0.5\", \"gold\": \"\\\\frac{1}{2}\", \"note\": \"kept\"}",
                "",
                "{\"pred\": \"<think>hm</think>So \\\\boxed{25}.\", \"gold\": \"025\", \"id\": 8}",
                "{\"pred\": 3, \"gold\": 4, \"id\": 9}"));
        CliRun.Result r = cli("grade", "--pairs", pairs.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        JsonNode first = JSON.readTree(lines.get(0)), second = JSON.readTree(lines.get(1)), third = JSON.readTree(lines.get(2));
        assertEquals(List.of("id", "pred", "gold", "note", "verdict"), names(first));
        assertTrue(first.get("verdict").asBoolean());
        assertFalse(first.has("extracted"), "a bare answer needs no extraction");
        assertEquals("25", second.get("extracted").asText());
        assertTrue(second.get("verdict").asBoolean());
        assertFalse(third.get("verdict").asBoolean());
        assertTrue(r.err().contains("graded 3 pairs: 2 right"), r.err());
    }

    @Test
    void writesToOutAndGradesChoices(@TempDir Path tmp) throws IOException {
        Path pairs = tmp.resolve("mc.jsonl"), out = tmp.resolve("graded.jsonl");
        Files.write(pairs, List.of("{\"pred\": \"The answer is (B).\", \"gold\": \"B\", \"choices\": [\"1\", \"2\"]}"));
        CliRun.Result r = cli("grade", "--pairs", pairs.toString(), "--out", out.toString(), "--kind", "mc");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(JSON.readTree(Files.readAllLines(out).get(0)).get("verdict").asBoolean());
    }

    @Test
    void namesTheFileAndLineOfABadLine(@TempDir Path tmp) throws IOException {
        Path pairs = tmp.resolve("bad.jsonl");
        Files.write(pairs, List.of("{\"pred\": \"1\", \"gold\": \"1\"}", "{\"pred\": \"1\"}", "not json"));
        CliRun.Result r = cli("grade", "--pairs", pairs.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(pairs + ":2: missing or non-scalar \"gold\""), r.err());
        Files.write(pairs, List.of("{\"pred\": \"1\", \"gold\": \"1\"}", "not json"));
        CliRun.Result r2 = cli("grade", "--pairs", pairs.toString());
        assertTrue(r2.err().contains(pairs + ":2: malformed JSON"), r2.err());
        CliRun.Result r3 = cli("grade", "--pairs", pairs.toString(), "--kind", "nope");
        assertEquals(1, r3.code());
        assertTrue(r3.err().contains("unknown grading kind 'nope'"), r3.err());
    }

    @Test
    void refusesToOverwriteItsInput(@TempDir Path tmp) throws IOException {
        Path pairs = tmp.resolve("pairs.jsonl");
        Files.write(pairs, List.of("{\"pred\": \"1\", \"gold\": \"1\"}"));
        byte[] before = Files.readAllBytes(pairs);
        for (String out : List.of(pairs.toString(), tmp.resolve(".").resolve("pairs.jsonl").toString())) {
            CliRun.Result r = cli("grade", "--pairs", pairs.toString(), "--out", out);
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains("is the same file as --pairs"), r.err());
            assertArrayEquals(before, Files.readAllBytes(pairs), "the input is untouched");
        }
    }

    /** A bad line stops the run naming file and line, and the previous --out survives whole. */
    @Test
    void aFailedRunKeepsThePreviousOutput(@TempDir Path tmp) throws IOException {
        Path pairs = tmp.resolve("pairs.jsonl"), out = tmp.resolve("graded.jsonl");
        List<String> good = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) good.add("{\"pred\": \"" + i + "\", \"gold\": \"" + i + "\"}");
        Files.write(pairs, good);
        assertEquals(0, cli("grade", "--pairs", pairs.toString(), "--out", out.toString()).code());
        byte[] first = Files.readAllBytes(out);
        assertEquals(3000, Files.readAllLines(out).size());
        // line 3001 is Latin-1, not UTF-8
        byte[] bad = "{\"pred\": \"caf\u00e9\", \"gold\": \"x\"}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(pairs, bad, java.nio.file.StandardOpenOption.APPEND);
        CliRun.Result r = cli("grade", "--pairs", pairs.toString(), "--out", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(pairs + ":3001: not valid UTF-8"), r.err());
        assertArrayEquals(first, Files.readAllBytes(out), "the earlier output is kept whole");
        try (var files = Files.list(tmp)) {
            assertEquals(2, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void acceptsAByteOrderMark(@TempDir Path tmp) throws IOException {
        Path pairs = tmp.resolve("bom.jsonl");
        Files.write(pairs, ("\uFEFF{\"pred\": \"2\", \"gold\": \"2\"}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        CliRun.Result r = cli("grade", "--pairs", pairs.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(JSON.readTree(r.out().lines().findFirst().orElseThrow()).get("verdict").asBoolean());
    }

    @Test
    void aDirectoryOrMissingFileIsNamed(@TempDir Path tmp) {
        CliRun.Result dir = cli("grade", "--pairs", tmp.toString());
        assertEquals(1, dir.code());
        assertTrue(dir.err().contains("--pairs " + tmp + ": is a directory"), dir.err());
        CliRun.Result none = cli("grade", "--pairs", tmp.resolve("nope.jsonl").toString());
        assertTrue(none.err().contains("nope.jsonl: no such file"), none.err());
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
