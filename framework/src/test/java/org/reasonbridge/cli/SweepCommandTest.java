package org.reasonbridge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sweep}: the scaling table and both plots, on a tiny model the test writes. */
class SweepCommandTest {
    @Test
    void writesTheTableAndTwoPlots(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        RandomCheckpoint.write(model, ModelPreset.TINY.config(ModelFamily.QWEN2), 4, DType.F32);
        Path root = Path.of(System.getProperty("reasonbridge.root", "..")).toAbsolutePath().normalize();
        Path out = tmp.resolve("sweep");
        CliRun.Result r = CliRun.run("sweep", "--model", model.toString(), "--data",
                root.resolve("datasets/samples/reasoning-mini.jsonl").toString(), "--limit", "2",
                "--interventions", "0,1", "--budgets", "8,12", "--answer-tokens", "4", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("scaling.csv"));
        for (String row : csv.subList(1, csv.size())) {
            String[] c = row.split(",");
            assertTrue(Double.parseDouble(c[6]) <= Integer.parseInt(c[2]), "mean thinking tokens within the budget: " + row);
        }
        assertTrue(r.err().contains("gii K=0 budget=8 2/2  correct"), "progress while it runs: " + r.err());
        assertEquals("method,interventions,thinking_budget,problems,correct,accuracy,mean_thinking_tokens", csv.get(0));
        assertEquals(1 + 2 * 2 * 2, csv.size(), "two methods x two intervention counts x two budgets");
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("gii,")) && csv.stream().anyMatch(l -> l.startsWith("budget-forcing,")));
        for (String png : List.of("accuracy_vs_interventions.png", "accuracy_vs_thinking_tokens.png")) {
            BufferedImage img = ImageIO.read(out.resolve(png).toFile());
            assertEquals(800, img.getWidth(), png);
            assertEquals(480, img.getHeight(), png);
            int ink = 0;
            for (int x = 0; x < img.getWidth(); x += 2) {
                for (int y = 0; y < img.getHeight(); y += 2) if ((img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) ink++;
            }
            assertTrue(ink > 1000, png + " is not empty: " + ink);
        }
        CliRun.Result bad = CliRun.run("sweep", "--model", model.toString(), "--data",
                root.resolve("datasets/samples/reasoning-mini.jsonl").toString(), "--methods", "s1", "--out", out.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("unknown method 's1'"), bad.err());
    }

    /** Any benchmark loader: the real MATH500 file, posed and graded as eval does; the policy's phrases from flags. */
    @Test
    void sweepsABenchmark(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        RandomCheckpoint.write(model, ModelPreset.TINY.config(ModelFamily.QWEN2), 4, DType.F32);
        Path out = tmp.resolve("sweep");
        CliRun.Result r = CliRun.run("sweep", "--model", model.toString(), "--benchmark", "math500", "--data",
                org.reasonbridge.model.Fixtures.file("datasets/math500/test.jsonl").toString(), "--limit", "2",
                "--methods", "budget-forcing", "--extension", "Hmm", "--interventions", "1", "--budgets", "6",
                "--answer-tokens", "4", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("scaling.csv"));
        assertEquals(2, csv.size());
        assertTrue(csv.get(1).startsWith("budget-forcing,1,6,2,"), csv.get(1));
        CliRun.Result bad = CliRun.run("sweep", "--model", model.toString(), "--benchmark", "math500", "--data",
                org.reasonbridge.model.Fixtures.file("datasets/math500/test.jsonl").toString(), "--max-interventions", "2",
                "--out", out.toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("--interventions and --budgets"), bad.err());
    }
}
