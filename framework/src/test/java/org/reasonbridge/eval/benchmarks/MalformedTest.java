package org.reasonbridge.eval.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reasonbridge.data.DataFileException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every refusal names the file and the line, and says what is wrong. */
class MalformedTest {
    static final String MATH = "{\"problem\": \"p\", \"solution\": \"s\", \"answer\": \"1\", \"subject\": \"A\", \"level\": 1, \"unique_id\": \"u1\"}\n";
    static final String GPQA_HEADER = "Question,Correct Answer,Incorrect Answer 1,Incorrect Answer 2,Incorrect Answer 3,Record ID\n";
    static final String MMLU = "{\"question\": \"q\", \"subject\": \"s\", \"choices\": [\"a\", \"b\"], \"answer\": 0}\n";
    static final String EVAL = "{\"task_id\": \"t/0\", \"prompt\": \"p\", \"canonical_solution\": \"c\", \"test\": \"t\", \"entry_point\": \"f\"}\n";
    static final String LOGIQA = "\nb\ncontext\nquestion\nA.one\nB.two\nC.three\nD.four\n";

    static Stream<org.junit.jupiter.params.provider.Arguments> cases() {
        return Stream.of(
                // benchmark, file name, content, line, message fragment
                arguments("math500", "m.jsonl", MATH + "{\"problem\": \"p\", \"answer\": \"1\", \"unique_id\": \"u2\", \"subject\": \"A\", \"level\": 1}\n", 2, "missing field 'solution'"),
                arguments("math500", "m.jsonl", MATH + "{\"problem\": \"p\"\n", 2, "malformed JSON"),
                arguments("math500", "m.jsonl", MATH + "\n" + MATH, 3, "duplicate id 'u1'"),
                arguments("math500", "m.jsonl", MATH + "[1]\n", 2, "not a JSON object"),
                arguments("math500", "m.jsonl", MATH.replace("\"1\"", "\" \""), 1, "empty field 'answer'"),
                arguments("aime2024", "a.jsonl", "{\"id\": 1, \"problem\": \"p\"}\n", 1, "missing field 'answer' (or 'Answer')"),
                arguments("aime2024", "a.jsonl", "{\"id\": 1, \"Problem\": [\"p\"], \"Answer\": 3}\n", 1, "field 'Problem' must be a string"),
                arguments("aime2024", "a.parquet", "PAR1", 0, "not a readable Parquet file"),
                arguments("gpqa-diamond", "g.csv", "Question,Correct Answer,Wrong 1\nq,a,b\n", 1, "wrong CSV header: missing [Incorrect Answer 1"),
                arguments("gpqa-diamond", "g.csv", GPQA_HEADER + "q,a,b,c,d,r1\nq,a,b,c\n", 3, "has 4 cells, the header has 6"),
                arguments("gpqa-diamond", "g.csv", GPQA_HEADER + "q,a,b,c,d,r1\n\"q\nstill q,a,b,c,d,r2\n", 3, "quoted field never closed"),
                arguments("gpqa-diamond", "g.csv", GPQA_HEADER + "\"q\"x,a,b,c,d,r1\n", 2, "text after a closing quote"),
                arguments("gpqa-diamond", "g.csv", GPQA_HEADER + "q,a,b, ,d,r1\n", 2, "empty field 'Incorrect Answer 2'"),
                arguments("gpqa-diamond", "g.csv", GPQA_HEADER + "q,a,b,c,d,r1\nq2,a,b,c,d,r1\n", 3, "duplicate Record ID 'r1'"),
                arguments("gpqa-diamond", "g.csv", GPQA_HEADER, 1, "no problems after the header"),
                arguments("gsm8k", "g.jsonl", "{\"question\": \"q\", \"answer\": \"5\"}\n", 1, "no final '#### N'"),
                arguments("gsm8k", "g.jsonl", "{\"question\": \"q\", \"answer\": \"x ####  \"}\n", 1, "nothing after '####'"),
                arguments("gsm8k", "g.jsonl", "{\"answer\": \"#### 5\"}\n", 1, "missing field 'question'"),
                arguments("mmlu-stem", "m.jsonl", MMLU + MMLU.replace("0}", "2}"), 2, "answer 2 is out of range for 2 choices"),
                arguments("mmlu-stem", "m.jsonl", MMLU.replace("[\"a\", \"b\"]", "\"a b\""), 1, "field 'choices' must be a list of strings"),
                arguments("mmlu-stem", "m.jsonl", MMLU.replace("0}", "\"one\"}"), 1, "must be a choice index or letter"),
                arguments("mmlu-stem", "x_test.csv", "q,a,b,c,d,A\nq,a,b,c,B\n", 2, "expected 6 cells"),
                arguments("mmlu-stem", "x_test.csv", "q,a,b,c,d,A\nq,a,b,c,d,E\n", 2, "answer must be a letter A..D, not 'E'"),
                arguments("bbh", "task.json", "{\"examples\": [\n {\"input\": \"i\", \"target\": \"t\"},\n {\"input\": \"i\"}\n]}\n", 3, "missing field 'target'"),
                arguments("bbh", "task.json", "{\"examples\": [\n {\"input\": \"i\", \"target\": \"t\"},\n", 3, "malformed JSON"),
                arguments("bbh", "task.json", "{\"inputs\": []}\n", 1, "missing field 'examples'"),
                arguments("bbh", "task.json", "{\"examples\": []}\n", 1, "no examples"),
                arguments("logiqa", "l.txt", LOGIQA + "\ne\ncontext\nquestion\nA.1\nB.2\nC.3\nD.4\n", 10, "starts with the correct letter a..d, not 'e'"),
                arguments("logiqa", "l.txt", LOGIQA + "\nc\ncontext\nquestion\nA.1\nB.2\nD.3\nD.4\n", 15, "expected option C. but found 'D.3'"),
                arguments("logiqa", "l.txt", LOGIQA + "\nc\nquestion\nA.1\nB.2\nC.3\nD.4\n", 10, "found 6 lines"),
                arguments("logiqa", "l.jsonl", "{\"context\": \"c\", \"query\": \"q\", \"options\": [\"1\", \"2\", \"3\"], \"correct_option\": 0}\n", 1, "must hold 4 options"),
                arguments("logiqa", "l.jsonl", "{\"context\": \"c\", \"query\": \"q\", \"options\": [\"1\", \"2\", \"3\", \"4\"], \"correct_option\": 4}\n", 1, "index 0..3 or a letter"),
                arguments("humaneval", "h.jsonl", EVAL + EVAL.replace("\"test\": \"t\", ", "").replace("t/0", "t/1"), 2, "missing field 'test'"),
                arguments("humaneval", "h.jsonl", EVAL + EVAL, 2, "duplicate id 't/0'"),
                arguments("humaneval", "h.jsonl", "\n\n", 0, "no problems"));
    }

    @ParameterizedTest(name = "{0}: {4}")
    @MethodSource("cases")
    void refusedWithFileAndLine(String name, String fileName, String content, long line, String fragment, @TempDir Path dir)
            throws IOException {
        Path f = Files.writeString(dir.resolve(fileName), content);
        DataFileException e = assertThrows(DataFileException.class, () -> Benchmarks.load(name, f));
        assertTrue(e.getMessage().startsWith(f + ":" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertEquals(line, e.line());
    }

    /** A file in another encoding (here Latin-1) is refused on the line of the first bad byte, for every format. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({"math500, m.jsonl", "gpqa-diamond, g.csv", "bbh, b.json", "logiqa, l.txt"})
    void wrongEncoding(String name, String fileName, @TempDir Path dir) throws IOException {
        Path f = Files.write(dir.resolve(fileName), "first line\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        DataFileException e = assertThrows(DataFileException.class, () -> Benchmarks.load(name, f));
        assertTrue(e.getMessage().startsWith(f + ":2: not valid UTF-8"), e.getMessage());
    }

    @Test
    void gzippedJsonLinesAreRead(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("HumanEval.jsonl.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(EVAL.getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("t/0", Benchmarks.load("humaneval", f).problems().get(0).id());
    }
}
