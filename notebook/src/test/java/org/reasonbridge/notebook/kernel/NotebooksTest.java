package org.reasonbridge.notebook.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.model.json.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every teaching notebook in {@code notebooks/} executed top to bottom by Debian's Jupyter ({@code nbconvert
 * --execute}), as a user runs them: any untagged cell error fails it (nbconvert exits 1). The notebooks work in a
 * sandbox folder ({@code REASONBRIDGE_LAB}) and save their main figure there too ({@code REASONBRIDGE_FIGURES}), so
 * the run leaves the repository as it was; the committed copies must carry no outputs. Each run's wall time is
 * printed (the README's table of notebook times comes from such runs); no time is asserted.
 */
class NotebooksTest {
    @TempDir
    static Path sandbox;
    private static Jupyter jupyter;

    @BeforeAll
    static void installKernel() throws Exception {
        jupyter = Jupyter.install(sandbox.resolve("jupyter"));
    }

    @Test
    void theNotebooksAreTheOnesTheReadmeLinks() throws Exception {
        List<String> found;
        try (Stream<Path> files = Files.list(Jupyter.root().resolve("notebooks"))) {
            found = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".ipynb")).sorted().toList();
        }
        assertEquals(List.of("00-tutorial.ipynb", "01-curation.ipynb", "02-training.ipynb", "03-test-time-scaling.ipynb",
                "04-analysis.ipynb", "smoke.ipynb"), found);
        String readme = Files.readString(Jupyter.root().resolve("README.md"));
        for (String n : found) assertTrue(readme.contains("notebooks/" + n), "the README links notebooks/" + n);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "00-tutorial,             00-tutorial.png",
            "01-curation,             01-curation-funnel.png",
            "02-training,             02-training-loss.png",
            "03-test-time-scaling,    03-test-time-scaling.png",
            "04-analysis,             04-reasoning-flow.png",
    })
    void runsTopToBottomWithoutACellError(String name, String figure) throws Exception {
        Path notebook = Jupyter.root().resolve("notebooks/" + name + ".ipynb");
        JsonNode committed = Json.MAPPER.readTree(notebook.toFile());
        for (JsonNode cell : committed.get("cells")) {
            assertTrue(cell.path("outputs").isEmpty() || cell.path("outputs").isMissingNode(),
                    name + ": the committed notebook carries outputs; clear them (Cell > All Output > Clear) before committing");
        }
        Path out = Files.createDirectories(sandbox.resolve("executed"));
        Path figures = Files.createDirectories(sandbox.resolve("figures"));
        Map<String, String> env = Map.of("REASONBRIDGE_LAB", sandbox.resolve("lab").toString(),
                "REASONBRIDGE_FIGURES", figures.toString());
        long started = System.nanoTime();
        jupyter.run(1800, Jupyter.root().resolve("notebooks"), env, Jupyter.JUPYTER.toString(), "nbconvert", "--to",
                        "notebook", "--execute", "--ExecutePreprocessor.timeout=1200", "--output-dir", out.toString(),
                        notebook.toString())
                .assertOk("jupyter nbconvert --execute " + notebook);
        System.out.printf(Locale.ROOT, "notebook %s ran in %.1f s%n", name, (System.nanoTime() - started) / 1e9);

        JsonNode executed = Json.MAPPER.readTree(out.resolve(name + ".ipynb").toFile());
        List<String> errors = new ArrayList<>();
        int pngs = 0;
        for (JsonNode cell : executed.get("cells")) {
            for (JsonNode o : cell.path("outputs")) {
                if (o.path("output_type").asText().equals("error")) errors.add(o.path("evalue").asText());
                if (o.path("data").has("image/png")) pngs++;
            }
        }
        if (!errors.isEmpty()) fail(name + ": cells failed: " + errors);
        assertTrue(pngs > 0, name + " shows no figure");
        Path png = figures.resolve(figure);
        assertTrue(Files.size(png) > 1000, name + " did not save its main figure " + png);
    }
}
