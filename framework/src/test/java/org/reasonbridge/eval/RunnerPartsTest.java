package org.reasonbridge.eval;

import org.reasonbridge.lm.LmRequest;
import org.reasonbridge.lm.LmReply;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.data.Problem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.grading.Grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner's small parts: prompt formats, the JSONL benchmark format, the samples log's torn-line repair. */
class RunnerPartsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "MATH  | \\boxed{}",
            "MC    | B. 4",
            "EXACT | The answer is X",
    })
    void promptFormats(Grader grader, String expected) {
        Benchmark b = new Benchmark("b", grader, List.of(new Problem("1", "What is 2+2?", "B", List.of("3", "4"), Map.of())));
        assertTrue(PromptFormat.of(b).render(b.problems().get(0)).contains(expected));
        Benchmark code = new Benchmark("h", grader, List.of(new Problem("1", "def f():\n", "", List.of(),
                Map.of("test", "t", "entry_point", "f"))));
        assertEquals(PromptFormat.CODE, PromptFormat.of(code));
        assertTrue(PromptFormat.CODE.render(code.problems().get(0)).contains("```python\ndef f():\n```"));
    }

    @ParameterizedTest(name = "line 2: {0}")
    @CsvSource(delimiter = '|', value = {
            "{\"id\": \"b\", \"answer\": \"1\"}                      | missing or non-text \"question\"",
            "{\"id\": \"b\", \"question\": \"x\"}                    | missing or non-text \"answer\"",
            "{\"id\": \"b\", \"question\": \"x\", \"answer\": [1]}   | missing or non-text \"answer\"",
            "{\"id\": \"b\", \"question\": \"x\", \"answer\": \"1\", \"choices\": \"A\"} | must be an array",
            "{not json                                              | bench.jsonl:2",
            "[1, 2]                                                 | not a JSON object",
    })
    void malformedJsonlNamesFileAndLine(String line2, String expected, @TempDir Path dir) throws IOException {
        Path f = dir.resolve("bench.jsonl");
        Files.writeString(f, "{\"id\": \"a\", \"question\": \"x\", \"answer\": \"1\"}\n" + line2 + "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JsonlBenchmark().load("jsonl", f));
        assertTrue(e.getMessage().startsWith(f + ":2: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void jsonlReadsChoicesAndMetadata(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("mc.jsonl");
        Files.writeString(f, "{\"id\": \"a\", \"question\": \"x\", \"answer\": \"B\", \"choices\": [\"p\", \"q\"], \"subject\": \"s\", \"level\": 3}\n\n");
        Benchmark b = new JsonlBenchmark().load("mc", f);
        assertEquals(Grader.MC, b.grader());
        assertEquals(new Problem("a", "x", "B", List.of("p", "q"), Map.of("subject", "s", "level", "3")), b.problems().get(0));
    }

    @Test
    void tornLastLineIsDroppedAndCutOff(@TempDir Path dir) throws IOException {
        Path log = dir.resolve(EvaluationRun.SAMPLES);
        Sample a = new Sample("a", "p", "c", null, "1", "1", true, 3, 4, 0.5, 1, null, null);
        Sample a2 = new Sample("a", "p", "", null, null, "1", false, null, null, 0.1, 5, null, "after 5 attempt(s): HTTP 503");
        try (SampleLog w = SampleLog.append(log)) {
            w.write(a2);
            w.write(a);
        }
        Files.writeString(log, Files.readString(log) + "{\"id\":\"b\",\"comp");
        assertEquals(Map.of("a", a), SampleLog.read(log), "the last line of an id wins; the torn line is ignored");
        assertTrue(Files.readString(log).endsWith("}\n"), "the torn line is cut so appends start a fresh line");
        assertEquals(a, SampleLog.fromJson(SampleLog.toJson(a)));
        assertEquals(a2, SampleLog.fromJson(SampleLog.toJson(a2)));
    }

    @Test
    void humanEvalThroughTheRunner(@TempDir Path out) {
        Map<String, String> meta = Map.of("test", "def check(c):\n    assert c(2) == 4\n", "entry_point", "sq");
        Benchmark he = new Benchmark("humaneval", Grader.EXACT, List.of(
                new Problem("HumanEval/0", "def sq(x):\n    \"\"\"Square.\"\"\"\n", "    return x * x\n", List.of(), meta),
                new Problem("HumanEval/1", "def sq(x):\n    \"\"\"Square, again.\"\"\"\n", "    return x * x\n", List.of(), meta)));
        LanguageModel fixed = new LanguageModel() {
            public LmReply answer(LmRequest r) {
                String code = r.aboutWhat().contains("again") ? "def sq(x):\n    return x + x + 1" : "def sq(x):\n    return x ** 2";
                return new LmReply(r.userText(), "<think>\nok\n</think>\n```python\n" + code + "\n```", null, null, null, null, 1);
            }

            public boolean concurrent() {
                return true;
            }

            public Map<String, Object> describe() {
                return Map.of("kind", "fixed");
            }
        };
        EvaluationResult r = EvaluationRun.run(he, fixed, EvalOptions.defaults().withCodeExecution(true), out);
        assertEquals(new EvaluationResult.Metrics(2, 1, 0), r.metrics());
        assertEquals(List.of("PASSED", "FAILED"), r.sampleList().stream().map(Sample::execution).toList());
        assertEquals("def sq(x):\n    return x ** 2\n", r.sampleList().get(0).extracted());
    }
}
