package org.reasonbridge.demo;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reasonbridge.curation.audit.Decision;
import org.reasonbridge.curation.filter.KeywordDomainClassifier;
import org.reasonbridge.curation.pool.Decontaminator;
import org.reasonbridge.curation.pool.Deduplicator;
import org.reasonbridge.curation.pool.PoolReader;
import org.reasonbridge.curation.pool.PoolResult;
import org.reasonbridge.curation.pool.PoolStage;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.data.Problem;
import org.reasonbridge.demo.MiniWorld.Planted;
import org.reasonbridge.demo.MiniWorld.PoolRecord;
import org.reasonbridge.demo.MiniWorld.PoolSource;
import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.eval.JsonlBenchmark;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small world written to disk and read back through the real pool reader, de-duplicator and decontaminator. */
class MiniWorldTest {
    /** About 1,300 records: every planted kind, in a few seconds. */
    static final WorldConfig CONFIG = new WorldConfig(7, 600, 300, 300, 20, 30, 25, 10, 8, 5, 6, 6);

    @TempDir
    static Path dir;
    static MiniWorld world;
    static WorldFiles files;

    @BeforeAll
    static void build() {
        world = MiniWorld.build(CONFIG);
        files = world.write(dir.resolve("world"));
    }

    @Test
    void thePoolStageFindsExactlyThePlantedCases() {
        List<Problem> read = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();
        for (Path manifest : files.manifests()) {
            PoolResult r = PoolReader.read(manifest, PoolReader.Mode.STRICT);
            read.addAll(r.kept());
            decisions.addAll(r.decisions());
        }
        List<Benchmark> tests = new ArrayList<>();
        files.tests().forEach((name, file) -> tests.add(new JsonlBenchmark().load(name, file)));
        PoolResult pool = Deduplicator.dedup(read).then(Decontaminator.of(tests)::decontaminate);
        decisions.addAll(pool.decisions());

        Map<String, List<String>> found = new LinkedHashMap<>();
        for (PoolStage s : PoolStage.values()) found.put(s.id, new ArrayList<>());
        for (Decision d : decisions) found.get(d.stage()).add(d.problemId());
        assertEquals(world.expectedDrops(), found);
        assertEquals(world.expectedKept(), pool.kept().size());

        // nothing was taken out while building, so the counts are the config's
        assertEquals(0, world.removedWhileBuilding());
        assertEquals(CONFIG.unanswered(), found.get("read").size());
        assertEquals(CONFIG.crossCopies() + CONFIG.reposts(), found.get("dedup-exact").size());
        assertEquals(CONFIG.nearReposts(), found.get("dedup-near").size());
        assertEquals(CONFIG.leaked() + CONFIG.leakedNear(), found.get("decontaminate").size());
        assertEquals(CONFIG.textbook() + CONFIG.contest() + CONFIG.forum(), pool.kept().size());
    }

    @Test
    void everyDropNamesWhatWasPlanted() {
        Map<String, PoolRecord> byId = new LinkedHashMap<>();
        for (PoolSource s : world.sources()) for (PoolRecord r : s.records()) byId.put(s.problemId(r), r);
        List<Problem> all = new ArrayList<>();
        for (Path m : files.manifests()) all.addAll(PoolReader.read(m).kept());
        for (Decision d : Deduplicator.dedup(all).decisions()) {
            PoolRecord r = byId.get(d.problemId());
            assertTrue(r.planted() == Planted.EXACT_COPY || r.planted() == Planted.NEAR_COPY, d.toString());
            assertEquals(r.copyOf(), d.details().get("duplicate_of"), d.toString());
        }
        for (PoolRecord r : byId.values()) {
            if (r.planted() == Planted.LEAKED || r.planted() == Planted.LEAKED_NEAR) {
                assertTrue(r.text().contains(world.testSets().stream().flatMap(t -> t.items().stream())
                        .filter(i -> i.id().equals(r.copyOf())).findFirst().orElseThrow().exercise().text()));
            }
        }
    }

    @Test
    void theFilesHoldTheRecordsAsBuilt() {
        List<Problem> read = new ArrayList<>();
        for (Path m : files.manifests()) read.addAll(PoolReader.read(m, PoolReader.Mode.STRICT).kept());
        List<PoolRecord> answered = world.sources().stream().flatMap(s -> s.records().stream())
                .filter(r -> r.planted() != Planted.UNANSWERED).toList();
        assertEquals(answered.size(), read.size());
        for (int i = 0; i < read.size(); i++) {
            assertEquals(answered.get(i).text(), read.get(i).question());
            assertEquals(answered.get(i).answer(), read.get(i).answer());
        }
        Problem first = read.get(0);
        assertEquals("mini-textbook:tb-00001", first.id());
        assertEquals(List.of("solution", "topic", "level", "source", "original_id", "file", "line"), List.copyOf(first.metadata().keySet()));
        assertTrue(CONFIG.textbook() + CONFIG.contest() + CONFIG.forum() + CONFIG.crossCopies() + CONFIG.reposts()
                + CONFIG.nearReposts() + CONFIG.leaked() + CONFIG.leakedNear() == read.size());
    }

    @Test
    void everyProblemIsInTheWorldsLanguageAndItsDomain() {
        KeywordDomainClassifier keywords = KeywordDomainClassifier.defaults();
        for (PoolSource s : world.sources()) {
            for (PoolRecord r : s.records()) {
                Exercise e = MiniDomain.read(r.text()).orElseThrow(() -> new AssertionError("unread: " + r.text()));
                assertEquals(r.exercise().answer(), e.answer(), r.text());
                if (r.planted() != Planted.UNANSWERED) assertEquals(e.answer(), r.answer());
                assertEquals(r.exercise().domain().code(), keywords.classify(r.text()).domain().code(), r.text());
                assertFalse(r.exercise().domain().heldOut(), "held-out domain in the pool: " + r.text());
                if (r.planted() != Planted.LEAKED && r.planted() != Planted.LEAKED_NEAR) assertTrue(r.exercise().level() <= 3);
            }
        }
    }

    @Test
    void theTestSetsAreWhatEvalReads() {
        assertEquals(MiniDomain.values().length * 2, files.tests().size());
        for (var t : world.testSets()) {
            Benchmark b = new JsonlBenchmark().load(t.name(), files.tests().get(t.name()));
            assertEquals(t.items().size(), b.problems().size());
            assertEquals(t.hard() ? 2 * CONFIG.hardPerLevel() : 3 * CONFIG.testPerLevel(), b.problems().size());
            for (Problem p : b.problems()) {
                int level = Integer.parseInt(p.metadata().get("level"));
                assertTrue(t.hard() ? level >= 4 : level <= 3, p.id());
                assertEquals(t.domain().id(), p.metadata().get("subject"));
                assertEquals(p.answer(), MiniDomain.read(p.question()).orElseThrow().answer());
            }
        }
        assertTrue(files.tests().containsKey("geometry") && files.tests().containsKey("geometry-hard"));
    }

    @Test
    void worldJsonStatesTheExpectedCounts() throws IOException {
        JsonNode w = JsonLines.JSON.readTree(files.summary().toFile());
        JsonNode counts = w.get("expected_counts");
        world.expectedDrops().forEach((stage, ids) -> assertEquals(ids.size(), counts.get(stage).asInt(), stage));
        assertEquals(world.expectedKept(), counts.get("kept").asInt());
        assertEquals(CONFIG.leaked() + CONFIG.leakedNear(), w.at("/expected_drops/decontaminate").size());
        assertEquals("pools/mini-textbook.json", w.at("/manifests/0").asText());
        assertEquals(CONFIG.seed(), w.at("/config/seed").asLong());
    }

    @Test
    void theSameConfigWritesTheSameBytes() throws IOException {
        WorldFiles again = MiniWorld.build(CONFIG).write(dir.resolve("again"));
        List<Path> a = tree(files.dir()), b = tree(again.dir());
        assertEquals(a.stream().map(p -> files.dir().relativize(p)).toList(), b.stream().map(p -> again.dir().relativize(p)).toList());
        for (int i = 0; i < a.size(); i++) assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), a.get(i).toString());

        WorldFiles other = MiniWorld.build(CONFIG.withSeed(8)).write(dir.resolve("other"));
        assertFalse(Files.readString(files.manifests().get(0).resolveSibling("mini-textbook.jsonl"))
                .equals(Files.readString(other.manifests().get(0).resolveSibling("mini-textbook.jsonl"))));
    }

    private static List<Path> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void theDefaultWorldIsTensOfThousands() {
        assertTrue(WorldConfig.defaults().poolRecords() >= 20_000, "" + WorldConfig.defaults().poolRecords());
        assertEquals(WorldConfig.defaults().poolRecords() / 10, WorldConfig.small().poolRecords(), 40);
    }

    @ParameterizedTest
    @ValueSource(strings = {"negative", "no textbook", "copies beyond the pool", "more cross copies than textbook"})
    void impossibleConfigsAreRefused(String which) {
        assertThrows(IllegalArgumentException.class, () -> {
            switch (which) {
                case "negative" -> new WorldConfig(1, 10, 10, 10, -1, 0, 0, 0, 0, 0, 1, 1);
                case "no textbook" -> new WorldConfig(1, 0, 10, 10, 0, 0, 0, 0, 0, 0, 1, 1);
                case "copies beyond the pool" -> new WorldConfig(1, 10, 10, 10, 5, 10, 10, 0, 0, 0, 1, 1);
                default -> new WorldConfig(1, 10, 10, 10, 11, 0, 0, 0, 0, 0, 1, 1);
            }
        });
    }
}
