package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reasonbridge.model.Fixtures;
import org.reasonbridge.model.Model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The framework's command line, run in-process: every subcommand's happy path, its output format, and its errors
 * ({@code bench} is the bench module's, tested there).
 */
class CliTest {
    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        CliRun.Result r = CliRun.run(args);
        return new Run(r.code(), r.out(), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"generate", "logits", "init-model", "train", "adapters", "serve", "sweep", "grade", "datasets", "eval", "curate", "export"})
    void everySubcommandHasHelp(String sub) {
        Run r = cli(sub, "--help");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("Usage: reasonbridge " + sub), r.out);
    }

    @Test
    void logitsWritesLittleEndianFloat32MatchingTheReference(@TempDir Path tmp) throws IOException {
        JsonNode meta = Fixtures.meta("llama-tiny");
        String ids = Arrays.stream(Fixtures.ints(meta.get("input_ids"))).mapToObj(String::valueOf)
                .collect(Collectors.joining(","));
        Path out = tmp.resolve("logits.f32");
        Run r = cli("logits", "--model", Fixtures.model("llama-tiny").toString(), "--ids", ids, "--out", out.toString());
        assertEquals(0, r.code, r.err);
        int t = meta.get("input_ids").size(), v = 512;
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(t * v * 4, b.capacity());
        double[][] ref = Fixtures.float64(Fixtures.reference("llama-tiny").resolve("logits.bin"), t, v);
        double max = 0;
        for (int i = 0; i < t; i++) for (int j = 0; j < v; j++) max = Math.max(max, Math.abs(b.getFloat() - ref[i][j]));
        assertTrue(max < 1e-4, "max diff " + max);
    }

    @Test
    void generateJsonAndStreaming() throws IOException {
        String model = Fixtures.model("qwen2-tiny").toString();
        Run json = cli("generate", "--model", model, "--prompt", "Hello", "--max-new-tokens", "6", "--json");
        assertEquals(0, json.code, json.err);
        JsonNode o = new ObjectMapper().readTree(json.out);
        assertEquals(6, o.get("generated_tokens").asInt());
        assertEquals("length", o.get("finish_reason").asText());
        try (Model m = Model.load(Path.of(model))) {
            assertEquals(m.generate("Hello", org.reasonbridge.model.generate.GenerationConfig.greedy(6)).text(),
                    o.get("text").asText());
            assertEquals(m.tokenizer().encode("Hello").length, o.get("prompt_tokens").asInt());
        }
        Run streamed = cli("generate", "--model", model, "--prompt", "Hello", "--max-new-tokens", "6");
        assertEquals(0, streamed.code, streamed.err);
        assertEquals(o.get("text").asText() + System.lineSeparator(), streamed.out);
        assertTrue(streamed.err.contains("6 generated tokens"), streamed.err);
    }

    @Test
    void chatGoesThroughTheTemplate(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("m");
        assertEquals(0, cli("init-model", "--preset", "tiny", "--out", dir.toString()).code);
        Run r = cli("generate", "--model", dir.toString(), "--chat", "What is 2+2?", "--system", "Be brief.",
                "--max-new-tokens", "4", "--json");
        assertEquals(0, r.code, r.err);
        try (Model m = Model.load(dir)) {
            String prompt = m.applyChatTemplate(java.util.List.of(
                    java.util.Map.of("role", "system", "content", "Be brief."),
                    java.util.Map.of("role", "user", "content", "What is 2+2?")), true, java.util.Map.of());
            assertTrue(prompt.endsWith("<|im_start|>assistant\n"), prompt);
            assertEquals(m.tokenizer().encode(prompt).length, new ObjectMapper().readTree(r.out).get("prompt_tokens").asInt());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen2", "llama", "mistral", "mixtral"})
    void initModelWritesALoadableModel(String arch, @TempDir Path tmp) {
        Run r = cli("init-model", "--preset", "tiny", "--arch", arch, "--dtype", "bf16", "--seed", "3",
                "--out", tmp.toString());
        assertEquals(0, r.code, r.err);
        try (Model m = Model.load(tmp)) {
            assertEquals(arch, m.config().family().modelType());
            assertEquals(3, m.logits(new int[]{1, 2, 3}).length);
        }
    }

    @Test
    void errorsNameTheProblemAndExitOne(@TempDir Path tmp) throws IOException {
        Run missing = cli("generate", "--model", tmp.resolve("nope").toString(), "--prompt", "x");
        assertEquals(1, missing.code);
        assertTrue(missing.err.contains("nope"), missing.err);

        Path broken = tmp.resolve("broken");
        Files.createDirectories(broken);
        Files.copy(Fixtures.model("qwen2-tiny").resolve("config.json"), broken.resolve("config.json"));
        byte[] weights = Files.readAllBytes(Fixtures.model("qwen2-tiny").resolve("model.safetensors"));
        Files.write(broken.resolve("model.safetensors"), Arrays.copyOf(weights, weights.length / 2));
        Run truncated = cli("logits", "--model", broken.toString(), "--ids", "1,2", "--out", tmp.resolve("o").toString());
        assertEquals(1, truncated.code);
        assertTrue(truncated.err.contains("model.safetensors"), truncated.err);
        assertTrue(!truncated.err.contains("\tat "), "no stack trace: " + truncated.err);

        Run usage = cli("generate", "--prompt", "x", "--chat", "y");
        assertEquals(2, usage.code, "mutually exclusive options are a usage error");
        Run badId = cli("logits", "--model", Fixtures.model("qwen2-tiny").toString(), "--ids", "1,99999",
                "--out", tmp.resolve("o").toString());
        assertEquals(1, badId.code);
        assertTrue(badId.err.contains("99999"), badId.err);
    }
}
