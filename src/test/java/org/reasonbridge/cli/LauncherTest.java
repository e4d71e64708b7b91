package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.model.Fixtures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./reasonbridge} from outside, as a user runs it: a separate JVM through the launcher script. Runs in
 * the {@code verify} build after the framework and bench jars are packaged, so the launcher does not rebuild.
 */
class LauncherTest {
    record Result(int code, String out, String err) {
    }

    static Result launch(Path home, String... args) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("reasonbridge.root", "..")).toAbsolutePath().normalize();
        List<String> cmd = new ArrayList<>(List.of(root.resolve("reasonbridge").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
        pb.environment().put("REASONBRIDGE_HOME", home.toString());
        Path out = Files.createTempFile(home, "out", ".txt"), err = Files.createTempFile(home, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // a hang guard, not a speed check: demo --quick takes about 1.5 minutes on a quiet two-core machine but
        // several times that when the machine is shared; the whole CI run must still stay under 30 minutes
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("launcher still running after 20 minutes: " + String.join(" ", args));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void quickStartCommandGeneratesFromTheBuiltInModel(@TempDir Path home) throws Exception {
        Result r = launch(home, "generate", "--prompt", "The answer is", "--max-new-tokens", "8", "--json");
        assertEquals(0, r.code, r.err);
        JsonNode o = new ObjectMapper().readTree(r.out);
        assertEquals(8, o.get("generated_tokens").asInt());
        assertTrue(Files.exists(home.resolve("models/tiny-qwen2/model.safetensors")));
        // stdout is the generated text only: nothing from ND4J's start-up may leak into it
        Result plain = launch(home, "generate", "--prompt", "The answer is", "--max-new-tokens", "8");
        assertEquals(o.get("text").asText() + "\n", plain.out);
    }

    /** The product jar holds no benchmark: {@code bench} comes from the bench jar the launcher adds. */
    @Test
    void benchComesFromTheBenchJar(@TempDir Path home) throws Exception {
        Result r = launch(home, "bench", "grading", "--pairs", "200");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.startsWith("grading: 200 pairs in "), r.out);
        Path root = Path.of(System.getProperty("reasonbridge.root", "..")).toAbsolutePath().normalize();
        try (JarFile product = new JarFile(root.resolve("framework/target/reasonbridge.jar").toFile())) {
            assertTrue(product.stream().noneMatch(e -> e.getName().startsWith("org/reasonbridge/bench/")),
                    "bench classes in the product jar");
        }
    }

    @Test
    void logitsOfTheFixtureMatchTheReference(@TempDir Path home) throws Exception {
        JsonNode meta = Fixtures.meta("qwen2-tiny-v5");
        StringBuilder ids = new StringBuilder();
        for (JsonNode id : meta.get("input_ids")) ids.append(ids.length() == 0 ? "" : ",").append(id.asInt());
        Path out = home.resolve("logits.bin");
        Result r = launch(home, "logits", "--model", Fixtures.model("qwen2-tiny-v5").toString(), "--ids", ids.toString(),
                "--out", out.toString());
        assertEquals(0, r.code, r.err);
        assertEquals(24L * 512 * 4, Files.size(out));
        Result bad = launch(home, "logits", "--model", home.resolve("absent").toString(), "--ids", "1", "--out", out.toString());
        assertEquals(1, bad.code);
        assertTrue(bad.err.startsWith("error: ") && bad.err.contains("absent"), bad.err);
    }
}
