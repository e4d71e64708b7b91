package org.reasonbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code analyze}: units with levels and sources, the state with evidence, tags, bad lines, atomic output. */
class AnalyzeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The trial-and-check trace the review saw dropped as contradictory, untagged; and a tagged one with a slip. */
    private static final String TRAINING_FORMAT = """
            {"id": "sq", "problem": "Find x <= y with x^2 + y^2 = 2025.", "trace": "Maybe I should just enumerate.\\nx = 1: 2024, not a square.\\nx = 27: 2025 - 729 = 1296 = 36^2.\\nCheck: 729 + 1296 = 2025.\\nSo the only pair is (27, 36).", "solution": "(27, 36)"}
            {"problem": "Tom has 5 apples and gets 3 more.", "trace": "<strategic>We need the total.</strategic>\\n<operational>5 + 3 = 9.</operational> The answer is 9.", "solution": "8"}
            """;

    @Test
    void writesUnitsAndStatePerTrace(@TempDir Path tmp) throws IOException {
        Path in = write(tmp.resolve("traces.jsonl"), TRAINING_FORMAT);
        Path out = tmp.resolve("analysis.jsonl");
        CliTest.Run r = CliTest.cli("analyze", "--traces", in.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("analyzed 2 traces"), r.err());
        List<JsonNode> lines = read(out);
        assertEquals(2, lines.size());

        JsonNode sq = lines.get(0);
        assertEquals("sq", sq.get("id").asText());
        assertEquals(1, sq.get("line").asInt());
        assertEquals("complete", sq.get("state").asText(), sq.toString());   // trials are no contradiction
        JsonNode first = sq.get("units").get(0);
        assertEquals("Maybe I should just enumerate.", first.get("text").asText());
        assertEquals("strategic", first.get("level").asText());
        assertEquals("strategic.method", first.get("source").asText());
        String trace = JSON.readTree(TRAINING_FORMAT.lines().findFirst().orElseThrow()).get("trace").asText();
        for (JsonNode u : sq.get("units")) {
            assertEquals(u.get("text").asText(), trace.substring(u.get("start").asInt(), u.get("end").asInt()));
        }
        assertFalse(sq.has("analysed_trace"), "an untagged trace is analysed as given");

        JsonNode tagged = lines.get(1);
        assertEquals("line-2", tagged.get("id").asText());
        String analysed = tagged.get("analysed_trace").asText();
        assertEquals("We need the total.\n5 + 3 = 9. The answer is 9.", analysed);
        assertEquals("TAGGED", tagged.get("units").get(0).get("source").asText());
        assertEquals("unverified", tagged.get("state").asText());
        JsonNode error = tagged.get("evidence").get(0);
        assertEquals("arithmetic_error", error.get("kind").asText());
        assertEquals("5 + 3 = 9", analysed.substring(error.get("start").asInt(), error.get("end").asInt()));
    }

    @Test
    void theProblemFieldIsNamedAndGivensAreCheckedAgainstIt(@TempDir Path tmp) throws IOException {
        Path in = write(tmp.resolve("t.jsonl"), "{\"question\": \"Sam buys 7 pens for $23.\", \"trace\": \"The answer is 2.\"}\n");
        Path out = tmp.resolve("a.jsonl");
        CliTest.Run r = CliTest.cli("analyze", "--traces", in.toString(), "--problem-field", "question", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode a = read(out).get(0);
        assertEquals("partial", a.get("state").asText());
        JsonNode given = a.get("evidence").get(0);
        assertEquals("unaddressed_condition", given.get("kind").asText());
        assertEquals("question", given.get("in").asText());
        // without the flag, a line without "problem" is analysed without one
        assertEquals(0, CliTest.cli("analyze", "--traces", in.toString(), "--out", out.toString()).code());
        assertEquals("complete", read(out).get(0).get("state").asText());
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("{\"trace\": \"ok\"}\nnot json\n", List.of(), ":2: malformed JSON"),
                Arguments.of("{\"problem\": \"p\"}\n", List.of(), ":1: no \"trace\" field"),
                Arguments.of("{\"trace\": 42}\n", List.of(), ":1: \"trace\" must be a string"),
                Arguments.of("{\"trace\": \"<strategic>open\"}\n", List.of(), ":1: level tags in \"trace\""),
                Arguments.of("{\"trace\": \"x\", \"q\": 1}\n", List.of("--problem-field", "q"), ":1: \"q\" must be a string"),
                Arguments.of("{\"trace\": \"x\"}\n", List.of("--problem-field", "q"), ":1: no \"q\" field"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("badLines")
    void aBadLineIsNamedAndTheOldOutputKept(String content, List<String> flags, String message, @TempDir Path tmp)
            throws IOException {
        Path in = write(tmp.resolve("bad.jsonl"), content);
        Path out = write(tmp.resolve("previous.jsonl"), "previous\n");
        List<String> args = new ArrayList<>(List.of("analyze", "--traces", in.toString(), "--out", out.toString()));
        args.addAll(flags);
        CliTest.Run r = CliTest.cli(args.toArray(String[]::new));
        assertEquals(1, r.code());
        assertTrue(r.err().contains(in + message), r.err());
        assertEquals("previous\n", Files.readString(out), "a failed run leaves the previous output");
    }

    @Test
    void refusesToOverwriteItsInputAndHasHelp(@TempDir Path tmp) throws IOException {
        Path in = write(tmp.resolve("t.jsonl"), "{\"trace\": \"x\"}\n");
        CliTest.Run same = CliTest.cli("analyze", "--traces", in.toString(), "--out", in.toString());
        assertEquals(1, same.code());
        assertTrue(same.err().contains("is the same file as --traces"), same.err());
        CliTest.Run missing = CliTest.cli("analyze", "--traces", tmp.resolve("none.jsonl").toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());
        CliTest.Run help = CliTest.cli("analyze", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Usage: reasonbridge analyze"), help.out());
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) out.add(JSON.readTree(line));
        return out;
    }
}
