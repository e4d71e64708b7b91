package org.reasonbridge.curation.pool;

import org.reasonbridge.curation.audit.Decision;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.data.DataFileException;
import org.reasonbridge.data.Problem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolReaderTest {
    private static final PoolManifest.Fields FIELDS = new PoolManifest.Fields("uid", "q", "a", "sol", List.of("topic"));

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private PoolResult read(PoolReader.Mode mode, Path... files) {
        return PoolReader.read(PoolManifest.of("toy", List.of(files), FIELDS), dir, mode);
    }

    private void parquet(Path f, String select) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (" + select + ") TO '" + f.toString().replace("'", "''") + "' (FORMAT PARQUET)");
        }
    }

    /** The same two records in each format map to the same problems with their provenance. */
    @ParameterizedTest
    @CsvSource({"jsonl", "csv", "parquet"})
    void eachFormatMapsFieldsAndProvenance(String format) throws Exception {
        Path f = dir.resolve("pool." + format);
        switch (format) {
            case "jsonl" -> write("pool.jsonl", """
                    {"uid": "p1", "q": "What is 1+1?", "a": "2", "sol": "add", "topic": "arith", "junk": 1}
                    {"uid": "p2", "q": "What is 2+2?", "a": "4", "sol": "add", "topic": "arith"}
                    """);
            case "csv" -> write("pool.csv", "uid,q,a,sol,topic,junk\np1,What is 1+1?,2,add,arith,1\np2,What is 2+2?,4,add,arith,\n");
            default -> parquet(f, "SELECT * FROM (VALUES ('p1', 'What is 1+1?', '2', 'add', 'arith'), "
                    + "('p2', 'What is 2+2?', '4', 'add', 'arith')) t(uid, q, a, sol, topic)");
        }
        PoolResult r = read(PoolReader.Mode.STRICT, f);
        assertEquals(List.of(), r.decisions());
        assertEquals(2, r.kept().size());
        Problem p = r.kept().get(1);
        assertEquals("toy:p2", p.id());
        assertEquals("What is 2+2?", p.question());
        assertEquals("4", p.answer());
        assertEquals(Map.of("solution", "add", "topic", "arith", "source", "toy", "original_id", "p2",
                "file", f.toString(), "line", format.equals("csv") ? "3" : "2"), p.metadata());
    }

    /** Sources without an answer column (NuminaMath-CoT, s1) take the reference from the solution's last box. */
    @Test
    void answerFromTheSolutionsBox() throws Exception {
        Path f = write("boxed.jsonl", """
                {"q": "Sum?", "sol": "First \\\\boxed{1}, then 1+2 = \\\\boxed{\\\\frac{3}{1}}."}
                {"q": "No box?", "sol": "The answer is 7."}
                """);
        var fields = new PoolManifest.Fields(null, "q", null, "sol", List.of(), PoolManifest.Fields.SOLUTION_BOXED);
        PoolResult r = PoolReader.read(PoolManifest.of("boxed", List.of(f), fields), dir, PoolReader.Mode.STRICT);
        assertEquals(List.of("\\frac{3}{1}", ""), r.kept().stream().map(Problem::answer).toList());
        for (var shipped : List.of("numinamath-cot.json", "s1-59k.json")) {
            var m = PoolManifest.read(Path.of("../datasets/pools").resolve(shipped));
            assertEquals(PoolManifest.Fields.SOLUTION_BOXED, m.fields().answerFrom(), shipped);
        }
        var bad = assertThrows(IllegalArgumentException.class,
                () -> new PoolManifest.Fields(null, "q", "a", "sol", List.of(), PoolManifest.Fields.SOLUTION_BOXED));
        assertTrue(bad.getMessage().contains("not both"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PoolManifest.Fields(null, "q", null, "sol", List.of(), "boxed"));
    }

    @Test
    void sampleManifestReadsBothFilesAndFiltersEmptyAnswers() {
        PoolResult r = PoolReader.read(Path.of("../datasets/samples/pools/toy-olympiad.json"));
        assertEquals(List.of("toy-olympiad:toy-1", "toy-olympiad:toy-2", "toy-olympiad:toy-3", "toy-olympiad:csv-1", "toy-olympiad:csv-2"),
                r.kept().stream().map(Problem::id).toList());
        assertEquals("(Fake item) A \"frabjous\" triangle has sides 3, 4 and 5.\nWhat is its area?", r.kept().get(4).question());
        assertEquals("3", r.kept().get(4).metadata().get("line"));
        Decision d = r.decisions().get(0);
        assertEquals(List.of("toy-olympiad:toy-4", "read", false, "filter: empty answer"), List.of(d.problemId(), d.stage(), d.kept(), d.reason()));
    }

    /** Each malformed record: skipped with file:line and reason by default, refused in strict mode. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad JSON line       | 2 | malformed JSON",
            "missing field       | 2 | missing field 'a'",
            "wrong encoding      | 2 | not valid UTF-8",
            "not an object       | 2 | not a JSON object",
            "duplicate id        | 2 | duplicate id 'toy:p1'",
            "structured question | 2 | field 'q' must be text",
    })
    void malformedRecordsAreReportedWithFileAndLine(String kind, long line, String reason) throws Exception {
        String good = "{\"uid\": \"p1\", \"q\": \"Q one\", \"a\": \"1\", \"sol\": \"s\"}\n";
        String last = "{\"uid\": \"p3\", \"q\": \"Q three\", \"a\": \"3\", \"sol\": \"s\"}\n";
        byte[] bad = switch (kind.strip()) {
            case "bad JSON line" -> "{\"uid\": \"p2\", \"q\": \"Q two\",\n".getBytes(StandardCharsets.UTF_8);
            case "missing field" -> "{\"uid\": \"p2\", \"q\": \"Q two\", \"sol\": \"s\"}\n".getBytes(StandardCharsets.UTF_8);
            case "wrong encoding" -> "{\"uid\": \"p2\", \"q\": \"Q caf\u00e9\", \"a\": \"2\", \"sol\": \"s\"}\n".getBytes(StandardCharsets.ISO_8859_1);
            case "not an object" -> "[1, 2]\n".getBytes(StandardCharsets.UTF_8);
            case "duplicate id" -> good.getBytes(StandardCharsets.UTF_8);
            default -> "{\"uid\": \"p2\", \"q\": {\"x\": 1}, \"a\": \"2\", \"sol\": \"s\"}\n".getBytes(StandardCharsets.UTF_8);
        };
        Path f = dir.resolve("pool.jsonl");
        Files.write(f, concat(good.getBytes(StandardCharsets.UTF_8), bad, last.getBytes(StandardCharsets.UTF_8)));

        PoolResult r = read(PoolReader.Mode.SKIP_AND_REPORT, f);
        assertEquals(List.of("toy:p1", "toy:p3"), r.kept().stream().map(Problem::id).toList());
        assertEquals(1, r.decisions().size());
        Decision d = r.decisions().get(0);
        assertEquals(f + ":" + line, d.problemId());
        assertEquals("read", d.stage());
        assertTrue(d.reason().contains(reason), d.reason());
        assertEquals(Long.toString(line), d.details().get("line"));

        DataFileException e = assertThrows(DataFileException.class, () -> read(PoolReader.Mode.STRICT, f));
        assertEquals(line, e.line());
        assertEquals(f, e.file());
        assertTrue(e.getMessage().startsWith(f + ":" + line + ": "), e.getMessage());
    }

    @Test
    void csvWrongEncodingSkipsOnlyThatRecord() throws Exception {
        Path f = dir.resolve("pool.csv");
        Files.write(f, concat("uid,q,a,sol,topic\np1,Q one,1,s,t\n".getBytes(StandardCharsets.UTF_8),
                "p2,Q caf\u00e9,2,s,t\n".getBytes(StandardCharsets.ISO_8859_1),
                "p3,\"Q three,\nsecond line\",3,s,t\n".getBytes(StandardCharsets.UTF_8)));
        PoolResult r = read(PoolReader.Mode.SKIP_AND_REPORT, f);
        assertEquals(List.of("toy:p1", "toy:p3"), r.kept().stream().map(Problem::id).toList());
        assertEquals("4", r.kept().get(1).metadata().get("line"));
        assertEquals(f + ":3", r.decisions().get(0).problemId());
    }

    @Test
    void csvHeaderWithoutMappedColumnIsOneReportForTheFile() throws Exception {
        Path f = write("pool.csv", "uid,question,a,sol\np1,Q,1,s\n");
        PoolResult r = read(PoolReader.Mode.SKIP_AND_REPORT, f);
        assertEquals(List.of(), r.kept());
        assertTrue(r.decisions().get(0).reason().contains("no column 'q'"));
        assertThrows(DataFileException.class, () -> read(PoolReader.Mode.STRICT, f));
    }

    @Test
    void unreadableParquetIsReported() throws Exception {
        Path f = write("pool.parquet", "not parquet");
        PoolResult r = read(PoolReader.Mode.SKIP_AND_REPORT, f);
        assertEquals(f + ":0", r.decisions().get(0).problemId());
    }

    @Test
    void publicManifestsParse() {
        for (String name : List.of("numinamath-cot", "numinamath-1.5", "s1-59k")) {
            PoolManifest m = PoolManifest.read(Path.of("../datasets/pools/" + name + ".json"));
            assertTrue(m.origin().verified().length() > 20, name);
            assertEquals("parquet", m.formatOf(Path.of(m.files().get(0))));
        }
    }

    /**
     * Each shipped manifest, over files in its source's published columns (made here: the real downloads are not in
     * the repository), yields reference answers: from the answer column, or from the solution's last \\boxed{}.
     */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> shippedManifests() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("numinamath-cot", "SELECT 'olympiads' AS source, "
                        + "concat('Find 2+2. (row ', i, ')') AS problem, 'We add: $\\boxed{4}$.' AS solution, '[]' AS messages FROM range(2) t(i)"),
                org.junit.jupiter.params.provider.Arguments.of("numinamath-1.5", "SELECT concat('Find 2+2. (row ', i, ')') AS problem, "
                        + "'We add.' AS solution, '4' AS answer, 'Algebra' AS problem_type, 'math-word-problem' AS question_type, "
                        + "'Yes' AS problem_is_valid, 'Yes' AS solution_is_valid, 'olympiads' AS source, false AS synthetic FROM range(2) t(i)"),
                org.junit.jupiter.params.provider.Arguments.of("s1-59k", "SELECT 'So the sum is \\boxed{4}.' AS solution, "
                        + "concat('Find 2+2. (row ', i, ')') AS question, 'math' AS cot_type, 'AI-MO/NuminaMath-CoT/aops_forum' AS source_type, "
                        + "'{}' AS metadata FROM range(2) t(i)"));
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("shippedManifests")
    void shippedManifestsYieldReferenceAnswers(String name, String select) throws Exception {
        Path pools = Files.createDirectories(dir.resolve("pools"));
        Path manifest = pools.resolve(name + ".json");
        Files.copy(Path.of("../datasets/pools/" + name + ".json"), manifest);
        PoolManifest m = PoolManifest.read(manifest);
        // every listed file missing: refused, naming where the download goes
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> PoolReader.read(manifest));
        assertTrue(missing.getMessage().contains("no such file") && missing.getMessage().contains(m.origin().url()), missing.getMessage());
        for (String f : m.files()) {
            Path file = pools.resolve(f).normalize();
            Files.createDirectories(file.getParent());
            parquet(file, select);
        }
        PoolResult r = PoolReader.read(manifest);
        assertEquals(2 * m.files().size(), r.kept().size(), r.decisions().toString());
        for (Problem p : r.kept()) assertEquals("4", p.answer(), p.toString());
        assertTrue(m.fields().mapsAnAnswer(), name);
    }

    @Test
    void badManifestNamesTheProblem() throws Exception {
        Path f = write("m.json", "{\"source\": \"x\", \"files\": [\"a.jsonl\"], \"fields\": {\"problem\": \"q\"}, \"colour\": 1}");
        assertThrows(DataFileException.class, () -> PoolManifest.read(f));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
