package org.reasonbridge.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CheckpointTest {

    @TempDir
    Path dir;

    private static final String INDEX = SafetensorsWriter.INDEX_FILE;
    private static final String SHARD1 = "model-00001-of-00003.safetensors";
    private static final String SHARD2 = "model-00002-of-00003.safetensors";
    private static final String SHARD3 = "model-00003-of-00003.safetensors";

    /** Five tensors of 16, 16, 40, 8 and 4 bytes as F32: with 32-byte shards, [a b] [c] [d e]. */
    private final Map<String, float[]> tensors = new LinkedHashMap<>();

    @BeforeEach
    void fiveTensors() {
        tensors.put("a", new float[] {1, 2, 3, 4});
        tensors.put("b", new float[] {5, 6, 7, 8});
        tensors.put("c", new float[] {9, 10, 11, 12, 13, 14, 15, 16, 17, 18});
        tensors.put("d", new float[] {19, 20});
        tensors.put("e", new float[] {21});
    }

    private SafetensorsWriter writer() {
        SafetensorsWriter w = new SafetensorsWriter(DType.F32).metadata("format", "pt");
        tensors.forEach((name, data) -> w.add(name, data, data.length));
        return w;
    }

    @Test
    void shardedRoundTrip() throws IOException {
        List<Path> files = writer().writeSharded(dir, 32);
        assertEquals(List.of(dir.resolve(SHARD1), dir.resolve(SHARD2), dir.resolve(SHARD3)), files);
        JsonNode index = new ObjectMapper().readTree(dir.resolve(INDEX).toFile());
        assertEquals(84, index.get("metadata").get("total_size").asLong());
        assertEquals(SHARD2, index.get("weight_map").get("c").asText());
        assertEquals(SHARD3, index.get("weight_map").get("e").asText());
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertEquals(tensors.keySet(), c.names());
            for (var e : tensors.entrySet()) {
                assertArrayEquals(e.getValue(), c.readFloatArray(e.getKey()), e.getKey());
                assertArrayEquals(e.getValue(), c.readFloat(e.getKey()).toFloatVector(), e.getKey());
            }
            assertEquals(dir.resolve(SHARD2), c.info("c").file());
            TestFiles.assertRefused(dir, "checkpoint has no tensor 'zzz'", () -> c.info("zzz"));
            TestFiles.assertRefused(dir, "checkpoint has no tensor 'zzz'", () -> c.readFloat("zzz"));
        }
    }

    @Test
    void oneShardIsWrittenAsModelSafetensorsAndReplacesAnOldShardedSave() throws IOException {
        writer().writeSharded(dir, 32);
        List<Path> files = writer().writeSharded(dir, 1 << 20);
        assertEquals(List.of(dir.resolve("model.safetensors")), files);
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(Set.of(dir.resolve("model.safetensors")), Set.copyOf(left.toList()), "stale shards removed");
        }
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertEquals(Set.copyOf(tensors.keySet()), Set.copyOf(c.names()));
            assertArrayEquals(tensors.get("c"), c.readFloatArray("c"));
        }
        try (Checkpoint c = Checkpoint.open(dir.resolve("model.safetensors"))) {
            assertEquals(5, c.names().size(), "a single file opens too");
        }
    }

    @Test
    void aFolderWithoutWeightsIsNamed() {
        TestFiles.assertRefused(dir, "no model.safetensors.index.json and no model.safetensors",
                () -> Checkpoint.open(dir));
        TestFiles.assertRefused(dir.resolve("nope"), "is neither a model folder nor a safetensors file",
                () -> Checkpoint.open(dir.resolve("nope")));
    }

    private void editIndex(String from, String to) throws IOException {
        Path index = dir.resolve(INDEX);
        String json = Files.readString(index);
        assertTrue(json.contains(from), json);
        Files.writeString(index, json.replace(from, to));
    }

    interface Breakage {
        void apply(CheckpointTest t) throws IOException;
    }

    static Stream<Arguments> brokenCheckpoints() {
        return Stream.of(
                Arguments.of("missing shard", (Breakage) t -> Files.delete(t.dir.resolve(SHARD2)), INDEX,
                        "shard " + SHARD2 + " (1 tensors, e.g. 'c') does not exist"),
                Arguments.of("tensor absent from its shard", (Breakage) t -> t.editIndex("\"weight_map\" : {",
                        "\"weight_map\" : {\"ghost\" : \"" + SHARD1 + "\","), INDEX,
                        "tensor 'ghost' is mapped to " + SHARD1 + " but is not in it"),
                Arguments.of("tensor in two shards", (Breakage) t -> new SafetensorsWriter(DType.F32)
                        .add("d", new float[] {19, 20}, 2).add("e", new float[] {21}, 1).add("a", new float[] {0}, 1)
                        .write(t.dir.resolve(SHARD3)), INDEX, "tensor 'a' is in two shards: " + SHARD1 + " and " + SHARD3),
                Arguments.of("tensor not in the index", (Breakage) t -> t.editIndex("\"e\" : \"" + SHARD3 + "\"",
                        "\"d2\" : \"" + SHARD3 + "\""), INDEX, "tensor 'e' is in " + SHARD3 + " but not in the weight_map"),
                Arguments.of("shard outside the folder", (Breakage) t -> t.editIndex("\"c\" : \"" + SHARD2,
                        "\"c\" : \"../" + SHARD2), INDEX, "shard ../" + SHARD2 + " (1 tensors, e.g. 'c') is not a file name"),
                Arguments.of("index not JSON", (Breakage) t -> Files.writeString(t.dir.resolve(INDEX), "{\"weight_map\": "),
                        INDEX, "index is not valid JSON"),
                Arguments.of("index with garbage after it", (Breakage) t -> Files.writeString(t.dir.resolve(INDEX),
                        "{\"weight_map\": {}} {}"), INDEX, "index is not valid JSON"),
                Arguments.of("duplicate key in index", (Breakage) t -> t.editIndex("\"weight_map\" : {",
                        "\"weight_map\" : {\"a\" : \"" + SHARD1 + "\","), INDEX, "Duplicate field 'a'"),
                Arguments.of("no weight_map", (Breakage) t -> Files.writeString(t.dir.resolve(INDEX), "{\"metadata\": {}}"),
                        INDEX, "index has no \"weight_map\" object"),
                Arguments.of("weight_map value not a string", (Breakage) t -> t.editIndex("\"e\" : \"" + SHARD3 + "\"",
                        "\"e\" : 3"), INDEX, "weight_map value for 'e' is not a file name"),
                Arguments.of("corrupt shard", (Breakage) t -> Files.write(t.dir.resolve(SHARD3),
                        "not a safetensors file".getBytes(StandardCharsets.UTF_8)), SHARD3, "is absurd"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenCheckpoints")
    void brokenShardedCheckpointIsRefused(String description, Breakage breakage, String blamed, String fragment)
            throws IOException {
        writer().writeSharded(dir, 32);
        breakage.apply(this);
        TestFiles.assertRefused(dir.resolve(blamed), fragment, () -> Checkpoint.open(dir).close());
    }

    @Test
    void checkAgainstReportsEveryProblemAtOnce() throws IOException {
        new SafetensorsWriter(DType.F32)
                .add("model.embed_tokens.weight", new float[6], 3, 2)
                .add("model.norm.weight", new float[2], 2)
                .add("model.layers.0.self_attn.rotary_emb.inv_freq", new float[1], 1)
                .add("extra.bias", new float[1], 1)
                .write(dir.resolve("model.safetensors"));
        Map<String, long[]> expected = new LinkedHashMap<>();
        expected.put("model.embed_tokens.weight", new long[] {3, 2});
        expected.put("model.norm.weight", new long[] {4});
        expected.put("lm_head.weight", new long[] {3, 2});
        Set<String> ignorable = Set.of("rotary_emb\\.inv_freq$");
        try (Checkpoint c = Checkpoint.open(dir)) {
            CheckpointDiff d = c.diff(expected, ignorable);
            assertEquals(List.of("lm_head.weight"), d.missing());
            assertEquals(List.of("extra.bias"), d.unexpected());
            assertEquals(List.of(new CheckpointDiff.ShapeMismatch("model.norm.weight", new long[] {4}, new long[] {2})),
                    d.misShaped());
            SafetensorsException strict = TestFiles.assertRefused(dir, "1 missing: lm_head.weight",
                    () -> c.checkAgainst(expected, ignorable, true));
            assertTrue(strict.getMessage().contains("1 mis-shaped: model.norm.weight expected [4] but is [2]"));
            assertTrue(strict.getMessage().contains("1 unexpected: extra.bias"));
            SafetensorsException lenient = TestFiles.assertRefused(dir, "1 missing: lm_head.weight",
                    () -> c.checkAgainst(expected, ignorable, false));
            assertFalse(lenient.getMessage().contains("unexpected"), "lenient mode only logs unexpected tensors");

            expected.remove("lm_head.weight");
            expected.put("model.norm.weight", new long[] {2});
            assertDoesNotThrow(() -> c.checkAgainst(expected, ignorable, false));
            expected.put("extra.bias", new long[] {1});
            assertTrue(c.diff(expected, ignorable).isEmpty());
            assertDoesNotThrow(() -> c.checkAgainst(expected, ignorable, true));
        }
    }
}
