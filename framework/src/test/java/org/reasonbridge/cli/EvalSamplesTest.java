package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code eval} end to end on the shipped sample of each public format: loader, runner, grader, logs. */
class EvalSamplesTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"math500, math500.jsonl", "gsm8k, gsm8k.jsonl", "gpqa-diamond, gpqa-diamond.csv"})
    void evaluatesTheSample(String benchmark, String file, @TempDir Path tmp) throws Exception {
        Path root = Path.of(System.getProperty("reasonbridge.root", "..")).toAbsolutePath().normalize();
        Path data = root.resolve("datasets/samples").resolve(file);
        Path model = tmp.resolve("model");
        RandomCheckpoint.write(model, ModelPreset.TINY.config(ModelFamily.QWEN2), 1, DType.F32);
        Path out = tmp.resolve("out");
        CliRun.Result r = CliRun.run("eval", "--model", model.toString(), "--benchmark", benchmark, "--data",
                data.toString(), "--out", out.toString(), "--max-tokens", "8", "--limit", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains(benchmark) && r.err().contains(" 2/2  correct "), "progress line: " + r.err());
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(2, results.get("metrics").get("n").asInt(), results.toString());
        assertEquals(2, Files.readAllLines(out.resolve("samples.jsonl")).size());
        assertTrue(results.get("config").toString().contains(benchmark), results.toString());
    }
}
