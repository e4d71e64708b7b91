package org.reasonbridge.notebook.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel as Jupyter sees it, driven by Debian's Jupyter (jupyter_client, jupyter_kernel_test, nbconvert) in a
 * sandbox: the protocol conformance suite, the behaviour a notebook user relies on (errors, interrupts, rich and
 * updating outputs), a notebook executed headless, and repeated starts.
 */
class KernelProtocolTest {
    /** The conformance tests the kernel must pass, not skip. */
    private static final List<String> REQUIRED = List.of("test_kernel_info", "test_execute_stdout",
            "test_execute_stderr", "test_error", "test_completion", "test_inspect", "test_is_complete",
            "test_display_data", "test_execute_result");

    @TempDir
    static Path sandbox;
    private static Jupyter jupyter;

    @BeforeAll
    static void installKernel() throws Exception {
        jupyter = Jupyter.install(sandbox);
    }

    private static Jupyter.Result python(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Jupyter.PYTHON.toString()));
        command.addAll(List.of(args));
        return jupyter.run(900, Jupyter.PYTHON_TESTS, command.toArray(String[]::new));
    }

    @Test
    void passesJupytersKernelConformanceSuite() throws Exception {
        Jupyter.Result r = python("-m", "unittest", "-v", "test_kernel_protocol");
        r.assertOk("jupyter_kernel_test");
        for (String test : REQUIRED) {
            assertTrue(Pattern.compile("(?m)^" + test + " \\(.*\\) \\.\\.\\. ok$").matcher(r.output()).find(),
                    test + " did not pass (a skip is a failure here):\n" + r.output());
        }
    }

    @Test
    void errorsAndInterruptsLeaveTheKernelUsableAndOutputsAreRich() throws Exception {
        Jupyter.Result r = python("-m", "unittest", "-v", "test_kernel_behaviour");
        r.assertOk("the behaviour tests");
        assertFalse(r.output().contains("skipped"), "no behaviour test may skip:\n" + r.output());
    }

    @Test
    void smokeNotebookRunsHeadlessWithoutACellError() throws Exception {
        Path out = sandbox.resolve("executed");
        Files.createDirectories(out);
        Path notebook = Jupyter.root().resolve("notebooks/smoke.ipynb");
        // an untagged cell error makes nbconvert exit 1; the one cell meant to fail is tagged raises-exception
        jupyter.run(900, out, Jupyter.JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=600", "--output-dir", out.toString(), notebook.toString())
                .assertOk("jupyter nbconvert --execute " + notebook);

        JsonNode executed = new ObjectMapper().readTree(out.resolve("smoke.ipynb").toFile());
        List<String> mimes = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (JsonNode cell : executed.get("cells")) {
            for (JsonNode o : cell.path("outputs")) {
                o.path("data").fieldNames().forEachRemaining(mimes::add);
                texts.add(o.path("data").path("text/plain").toString() + o.path("evalue").asText());
            }
        }
        assertTrue(mimes.contains("image/png"), "the chart: " + mimes);
        assertTrue(mimes.contains("text/html"), "the table and the trace: " + mimes);
        String all = String.join("\n", texts);
        assertTrue(all.contains("6.0"), "ND4J's sum in the kernel: " + all);
        assertTrue(all.contains("an error is shown, and the next cell runs"), all);
        assertTrue(all.contains("still running after 6 rows"), all);
    }

    @Test
    void startsAgainAndAgain() throws Exception {
        // a few starts here; bench_kernel_starts.py 50 is the long run (README, Notebooks)
        Jupyter.Result r = python("bench_kernel_starts.py", "3", Jupyter.KERNEL);
        r.assertOk("repeated kernel starts");
        assertTrue(r.output().contains("kernel starts: 3 ok, 0 failed"), r.output());
    }
}
