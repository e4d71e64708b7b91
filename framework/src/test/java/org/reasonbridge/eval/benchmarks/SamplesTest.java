package org.reasonbridge.eval.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.eval.Fewshot;
import org.reasonbridge.data.Problem;
import org.reasonbridge.grading.Grader;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The project's own fake samples (datasets/samples), one per format, through {@link Benchmarks#load}. */
class SamplesTest {
    static final Path SAMPLES = Path.of(System.getProperty("reasonbridge.root", "."), "datasets", "samples");

    static Benchmark load(String name, String file) {
        return Benchmarks.load(name, SAMPLES.resolve(file));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            // name      | file                     | n | grader | first id (a pattern: ids without a source id come from content) | answers
            "math500     | math500.jsonl            | 3 | MATH  | fake/prealgebra/1.json  | 5;\\frac{3}{4};3",
            "aime2024    | aime2024.jsonl           | 3 | MATH  | fake-2024-I-1           | 025;77;100",
            "gpqa-diamond| gpqa-diamond.csv         | 3 | MC    | recFake0001             | ",
            "gsm8k       | gsm8k.jsonl              | 3 | MATH  | gsm8k-[0-9a-f]{16}      | 5;2234;6",
            "mmlu-stem   | mmlu-stem.jsonl          | 3 | MC    | elementary_mathematics-[0-9a-f]{16}| B;C;C",
            "mmlu-stem   | mmlu/test/elementary_mathematics_test.csv | 2 | MC | elementary_mathematics-[0-9a-f]{16}| B;B",
            "mmlu-stem   | mmlu/test                | 2 | MC    | elementary_mathematics-[0-9a-f]{16}| B;B",
            "bbh         | bbh/fake_arithmetic.json | 2 | EXACT | fake_arithmetic-[0-9a-f]{16}| False;5",
            "bbh         | bbh                      | 4 | EXACT | fake_arithmetic-[0-9a-f]{16}| False;5;apple pear;ant",
            "logiqa      | logiqa.txt               | 2 | MC    | logiqa-[0-9a-f]{16}     | B;A",
            "logiqa      | logiqa.jsonl             | 2 | MC    | logiqa-[0-9a-f]{16}     | A;C",
            "humaneval   | humaneval.jsonl          | 2 | CODE  | Fake/0                  | ",
    })
    void eachSampleLoads(String name, String file, int n, Grader grader, String firstId, String answers) {
        Benchmark b = load(name, file);
        assertEquals(name, b.name());
        assertEquals(n, b.problems().size());
        assertEquals(grader, b.grader());
        assertTrue(b.problems().get(0).id().matches(firstId), b.problems().get(0).id() + " ~ " + firstId);
        for (Problem p : b.problems()) assertTrue(p.question().contains("FAKE SAMPLE"), p.question());
        if (answers != null) {
            List<String> expected = List.of(answers.split(";"));
            assertEquals(expected, b.problems().stream().map(Problem::answer).toList());
        }
        for (Problem p : b.problems()) {
            if (grader == Grader.MC) assertEquals(p.choices().size(), 4, p.id());
            if (grader == Grader.MC) assertTrue(p.answer().matches("[A-D]"), p.answer());
        }
    }

    @Test
    void fieldsLandInMetadata() {
        Problem math = load("math500", "math500.jsonl").problems().get(0);
        assertEquals("Prealgebra", math.metadata().get("subject"));
        assertEquals("1", math.metadata().get("level"));
        assertTrue(math.metadata().get("solution").contains("\\boxed{5}"));
        Problem gsm = load("gsm8k", "gsm8k.jsonl").problems().get(1);
        assertTrue(gsm.metadata().get("solution").endsWith("#### 2,234"));
        Problem aime = load("aime2024", "aime2024.jsonl").problems().get(1);
        assertEquals("fake-2024-II-2", aime.id());
        assertEquals("$7 \\cdot 11 = 77$.", aime.metadata().get("Solution"));
        Problem code = load("humaneval", "humaneval.jsonl").problems().get(0);
        assertEquals("add", code.metadata().get("entry_point"));
        assertTrue(code.metadata().get("test").startsWith("def check(candidate)"));
        assertTrue(code.metadata().get("prompt").startsWith("def add("));
        assertEquals(code.answer(), code.metadata().get("canonical_solution"));
        assertEquals("fake_arithmetic", load("bbh", "bbh").problems().get(1).metadata().get("task"));
        assertEquals("fake_words", load("bbh", "bbh").problems().get(2).metadata().get("task"), "task files in name order");
        Problem logic = load("logiqa", "logiqa.txt").problems().get(1);
        assertEquals("FAKE SAMPLE: If it rains, the grass is wet.\nIt rained this morning.\n\nWhich of the following follows?",
                logic.question());
        assertEquals(List.of("The grass is wet.", "The grass is dry.", "It did not rain.", "The sun shone."), logic.choices());
        assertEquals("7", load("logiqa", "logiqa.jsonl").problems().get(1).id());
        assertEquals(List.of("4", "5", "6", "7"), load("mmlu-stem", "mmlu-stem.jsonl").problems().get(0).choices());
    }

    /** The correct option sits at the answer's letter, the record says how it got there, and reloading changes nothing. */
    @Test
    void gpqaShuffleIsRecordedAndDeterministic() {
        List<String> correct = List.of("5", "Blue", "4");
        Benchmark b = load("gpqa-diamond", "gpqa-diamond.csv");
        for (int i = 0; i < 3; i++) {
            Problem p = b.problems().get(i);
            assertEquals(correct.get(i), p.choices().get(p.answer().charAt(0) - 'A'), p.id());
            long seed = GpqaLoader.seed(GpqaLoader.DEFAULT_SEED, p.id());
            assertEquals(Long.toString(seed), p.metadata().get("shuffle_seed"));
            int[] perm = GpqaLoader.permutation(seed);
            assertEquals(perm[0] + "," + perm[1] + "," + perm[2] + "," + perm[3], p.metadata().get("permutation"));
            assertEquals("Fake", p.metadata().get("High-level domain"));
        }
        assertEquals("FAKE SAMPLE: Which colour is the sky on a clear day?\n(One word.)", b.problems().get(1).question());
        assertEquals("Two plus three is five, not \"23\".", b.problems().get(0).metadata().get("Explanation"));
        assertEquals(b, load("gpqa-diamond", "gpqa-diamond.csv"));
        // Golden values: a change of the seed derivation or the shuffle would silently re-letter every question.
        assertEquals(List.of("C", "D", "C"), b.problems().stream().map(Problem::answer).toList());
        assertEquals("5166838466438617673", b.problems().get(0).metadata().get("shuffle_seed"));
        Benchmark other = GpqaLoader.load(SAMPLES.resolve("gpqa-diamond.csv"), 1);
        assertNotEquals(b.problems().stream().map(p -> p.metadata().get("shuffle_seed")).toList(),
                other.problems().stream().map(p -> p.metadata().get("shuffle_seed")).toList());
    }

    /** The reference solution's own final answer (boxed, or after ####) grades right against the answer field. */
    @ParameterizedTest
    @CsvSource({"math500, math500.jsonl", "gsm8k, gsm8k.jsonl"})
    void referenceSolutionsGradeAsRight(String name, String file) {
        for (Problem p : load(name, file).problems()) {
            assertTrue(Grader.MATH.grade(p.metadata().get("solution"), p.answer(), p.choices()), p.id());
        }
    }

    /** The harness's few-shot setups read from each distribution's own files (BBH's cot-prompts, MMLU's dev split). */
    @Test
    void fewshotComesFromTheDistribution() {
        Benchmark bbh = load("bbh", "bbh");
        Fewshot.Context c = bbh.fewshot().context(bbh.problems().get(0));
        assertEquals("Answer made-up arithmetic questions.\n\n", c.description());
        assertEquals(2, c.shots().size());
        assertTrue(c.shots().get(0).text().startsWith("Q: FAKE SAMPLE: Is 1 + 1 equal to 3?\nA: Let's think step by step.\n"));
        assertEquals("Answer made-up questions about words.\n\n", bbh.fewshot().context(bbh.problems().get(2)).description(),
                "each task its own prompt");
        assertEquals(bbh, load("bbh", "bbh"), "a value: two loads are equal");
        Benchmark mmlu = load("mmlu-stem", "mmlu/test");
        Fewshot.Context m = mmlu.fewshot().context(mmlu.problems().get(0));
        assertEquals("The following are multiple choice questions (with answers) about elementary mathematics.\n\n", m.description());
        assertEquals("FAKE SAMPLE: What is 1+1?\nA. 1\nB. 2\nC. 3\nD. 4\nAnswer: B", m.shots().get(0).text());
        assertEquals(8, load("gsm8k", "gsm8k.jsonl").fewshot().context(mmlu.problems().get(0)).shots().size());
        assertEquals(Fewshot.NONE, load("math500", "math500.jsonl").fewshot());
    }

    /** Only lm-evaluation-harness's 19 STEM subjects are kept; a file without any is refused, naming what it holds. */
    @Test
    void mmluStemKeepsTheHarnessSubjects(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        assertEquals(19, MmluLoader.STEM_SUBJECTS.size());
        assertTrue(load("mmlu-stem", "mmlu/test").problems().stream().allMatch(p -> p.metadata().get("subject").equals("elementary_mathematics")));
        Path history = java.nio.file.Files.copy(SAMPLES.resolve("mmlu/test/fake_history_test.csv"), dir.resolve("fake_history_test.csv"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Benchmarks.load("mmlu-stem", history))
                .getMessage().contains("no MMLU-STEM subject in it (found: [fake_history]"));
    }

    /** Ids name a problem by its content: the same rows in another order keep their ids. */
    @ParameterizedTest
    @CsvSource({"gsm8k, gsm8k.jsonl", "mmlu-stem, mmlu-stem.jsonl", "logiqa, logiqa.jsonl"})
    void idsDoNotDependOnPosition(String name, String file, @org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        List<String> lines = new java.util.ArrayList<>(java.nio.file.Files.readAllLines(SAMPLES.resolve(file)));
        lines.removeIf(String::isBlank);
        java.util.Collections.reverse(lines);
        Path reversed = java.nio.file.Files.write(dir.resolve(file), lines);
        java.util.Map<String, String> before = new java.util.HashMap<>(), after = new java.util.HashMap<>();
        load(name, file).problems().forEach(p -> before.put(p.question(), p.id()));
        Benchmarks.load(name, reversed).problems().forEach(p -> after.put(p.question(), p.id()));
        assertEquals(before, after);
    }

    @Test
    void registryNamesAndUnknownName() {
        assertEquals(List.of("math500", "aime2024", "gpqa-diamond", "gsm8k", "mmlu-stem", "bbh", "logiqa", "humaneval"),
                Benchmarks.names());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Benchmarks.load("mmlu", SAMPLES))
                .getMessage().contains("unknown benchmark 'mmlu'"));
    }
}
