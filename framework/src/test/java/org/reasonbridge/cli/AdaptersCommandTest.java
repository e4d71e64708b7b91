package org.reasonbridge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code reasonbridge adapters report}, in-process, on the published Qwen2.5-7B config values. */
class AdaptersCommandTest {
    static final String QWEN_7B = """
            {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "hidden_act": "silu",
             "hidden_size": 3584, "intermediate_size": 18944, "num_hidden_layers": 28,
             "num_attention_heads": 28, "num_key_value_heads": 4, "vocab_size": 152064,
             "tie_word_embeddings": false, "rope_theta": 1000000.0, "rms_norm_eps": 1e-06,
             "max_position_embeddings": 131072}
            """;

    static CliRun.Result cli(String... args) {
        return CliRun.run(args);
    }

    static Path config(Path dir) throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, QWEN_7B);
        return f;
    }

    @Test
    void everyPresetWhenNoneIsNamed(@TempDir Path dir) throws IOException {
        CliRun.Result r = cli("adapters", "report", "--config", config(dir).toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("base parameters: 7,615,616,512"), r.out());
        assertTrue(r.out().matches("(?s).*paper b=64 +12,947,200 +0\\.1697%.*"), r.out());
        assertTrue(r.out().matches("(?s).*houlsby b=64 +25,894,400 +0\\.3389%.*"), r.out());
        assertTrue(r.out().matches("(?s).*pfeiffer b=64 +12,947,200 +0\\.1697%.*"), r.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "--preset paper --bottleneck 113; paper b=113 +22,783,068 +0\\.2983%",
            "--preset houlsby; houlsby b=64 +25,894,400",
            "--lora-rank 8; lora r=8 q_proj,v_proj +2,523,136 +0\\.0331%",
            "--lora-rank 16; lora r=16 q_proj,v_proj +5,046,272"})
    void oneRowWhenNamed(String options, String row, @TempDir Path dir) throws IOException {
        String[] args = ("adapters report --config " + dir + " " + options).split(" ");
        config(dir);
        CliRun.Result r = cli(args);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*" + row + ".*"), r.out());
        assertEquals(4, r.out().lines().count(), r.out()); // model, base, header, one row
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "--preset nope; unknown bottleneck preset 'nope'",
            "--lora-rank 8 --preset paper; does not combine",
            "--bottleneck 0; --bottleneck must be >= 1",
            "--preset papr; did you mean 'paper'?"})
    void badOptionsFailWithAMessage(String options, String message, @TempDir Path dir) throws IOException {
        config(dir);
        CliRun.Result r = cli(("adapters report --config " + dir + " " + options).split(" "));
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains(message), r.err());
    }

    @Test
    void missingConfigNamesTheFile(@TempDir Path dir) {
        CliRun.Result r = cli("adapters", "report", "--config", dir.resolve("absent.json").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("absent.json"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void helpListsTheReport() {
        CliRun.Result r = cli("adapters", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("report"), r.out());
        assertTrue(cli("adapters", "report", "--help").out().contains("--lora-rank"));
    }
}
