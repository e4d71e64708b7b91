package org.reasonbridge.notebook.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Java block of the README, run snippet by snippet in the notebook kernel's JShell (its start-up imports, the
 * project on the class path) as a reader would paste it. A snippet that does not compile (a missing import, a
 * method that does not exist, a leading-dot chain JShell cuts in two) fails the test with the block and the
 * compiler's words; one that compiles and then throws is fine, since the README's model folders, pools and servers
 * are the reader's own and not here. The values a block supposes the reader already has (a trace, a model) are
 * declared first, as the table below says.
 */
class ReadmeSnippetsTest {
    private static final Pattern BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
    /** What a block supposes, by a text it contains: declarations run before it. */
    private static final Map<String, String> GIVEN = Map.of(
            "Traces.levels(trace)", """
                    String trace = "<strategic>Add.</strategic>";
                    org.reasonbridge.model.Model model = null;
                    org.reasonbridge.model.generate.Generation generation = null;
                    org.reasonbridge.inference.InterventionPolicy policy = null;
                    Path modelDir = Path.of("model"), data = Path.of("data.jsonl"), out = Path.of("runs/a");
                    org.reasonbridge.training.TrainingConfig config = null;
                    org.reasonbridge.curation.CurationInputs inputs = null;
                    org.reasonbridge.eval.Benchmark benchmark = null;
                    org.reasonbridge.lm.LanguageModel solver = null;
                    org.reasonbridge.eval.EvalOptions options = null;
                    Object value = 1, newValue = 2;
                    """);

    private static CellEvaluator cells;
    private static Path scratch;

    @BeforeAll
    static void start() throws IOException {
        cells = new CellEvaluator(JavaKernel.STARTUP);
        scratch = Files.createTempDirectory("readme-snippets");
    }

    @AfterAll
    static void stop() {
        cells.close();
    }

    @Test
    void everyJavaBlockCompiles() throws IOException {
        Path root = Path.of(System.getProperty("reasonbridge.root", "..")).toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"));
        List<String> problems = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme);
        int blocks = 0;
        while (m.find()) {
            blocks++;
            String block = m.group(1);
            int line = readme.substring(0, m.start()).split("\n", -1).length + 1;
            String given = GIVEN.entrySet().stream().filter(e -> block.contains(e.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElse("");
            // relative paths of the README (runs/a, out) land in a scratch folder, not in the checkout
            String code = (given + block).replace("Path.of(\"", "Path.of(\"" + scratch + "/");
            for (String snippet : cells.snippets(code)) {
                try {
                    cells.evalCell(snippet);
                } catch (CompilationException e) {
                    problems.add("README.md:" + line + ": " + snippet.strip() + "\n    " + String.join("\n    ", e.lines()));
                } catch (RuntimeException e) {
                    // compiled and threw: the README's files and servers are the reader's
                }
            }
        }
        assertTrue(blocks >= 4, "java blocks found: " + blocks);
        assertEquals(List.of(), problems, String.join("\n", problems));
    }
}
