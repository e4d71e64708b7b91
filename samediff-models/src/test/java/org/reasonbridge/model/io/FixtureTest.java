package org.reasonbridge.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The real fixtures under testdata/models, written by the reference Python writer. */
class FixtureTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"qwen2-tiny", "qwen2-tiny-bf16", "qwen2-tiny-v5", "llama-tiny", "mistral-tiny-swa",
        "mixtral-tiny"})
    void everyFixtureTensorReadsAsFiniteFp32(String model) throws IOException {
        try (Checkpoint c = Checkpoint.open(TestFiles.model(model))) {
            assertTrue(c.names().contains("model.embed_tokens.weight"), model);
            for (String name : c.names()) {
                INDArray a = c.readFloat(name);
                assertEquals(DataType.FLOAT, a.dataType());
                assertArrayEquals(c.info(name).shape(), a.shape(), name);
                float[] flat = c.readFloatArray(name);
                assertArrayEquals(flat, a.reshape(a.length()).toFloatVector(), name);
                for (float v : flat) {
                    assertTrue(Float.isFinite(v), name);
                }
            }
        }
    }

    @Test
    void qwen2TinyHeaderIsAsWritten() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(TestFiles.model("qwen2-tiny").resolve("model.safetensors"))) {
            assertEquals(Map.of("format", "pt"), f.metadata());
            assertEquals(26, f.tensors().size());
            TensorInfo embed = f.info("model.embed_tokens.weight");
            assertEquals(DType.F32, embed.dtype());
            assertArrayEquals(new long[] {512, 64}, embed.shape());
            assertEquals(8 + 2656, embed.offset(), "first tensor starts the data section");
            assertEquals(512 * 64 * 4, embed.byteLength());
            assertArrayEquals(new long[] {64}, f.info("model.layers.0.input_layernorm.weight").shape());
        }
    }

    @Test
    void bf16FixtureIsTheF32FixtureRoundedToNearestEven() throws IOException {
        try (SafetensorsFile f32 = SafetensorsFile.open(TestFiles.model("qwen2-tiny").resolve("model.safetensors"));
                SafetensorsFile bf16 = SafetensorsFile.open(TestFiles.model("qwen2-tiny-bf16").resolve("model.safetensors"))) {
            assertEquals(f32.tensors().keySet(), bf16.tensors().keySet());
            int differentFromTruncation = 0;
            for (String name : f32.tensors().keySet()) {
                assertEquals(DType.BF16, bf16.info(name).dtype(), name);
                float[] exact = f32.readFloatArray(name);
                float[] widened = bf16.readFloatArray(name);
                for (int i = 0; i < exact.length; i++) {
                    float rounded = LowPrecision.roundToBf16(exact[i]);
                    assertEquals(Float.floatToRawIntBits(rounded), Float.floatToRawIntBits(widened[i]),
                            name + "[" + i + "] = " + exact[i]);
                    if (rounded != Float.intBitsToFloat(Float.floatToRawIntBits(exact[i]) & 0xFFFF0000)) {
                        differentFromTruncation++;
                    }
                }
            }
            assertTrue(differentFromTruncation > 0, "the comparison would also pass for truncation");
        }
    }

    /** Golden: re-writing the fixtures gives the reference writer's bytes exactly. */
    @ParameterizedTest
    @ValueSource(strings = {"F32", "BF16"})
    void rewritingTheF32FixtureReproducesTheFixtureFiles(DType dtype) throws IOException {
        Path expected = TestFiles.model(dtype == DType.F32 ? "qwen2-tiny" : "qwen2-tiny-bf16").resolve("model.safetensors");
        Path out = dir.resolve("rewritten.safetensors");
        try (SafetensorsFile f32 = SafetensorsFile.open(TestFiles.model("qwen2-tiny").resolve("model.safetensors"))) {
            SafetensorsWriter w = new SafetensorsWriter(dtype).metadata(f32.metadata());
            for (TensorInfo t : f32.tensors().values()) {
                w.add(t.name(), f32.readFloat(t.name()));
            }
            w.write(out);
        }
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(out));
    }
}
