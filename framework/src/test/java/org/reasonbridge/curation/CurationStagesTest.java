package org.reasonbridge.curation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.curation.filter.DifficultyFilter;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.grading.HumanEvalGrader;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.lm.LmReply;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.teacher.LmTeacher;
import org.reasonbridge.teacher.TeacherRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the stages make of particular traces, through the Java API: trace length without level tags, the summary's
 * pool count, domains with titles, the full ablation, and programming problems checked by their tests. The teacher
 * is a scripted in-process model behind the real {@link LmTeacher} (these tests are about the stages, not the wire;
 * {@code cli.CurateCommandTest} runs the wire); the solver is the tiny random model, which fails everything.
 */
class CurationStagesTest {
    @TempDir
    static Path shared;
    static Model solver;

    @BeforeAll
    static void solver() {
        Path dir = shared.resolve("solver");
        RandomCheckpoint.write(dir, ModelPreset.TINY.config(ModelFamily.QWEN2), 9, DType.F32);
        solver = Model.load(dir);
    }

    @AfterAll
    static void close() {
        solver.close();
    }

    /** A teacher whose reply to problem n is {@code reply.apply(n)}: the problem number is read from the question. */
    private static LmTeacher teacher(IntFunction<String> reply) {
        LanguageModel scripted = r -> {
            int n = Integer.parseInt(r.userText().replaceAll("(?s).*?number (\\d+).*", "$1"));
            return new LmReply(null, reply.apply(n), null, "stop", null, null, 1);
        };
        return new LmTeacher(scripted, 4096);
    }

    private static final String[] WORDS = ("apple river stone cloud maple tiger violin copper lantern meadow harbor pepper "
            + "orchid falcon marble canyon ribbon walnut glacier saddle").split(" ");

    /** A few words of its own for problem {@code i}, so that no two problems are near duplicates. */
    private static String words(int i) {
        java.util.Random r = new java.util.Random(i);
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 10; k++) sb.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
        return sb.toString().strip() + ".";
    }

    private static Path pool(Path dir, int n, String fields, IntFunction<Map<String, String>> record, String... extraLines) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= n; i++) lines.add(JsonLines.JSON.writeValueAsString(record.apply(i)));
        lines.addAll(List.of(extraLines));
        Files.write(dir.resolve("pool.jsonl"), lines);
        Path manifest = dir.resolve("pool.json");
        Files.writeString(manifest, "{\"source\": \"toy\", \"description\": \"test pool\", \"origin\": null, \"files\": [\"pool.jsonl\"],"
                + " \"format\": null, \"fields\": " + fields + ", \"filters\": null}");
        return manifest;
    }

    private static CurationInputs.Builder inputs(Path manifest, LmTeacher teacher) {
        return CurationInputs.builder().pools(manifest).teacher(teacher)
                .teacherOptions(new TeacherRun.Options(1, 0, 1, TeacherRun.Options.defaults().retry(), 0))
                .difficulty(DifficultyFilter.of(TestTimePolicy.named(TestTimePolicy.NONE).local(solver)).withMaxTokens(4));
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) out.add(JsonLines.JSON.readTree(l));
        return out;
    }

    /**
     * Tagged traces are shorter than the untagged ones but longer with their tags counted as words: the sampler, which
     * prefers longer traces, must not prefer them for their markup.
     */
    @Test
    void traceLengthLeavesOutLevelTags(@TempDir Path tmp) throws Exception {
        Path manifest = pool(tmp, 40, "{\"id\": \"uid\", \"problem\": \"q\", \"answer\": \"a\", \"solution\": null, \"metadata\": []}",
                i -> Map.of("uid", "p" + i, "q", "(Fake) " + words(i) + " Find the remainder when problem number " + i + " is divided by 7.",
                        "a", String.valueOf(i % 7)),
                "{not json");
        LmTeacher teacher = teacher(n -> {
            String thinking = n % 2 == 0
                    ? "<strategic>\nDivide by seven.\n</strategic>\n<operational>\n" + "Seven goes in. ".repeat(8) + "\n</operational>\n"
                    + "<operational>\nThe remainder follows.\n</operational>"
                    : "Divide by seven. " + "Seven goes in. ".repeat(9) + "The remainder follows at last.";
            return "<think>\n" + thinking + "\n</think>\n\nSo the remainder is $\\boxed{" + n % 7 + "}$.";
        });
        CurationResult r = CurationPipeline.run(inputs(manifest, teacher).size(10).seed(5).build(), tmp.resolve("out"));
        assertEquals(10, r.selected().size());
        long tagged = r.selected().stream().filter(c -> c.levels().source() == LevelLabels.Source.TEACHER_TAGS).count();
        assertEquals(0, tagged, "the untagged traces are longer without the tags: " + r.selected().stream().map(Curated::id).toList());

        // the pool count includes the line that could not be read; each step's drops are counted
        List<String> summary = Files.readAllLines(tmp.resolve("out/summary.csv"));
        assertTrue(summary.contains("pool,41,40,1") && summary.contains("pool/read,41,40,1"), summary.toString());
        // domains with their titles
        assertEquals(List.of("domain,title,selected", "11,Number theory,10"), Files.readAllLines(tmp.resolve("out/domains.csv")));
        // the full ablation: every traced problem, in the training format
        assertEquals(40, Files.readAllLines(tmp.resolve("out/ablation-full.jsonl")).size());
    }

    private static final String CODE_FIELDS = "{\"id\": \"uid\", \"problem\": \"q\", \"answer\": null, \"solution\": null, "
            + "\"metadata\": [], \"test\": \"t\", \"entry_point\": \"f\"}";

    private static Map<String, String> codeProblem(int i) {
        return Map.of("uid", "c" + i, "q", "(Fake) " + words(i) + " Programming problem number " + i + ": write add(a, b), returning a + b.",
                "t", "def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(-4, 4) == 0\n", "f", "add");
    }

    /**
     * Programming problems without an answer: checked by the pool's tests when code may run (right code kept, wrong
     * code dropped by quality), else dropped before the teacher is asked, and a pool of nothing else refused.
     */
    @Test
    void programmingProblemsAreCheckedByTheirTests(@TempDir Path tmp) throws Exception {
        Path manifest = pool(tmp, 6, CODE_FIELDS, CurationStagesTest::codeProblem);
        List<Integer> asked = java.util.Collections.synchronizedList(new ArrayList<>());
        LmTeacher teacher = teacher(n -> {
            asked.add(n);
            String body = n % 2 == 0 ? "return a + b" : "return a - b";
            return "<think>\nAdd the two arguments.\n</think>\n\n```python\ndef add(a, b):\n    " + body + "\n```";
        });
        CurationException refused = assertThrows(CurationException.class,
                () -> CurationPipeline.run(inputs(manifest, teacher).size(4).build(), tmp.resolve("no-code")));
        assertTrue(refused.getMessage().contains("--allow-code-execution"), refused.getMessage());
        assertTrue(asked.isEmpty(), "nothing asked: " + asked);

        CurationResult r = CurationPipeline.run(inputs(manifest, teacher).size(4).runTests(new HumanEvalGrader(true)).build(),
                tmp.resolve("out"));
        assertEquals(List.of("toy:c2", "toy:c4", "toy:c6"), r.selected().stream().map(Curated::id).sorted().toList());
        for (JsonNode d : lines(tmp.resolve("out/quality.jsonl"))) {
            boolean even = Integer.parseInt(d.get("id").asText().replace("toy:c", "")) % 2 == 0;
            assertEquals(even ? "kept" : "wrong-answer", d.get("reason").asText(), d.toString());
            if (!even) assertTrue(d.at("/details/findings/wrong-answer").asText().contains("fails the tests"), d.toString());
        }
    }
}
