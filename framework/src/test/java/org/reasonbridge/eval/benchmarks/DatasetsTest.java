package org.reasonbridge.eval.benchmarks;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.cli.CliRun;
import org.reasonbridge.data.DataFileException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The manifests of datasets/ and {@code datasets fetch} against a real HTTP server on 127.0.0.1. */
class DatasetsTest {
    static final Path MANIFESTS = Path.of(System.getProperty("reasonbridge.root", "."), "datasets");
    static final byte[] BODY = "{\"question\": \"FAKE: 1+1?\", \"answer\": \"2\\n#### 2\"}\n".getBytes(StandardCharsets.UTF_8);

    HttpServer server;
    String base;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/test.jsonl", x -> {
            x.sendResponseHeaders(200, BODY.length);
            x.getResponseBody().write(BODY);
            x.close();
        });
        server.createContext("/gated.csv", x -> {
            x.sendResponseHeaders(401, -1);
            x.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    @Test
    void everyBenchmarkHasAManifestAndNoHashIsInvented() {
        List<DatasetManifest> all = DatasetManifest.all(MANIFESTS);
        assertEquals(Benchmarks.names().stream().sorted().toList(), all.stream().map(DatasetManifest::name).toList());
        for (DatasetManifest m : all) {
            assertEquals(m, DatasetManifest.named(MANIFESTS, m.name()));
            assertFalse(m.fields().isEmpty(), m.name());
            if (!m.verified()) assertTrue(m.sha256Status().startsWith("unverified"), m.name());
        }
        // BBH: 27 task files and each task's chain-of-thought prompt (the 3-shot setup)
        List<String> bbh = DatasetManifest.named(MANIFESTS, "bbh").files().stream().map(DatasetManifest.Source::path).toList();
        assertEquals(27, bbh.stream().filter(f -> f.endsWith(".json")).count());
        for (String f : bbh.stream().filter(x -> x.endsWith(".json")).toList()) {
            assertTrue(bbh.contains(f.replace("bbh/", "bbh/cot-prompts/").replace(".json", ".txt")), f);
        }
        // the three checked against the real files in testdata/datasets (RealDatasetsTest)
        for (String n : List.of("math500", "aime2024", "gsm8k")) {
            assertTrue(DatasetManifest.named(MANIFESTS, n).verified(), n);
            assertTrue(DatasetManifest.named(MANIFESTS, n).sha256Status().startsWith("verified"), n);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "invented hash   | \"sha256\": \"abc\"             | sha256 must be 64 lower-case hex digits",
            "escaping path   | \"path\": \"../../etc/x\"       | path must be relative",
            "not http        | \"url\": \"file:///etc/passwd\" | url must be http(s)",
            "unknown field   | \"checksum\": \"x\"             | Unrecognized field \"checksum\"",
    })
    void badManifests(String name, String field, String fragment, @TempDir Path dir) throws IOException {
        String source = "{\"url\": \"http://h/x\", \"path\": \"x\", \"sha256\": null}";
        String key = field.substring(0, field.indexOf(':'));
        source = source.contains(key) ? source.replaceFirst(key + ": [^,}]+", field) : source.replace("}", ", " + field + "}");
        Path f = Files.writeString(dir.resolve("x.json"), "{\"name\": \"x\", \"files\": [" + source + "],\n"
                + " \"sha256_status\": \"unverified\", \"manual\": \"by hand\"}\n");
        DataFileException e = assertThrows(DataFileException.class, () -> DatasetManifest.read(f));
        assertTrue(e.getMessage().startsWith(f + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    DatasetManifest manifest(String path, String sha256) {
        return new DatasetManifest("gsm8k", "test", List.of(new DatasetManifest.Source(base + path, "gsm8k/test.jsonl", sha256)),
                "MIT", "JSON Lines", List.of("question", "answer"), 1, "unverified: test", "download it by hand from the test");
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void downloadsVerifiesAndMovesIntoPlace(@TempDir Path dir) throws Exception {
        List<DatasetFetcher.Fetched> got = new DatasetFetcher().fetch(manifest("/test.jsonl", sha256(BODY)), dir);
        Path file = dir.resolve("gsm8k/test.jsonl");
        assertEquals(List.of(new DatasetFetcher.Fetched(file, sha256(BODY), true)), got);
        assertArrayEquals(BODY, Files.readAllBytes(file));
        assertEquals("2", Benchmarks.load("gsm8k", file).problems().get(0).answer());
        assertEquals(List.of(file), files(dir));
        // Without a published checksum the file is kept but reported as not verified.
        assertFalse(new DatasetFetcher().fetch(manifest("/test.jsonl", null), dir).get(0).verified());
    }

    @Test
    void checksumMismatchDeletesTheDownload(@TempDir Path dir) {
        var e = assertThrows(DatasetFetcher.FetchException.class,
                () -> new DatasetFetcher().fetch(manifest("/test.jsonl", "0".repeat(64)), dir));
        assertTrue(e.getMessage().contains("sha256 mismatch") && e.getMessage().contains("deleted"), e.getMessage());
        assertEquals(List.of(), files(dir));
    }

    @Test
    void unreachableOrGatedServerPointsToTheManualRoute(@TempDir Path dir) {
        var gated = assertThrows(DatasetFetcher.FetchException.class, () -> new DatasetFetcher().fetch(manifest("/gated.csv", null), dir));
        assertTrue(gated.getMessage().contains("HTTP 401") && gated.getMessage().contains("gated"), gated.getMessage());
        server.stop(0);
        server = null;
        var down = assertThrows(DatasetFetcher.FetchException.class, () -> new DatasetFetcher().fetch(manifest("/test.jsonl", null), dir));
        assertTrue(down.getMessage().contains("Manual route for gsm8k: download it by hand from the test"), down.getMessage());
        assertTrue(down.getMessage().contains(dir.resolve("gsm8k/test.jsonl").toString()), down.getMessage());
        assertEquals(List.of(), files(dir));
    }

    @Test
    void commandLine(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(manifest("/test.jsonl", sha256(BODY)))
                .replace("sha256Status", "sha256_status");
        Files.writeString(manifests.resolve("gsm8k.json"), json);
        String[] ok = cli("datasets", "fetch", "gsm8k", "--manifests", manifests.toString(), "--dir", dir.resolve("c").toString());
        assertEquals("0", ok[0], ok[2]);
        assertTrue(ok[1].contains("verified") && Files.exists(dir.resolve("c/gsm8k/test.jsonl")), ok[1]);
        String[] list = cli("datasets", "list", "--manifests", MANIFESTS.toString());
        assertTrue(list[1].contains("math500") && list[1].contains("500 rows") && list[1].contains("sha256 unverified"), list[1]);
        server.stop(0);
        server = null;
        String[] down = cli("datasets", "fetch", "gsm8k", "--manifests", manifests.toString(), "--dir", dir.resolve("d").toString());
        assertEquals("1", down[0]);
        assertTrue(down[2].contains("error: cannot download") && down[2].contains("Manual route for gsm8k"), down[2]);
        String[] unknown = cli("datasets", "fetch", "nope", "--manifests", manifests.toString());
        assertTrue(unknown[2].contains("no manifest") && unknown[2].contains("known: gsm8k"), unknown[2]);
    }

    static String[] cli(String... args) {
        CliRun.Result r = CliRun.run(args);
        return new String[]{Integer.toString(r.code()), r.out(), r.err()};
    }

    static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
