package org.reasonbridge.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.reasonbridge.model.io.TestFiles.raw;
import static org.reasonbridge.model.io.TestFiles.withLength;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed and hostile files: each is refused with a message naming the file and the problem. */
class HostileFileTest {

    @TempDir
    Path dir;

    private static final String A = "'a':{'dtype':'F32','shape':[2],'data_offsets':[0,8]}";

    static Stream<Arguments> hostileFiles() {
        return Stream.of(
                Arguments.of("empty file", new byte[0], "shorter than the 8-byte header length"),
                Arguments.of("5-byte file", new byte[5], "shorter than the 8-byte header length"),
                // must be refused before allocating 500 MB
                Arguments.of("500 MB header length", withLength(500_000_000L, new byte[8]), "is absurd"),
                Arguments.of("2^64-1 header length", withLength(-1L, new byte[8]), "18446744073709551615 bytes is absurd"),
                Arguments.of("50 MB header length", withLength(50_000_000L, new byte[8]), "beyond the end of the file"),
                Arguments.of("header length past EOF", withLength(100, "{}".getBytes(StandardCharsets.UTF_8)),
                        "beyond the end of the file"),
                Arguments.of("zero header length", withLength(0, new byte[0]), "does not start with '{'"),
                Arguments.of("invalid UTF-8", raw(new byte[] {'{', '"', (byte) 0xC3, 0x28, '"', ':', '1', '}'}, 0),
                        "not valid UTF-8"),
                Arguments.of("overlong UTF-8", raw(new byte[] {'{', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}, 0),
                        "not valid UTF-8"),
                Arguments.of("UTF-8 surrogate", raw(new byte[] {'{', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, 0),
                        "not valid UTF-8"),
                Arguments.of("JSON array", raw("[]", 0), "does not start with '{'"),
                Arguments.of("leading space", raw(" {}", 0), "does not start with '{'"),
                Arguments.of("truncated JSON", raw("{" + A, 8), "not valid JSON"),
                Arguments.of("garbage after JSON", raw("{}x", 0), "not valid JSON"),
                Arguments.of("second JSON object", raw("{}{}", 0), "content after its JSON object"),
                Arguments.of("duplicate tensor", raw("{" + A + "," + A + "}", 8), "Duplicate field 'a'"),
                Arguments.of("duplicate field in entry",
                        raw("{'a':{'dtype':'F32','dtype':'F16','shape':[2],'data_offsets':[0,8]}}", 8), "Duplicate field 'dtype'"),
                Arguments.of("duplicate metadata key", raw("{'__metadata__':{'k':'1','k':'2'}}", 0), "Duplicate field 'k'"),
                Arguments.of("metadata value a number", raw("{'__metadata__':{'k':1}}", 0), "value for key 'k' is not a string"),
                Arguments.of("metadata not an object", raw("{'__metadata__':'pt'}", 0), "is not an object of strings"),
                Arguments.of("entry not an object", raw("{'a':[1,2]}", 0), "tensor 'a': entry is not an object"),
                Arguments.of("missing dtype", raw("{'a':{'shape':[2],'data_offsets':[0,8]}}", 8), "lacks dtype"),
                Arguments.of("missing shape", raw("{'a':{'dtype':'F32','data_offsets':[0,8]}}", 8), "lacks shape"),
                Arguments.of("missing data_offsets", raw("{'a':{'dtype':'F32','shape':[2]}}", 8), "lacks data_offsets"),
                Arguments.of("dtype a number", raw("{'a':{'dtype':4,'shape':[2],'data_offsets':[0,8]}}", 8),
                        "dtype is not a string"),
                Arguments.of("unknown dtype", raw("{'a':{'dtype':'F4','shape':[2],'data_offsets':[0,1]}}", 1),
                        "unknown dtype 'F4'"),
                Arguments.of("lower-case dtype", raw("{'a':{'dtype':'f32','shape':[2],'data_offsets':[0,8]}}", 8),
                        "unknown dtype 'f32'"),
                Arguments.of("shape not an array", raw("{'a':{'dtype':'F32','shape':2,'data_offsets':[0,8]}}", 8),
                        "shape is not an array"),
                Arguments.of("negative dim", raw("{'a':{'dtype':'F32','shape':[-2],'data_offsets':[0,8]}}", 8),
                        "shape holds -2, not a non-negative"),
                Arguments.of("fractional dim", raw("{'a':{'dtype':'F32','shape':[2.0],'data_offsets':[0,8]}}", 8),
                        "shape holds 2.0"),
                Arguments.of("string dim", raw("{'a':{'dtype':'F32','shape':['2'],'data_offsets':[0,8]}}", 8),
                        "shape holds 2, not a non-negative"),
                Arguments.of("dim beyond 64 bits",
                        raw("{'a':{'dtype':'F32','shape':[100000000000000000000],'data_offsets':[0,8]}}", 8),
                        "shape holds 100000000000000000000"),
                Arguments.of("shape product overflow",
                        raw("{'a':{'dtype':'F32','shape':[4294967296,4294967296],'data_offsets':[0,8]}}", 8),
                        "overflows 64-bit element count"),
                Arguments.of("bytes overflow",
                        raw("{'a':{'dtype':'F64','shape':[4611686018427387904],'data_offsets':[0,8]}}", 8),
                        "overflows 64-bit element count"),
                Arguments.of("rank 65", raw("{'a':{'dtype':'F32','shape':[" + "1,".repeat(64)
                        + "1],'data_offsets':[0,4]}}", 4), "shape has more than 64 entries"),
                Arguments.of("one offset", raw("{'a':{'dtype':'F32','shape':[2],'data_offsets':[8]}}", 8),
                        "data_offsets has 1 numbers"),
                Arguments.of("three offsets", raw("{'a':{'dtype':'F32','shape':[2],'data_offsets':[0,8,8]}}", 8),
                        "data_offsets has more than 2 entries"),
                Arguments.of("negative offset", raw("{'a':{'dtype':'F32','shape':[2],'data_offsets':[-8,0]}}", 8),
                        "data_offsets holds -8"),
                Arguments.of("offsets not an array", raw("{'a':{'dtype':'F32','shape':[2],'data_offsets':{}}}", 8),
                        "data_offsets is not an array"),
                Arguments.of("begin > end", raw("{'a':{'dtype':'F32','shape':[1],'data_offsets':[8,4]}}", 8),
                        "begin 8 > end 4"),
                Arguments.of("end past data", raw("{'a':{'dtype':'F32','shape':[4],'data_offsets':[0,16]}}", 8),
                        "end 16 is beyond the data section (8 bytes)"),
                Arguments.of("huge end", raw("{'a':{'dtype':'F32','shape':[2],'data_offsets':[0,9223372036854775807]}}", 8),
                        "is beyond the data section"),
                Arguments.of("length != numel x size", raw("{'a':{'dtype':'F32','shape':[3],'data_offsets':[0,8]}}", 8),
                        "span 8 bytes but F32[3] needs 12"),
                Arguments.of("overlapping tensors", raw("{" + A + ",'b':{'dtype':'F32','shape':[2],'data_offsets':[4,12]}}", 12),
                        "tensor 'b' at data offset 4 overlaps tensor 'a' ending at 8"),
                Arguments.of("identical spans", raw("{" + A + ",'b':{'dtype':'F32','shape':[2],'data_offsets':[0,8]}}", 8),
                        "overlaps tensor"),
                Arguments.of("gap", raw("{" + A + ",'b':{'dtype':'F32','shape':[1],'data_offsets':[12,16]}}", 16),
                        "gap of 4 bytes before tensor 'b' at data offset 12"),
                Arguments.of("gap at the start", raw("{'a':{'dtype':'F32','shape':[1],'data_offsets':[4,8]}}", 8),
                        "gap of 4 bytes before tensor 'a'"),
                Arguments.of("trailing bytes", raw("{" + A + "}", 12), "tensors cover 8 bytes but the data section has 12"),
                Arguments.of("data but no tensors", raw("{}", 4), "tensors cover 0 bytes"),
                Arguments.of("nesting bomb", raw("{'a':{'dtype':'F32','shape':[2],'data_offsets':[0,8],'x':"
                        + "[".repeat(5000) + "]".repeat(5000) + "}}", 8), "not valid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileFiles")
    void isRefusedNamingTheFileAndTheProblem(String description, byte[] bytes, String fragment) throws IOException {
        Path file = TestFiles.write(dir, description.replaceAll("\\W+", "_") + ".safetensors", bytes);
        SafetensorsException e = TestFiles.assertRefused(file, fragment, () -> SafetensorsFile.open(file).close());
        assertEquals(file, e.path());
    }

    @Test
    void validEdgeCasesAreAccepted() throws IOException {
        // empty header object, padding, unknown entry fields, zero-size tensors sharing an offset, scalars
        String header = "{'__metadata__':{},'z':{'dtype':'F32','shape':[0,5],'data_offsets':[0,0],'extra':[1,{}]},"
                + "'y':{'dtype':'BF16','shape':[],'data_offsets':[0,2]},'x':{'dtype':'I64','shape':[0],'data_offsets':[2,2]}}   ";
        Path file = TestFiles.write(dir, "edge.safetensors", raw(header, 2));
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(3, f.tensors().size());
            assertEquals(0, f.readFloat("z").length());
            assertEquals(LowPrecision.bf16ToFloat(0x0100), f.readFloatArray("y")[0]);
            TestFiles.assertRefused(file, "tensor 'x' has dtype I64, which is not read as float",
                    () -> f.readFloat("x"));
            TestFiles.assertRefused(file, "no tensor 'nope'", () -> f.readFloat("nope"));
        }
        try (SafetensorsFile f = SafetensorsFile.open(TestFiles.write(dir, "empty.safetensors", raw("{}", 0)))) {
            assertEquals(0, f.tensors().size());
        }
    }

    @Test
    void randomCorruptionsFailCleanlyOrReadBack() throws IOException {
        // mutated copies of a valid file: either refused with our exception or readable; nothing else escapes
        Path good = dir.resolve("good.safetensors");
        new SafetensorsWriter(DType.BF16).metadata("format", "pt").add("a.weight", new float[24], 2, 3, 4)
                .add("b", new float[] {1, 2, 3}, 3).add("c", new float[] {4}).write(good);
        byte[] original = Files.readAllBytes(good);
        Random rnd = new Random(2024);
        int refused = 0;
        for (int trial = 0; trial < 3000; trial++) {
            byte[] bytes = original.clone();
            switch (trial % 3) {
                case 0 -> bytes[rnd.nextInt(bytes.length)] = (byte) rnd.nextInt(256);
                case 1 -> bytes = java.util.Arrays.copyOf(bytes, rnd.nextInt(bytes.length));
                default -> {
                    int at = rnd.nextInt(bytes.length);
                    bytes[at] = (byte) "0123456789[]{}\",:-.e ".charAt(rnd.nextInt(21));
                }
            }
            Path file = TestFiles.write(dir, "fuzz.safetensors", bytes);
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                for (TensorInfo t : f.tensors().values()) {
                    if (t.dtype().readableAsFloat()) {
                        f.readFloat(t.name());
                        f.readFloatArray(t.name());
                    }
                }
            } catch (SafetensorsException e) {
                refused++;
            } catch (RuntimeException | IOException e) {
                fail("trial " + trial + " escaped with " + e, e);
            }
        }
        System.out.println("fuzz: " + refused + " of 3000 corrupted files refused, the rest read cleanly");
    }
}
