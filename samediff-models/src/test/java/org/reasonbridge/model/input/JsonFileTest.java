package org.reasonbridge.model.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a small JSON file can be wrong, and the words (file:line:column) a user gets for it. */
class JsonFileTest {
    static Stream<Arguments> badFiles() {
        byte[] latin1 = "{\"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf16 = "{\"a\": 1}".getBytes(StandardCharsets.UTF_16); // with its byte-order mark
        byte[] utf16le = "{\"a\": 1}".getBytes(StandardCharsets.UTF_16LE); // without
        return Stream.of(
                Arguments.of("truncated", bytes("{\"a\": 1,\n \"b\": "), ":2:", "malformed JSON"),
                Arguments.of("duplicate key", bytes("{\"a\": 1,\n \"a\": 2}"), ":2:", "Duplicate field 'a'"),
                Arguments.of("trailing garbage", bytes("{\"a\": 1} {}"), ":1:", "malformed JSON"),
                Arguments.of("array", bytes("[1, 2]"), ":1:1:", "the top level must be a JSON object"),
                Arguments.of("empty", bytes(""), ": ", "empty, not a JSON object"),
                Arguments.of("Latin-1", latin1, ":1:14:", "not valid UTF-8 (byte 0xE9: probably Latin-1"),
                Arguments.of("UTF-16 with BOM", utf16, ":1:1:", "encoded as UTF-16"),
                Arguments.of("UTF-16 without BOM", utf16le, ":1:", "probably UTF-16"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void badFilesNameFileLineAndProblem(String name, byte[] content, String position, String fragment,
                                        @TempDir Path tmp) throws IOException {
        Path f = Files.write(tmp.resolve("config.json"), content);
        JsonFileException e = assertThrows(JsonFileException.class, () -> JsonFile.object(f, 1 << 20, "a config"));
        assertTrue(e.getMessage().startsWith(f + position), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        for (String noise : List.of("REDACTED", "com.fasterxml", "StreamReadFeature", "\n")) {
            assertFalse(e.getMessage().contains(noise), e.getMessage());
        }
    }

    @Test
    void aUtf8ByteOrderMarkIsNotContent(@TempDir Path tmp) throws IOException {
        Path f = Files.write(tmp.resolve("c.json"), bytes("\uFEFF{\"a\": \"\u00e9\"}"));
        assertEquals("\u00e9", JsonFile.object(f, 1 << 20, "a config").get("a").asText());
    }

    @Test
    void missingDirectoryAndOversizedFiles(@TempDir Path tmp) throws IOException {
        UncheckedIOException missing = assertThrows(UncheckedIOException.class,
                () -> JsonFile.object(tmp.resolve("nope.json"), 100, "a config"));
        assertInstanceOf(NoSuchFileException.class, missing.getCause());
        assertTrue(missing.getMessage().contains("nope.json: no such file (a config was expected there)"), missing.getMessage());
        JsonFileException dir = assertThrows(JsonFileException.class, () -> JsonFile.object(tmp, 100, "a config"));
        assertTrue(dir.getMessage().endsWith("is a directory, where a config was expected"), dir.getMessage());
        Path big = Files.write(tmp.resolve("big.json"), bytes("{\"a\": \"" + "x".repeat(200) + "\"}"));
        JsonFileException tooBig = assertThrows(JsonFileException.class, () -> JsonFile.object(big, 100, "a config"));
        assertTrue(tooBig.getMessage().contains("too large for a config (at most 100)"), tooBig.getMessage());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
