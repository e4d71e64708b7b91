package org.reasonbridge.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExampleReaderTest {
    static final String GOOD = "{\"id\": \"a\", \"problem\": \"p\", \"trace\": \"t\", \"solution\": \"s\", \"domain\": \"algebra\", \"n\": 3}";

    @Test
    void readsExamplesWithProvenance(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.jsonl");
        Files.writeString(f, GOOD + "\n\n{\"problem\": \"p2\", \"trace\": \"t2\", \"solution\": \"s2\"}\n");
        List<Example> e = ExampleReader.read(f);
        assertEquals(2, e.size());
        assertEquals("algebra", e.get(0).provenance().get("domain"));
        assertEquals("3", e.get(0).provenance().get("n"));
        assertEquals("line-3", e.get(1).id());
        assertEquals("3", e.get(1).provenance().get("line"));
    }

    /** Each bad second line is refused with file:line and the problem. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no trace        | {\"id\": \"b\", \"problem\": \"p\", \"solution\": \"s\"}              | example 'b' has no trace",
            "empty solution  | {\"id\": \"b\", \"problem\": \"p\", \"trace\": \"t\", \"solution\": \" \"} | example 'b' has an empty solution",
            "number trace    | {\"id\": \"b\", \"problem\": \"p\", \"trace\": 5, \"solution\": \"s\"}     | trace must be a string",
            "truncated JSON  | {\"id\": \"b\", \"problem\": \"p\"                                         | malformed JSON",
            "not an object   | [1, 2]                                                                     | not a JSON object",
            "duplicate id    | {\"id\": \"a\", \"problem\": \"p\", \"trace\": \"t\", \"solution\": \"s\"} | duplicate id 'a'",
    })
    void badLinesNameFileAndLine(String name, String line, String fragment, @TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, GOOD + "\n" + line + "\n");
        JsonlException e = assertThrows(JsonlException.class, () -> ExampleReader.read(f));
        assertTrue(e.getMessage().startsWith(f + ":2: "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void invalidUtf8AndEmptyFiles(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("latin1.jsonl");
        Files.write(f, (GOOD + "\n{\"problem\": \"caf\u00e9\"}\n").getBytes(StandardCharsets.ISO_8859_1));
        JsonlException e = assertThrows(JsonlException.class, () -> ExampleReader.read(f));
        assertTrue(e.getMessage().contains("not valid UTF-8") && e.getMessage().contains(":2:"), e.getMessage());
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n");
        assertTrue(assertThrows(JsonlException.class, () -> ExampleReader.read(empty)).getMessage().contains("no examples"));
    }
}
