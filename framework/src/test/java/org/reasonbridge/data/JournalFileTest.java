package org.reasonbridge.data;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a kill can leave at the end of a journal, and what reading and reopening make of it. */
class JournalFileTest {
    static final String A = "{\"k\":\"a\"}\n", B = "{\"k\":\"b\"}\n";
    static final String LONG = "{\"k\":\"" + "x".repeat(150_000) + "\"}\n"; // longer than one block read from the end

    static Stream<Arguments> tails() {
        byte[] cutUtf8 = "{\"k\":\"é".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("complete", bytes(A, B), List.of("a", "b"), bytes(A, B)),
                Arguments.of("torn JSON", bytes(A, B, "{\"k\":\"c"), List.of("a", "b"), bytes(A, B)),
                Arguments.of("torn inside a UTF-8 character", concat(bytes(A), java.util.Arrays.copyOf(cutUtf8, cutUtf8.length - 1)),
                        List.of("a"), bytes(A)),
                Arguments.of("a long torn tail", bytes(A, LONG.substring(0, 140_000)), List.of("a"), bytes(A)),
                Arguments.of("a long last record", bytes(A, LONG), List.of("a", "x".repeat(150_000)), bytes(A, LONG)),
                Arguments.of("only a torn line", bytes("{\"k\""), List.of(), new byte[0]),
                Arguments.of("blank lines", bytes(A, "\n", B), List.of("a", "b"), bytes(A, "\n", B)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tails")
    void readsCompleteRecordsAndReopeningCutsTheTail(String name, byte[] content, List<String> records, byte[] afterOpen,
                                                      @TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("j.jsonl");
        Files.write(file, content);
        assertEquals(records, JournalFile.read(file).stream().map(r -> r.object().get("k").asText()).toList());
        try (JournalFile j = JournalFile.open(file)) {
            assertArrayEquals(afterOpen, Files.readAllBytes(file));
            j.append(JsonLines.JSON.createObjectNode().put("k", "z"));
        }
        assertEquals(Stream.concat(records.stream(), Stream.of("z")).toList(),
                JournalFile.read(file).stream().map(r -> r.object().get("k").asText()).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void aBadCompleteLineIsNamed(String content, long line, @TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("j.jsonl");
        Files.writeString(file, content);
        DataFileException e = assertThrows(DataFileException.class, () -> JournalFile.read(file));
        assertEquals(line, e.line());
    }

    static Stream<Arguments> badLines() {
        return Stream.of(Arguments.of(A + "not json\n" + B, 2L), Arguments.of(A + "[1, 2]\n", 2L), Arguments.of("{\"k\":\n" + A, 1L));
    }

    static byte[] bytes(String... parts) {
        return String.join("", parts).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
