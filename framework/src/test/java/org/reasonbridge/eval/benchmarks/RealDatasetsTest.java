package org.reasonbridge.eval.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.data.Problem;
import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.eval.ContentDigest;
import org.reasonbridge.grading.Grader;
import org.reasonbridge.model.Fixtures;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loaders on the real published files (testdata/datasets: byte-exact copies of MATH500, AIME 2024 and GSM8K):
 * the manifests' checksums are those files', every row loads, known items come out right, and every reference
 * answer (and the reference solution's own final answer) grades as right against itself.
 */
class RealDatasetsTest {
    static final Path MANIFESTS = Path.of(System.getProperty("reasonbridge.root", "."), "datasets");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"math500, math500/test.jsonl, 500", "aime2024, aime24/test.jsonl, 30", "gsm8k, gsm8k/test.jsonl, 1319"})
    void manifestChecksumIsTheFilesAndEveryRowLoads(String name, String file, int rows) {
        Path f = Fixtures.file("datasets/" + file);
        DatasetManifest m = DatasetManifest.named(MANIFESTS, name);
        assertTrue(m.verified(), name + " has a checked sha256");
        assertEquals(m.files().get(0).sha256(), ContentDigest.sha256(f));
        assertEquals(rows, m.rows());
        Benchmark b = Benchmarks.load(name, f);
        assertEquals(rows, b.problems().size());
        Set<String> ids = new HashSet<>();
        for (Problem p : b.problems()) {
            assertTrue(ids.add(p.id()), "unique id " + p.id());
            assertTrue(Grader.MATH.grade(p.answer(), p.answer(), List.of()), name + " " + p.id() + ": '" + p.answer() + "' grades as itself");
        }
    }

    @Test
    void math500KnownItems() {
        Benchmark b = Benchmarks.load("math500", Fixtures.file("datasets/math500/test.jsonl"));
        Problem first = b.problems().get(0);
        assertEquals("test/precalculus/807.json", first.id());
        assertEquals("\\left( 3, \\frac{\\pi}{2} \\right)", first.answer());
        assertEquals("Precalculus", first.metadata().get("subject"));
        assertEquals("2", first.metadata().get("level"));
        assertEquals("test/geometry/615.json", b.problems().get(499).id());
        assertEquals(7, b.problems().stream().map(p -> p.metadata().get("subject")).distinct().count());
        // the reference solution's last \boxed{} grades right against the answer field, as a model's would
        long agree = b.problems().stream().filter(p -> Grader.MATH.grade(p.metadata().get("solution"), p.answer(), List.of())).count();
        assertTrue(agree >= 495, agree + " of 500 solutions grade right against their answer");
    }

    @Test
    void aimeKnownItemsAndZeroPaddedAnswers() {
        Benchmark b = Benchmarks.load("aime2024", Fixtures.file("datasets/aime24/test.jsonl"));
        assertEquals("60", b.problems().get(0).id());
        assertEquals("204", b.problems().get(0).answer());
        assertEquals("89", b.problems().get(29).id());
        assertEquals("902", b.problems().get(29).answer());
        List<String> padded = b.problems().stream().map(Problem::answer).filter(a -> a.startsWith("0")).toList();
        assertEquals(List.of("025", "073", "023", "045", "033", "080", "055"), padded);
        for (String a : padded) assertTrue(Grader.MATH.grade("\\boxed{" + Integer.parseInt(a) + "}", a, List.of()), a);
    }

    @Test
    void gsm8kKnownItemsThousandsAndSolutions() {
        Path f = Fixtures.file("datasets/gsm8k/test.jsonl");
        Benchmark b = Benchmarks.load("gsm8k", f);
        Problem first = b.problems().get(0);
        assertTrue(first.question().startsWith("Janet’s ducks lay 16 eggs per day."), first.question());
        assertEquals("18", first.answer());
        assertTrue(first.id().matches("gsm8k-[0-9a-f]{16}"), first.id());
        assertEquals("14", b.problems().get(1318).answer());
        // "#### 2,125" is 2125: thousands separators go
        List<JsonLines.Row> rows = JsonLines.objects(f);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode o = rows.get(i).object();
            String raw = o.get("answer").asText();
            String tail = raw.substring(raw.lastIndexOf("####") + 4).strip();
            assertEquals(tail.replace(",", ""), b.problems().get(i).answer(), "line " + (i + 1));
            assertTrue(Grader.MATH.grade(b.problems().get(i).metadata().get("solution"), b.problems().get(i).answer(), List.of()),
                    "line " + (i + 1) + ": the worked solution's '#### N' grades right");
        }
        assertTrue(b.problems().stream().anyMatch(p -> p.answer().equals("2125")));
    }
}
