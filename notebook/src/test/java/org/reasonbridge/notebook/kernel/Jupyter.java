package org.reasonbridge.notebook.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian's Jupyter driving the kernel as a user's would, inside a sandbox: the kernelspec installed by
 * {@code kernels-config/install} into a temporary JUPYTER_PATH (the kernel runs on this module's class path), and
 * Jupyter's data, config and runtime folders temporary too, so nothing outside the sandbox is read or written.
 */
final class Jupyter {
    /** The kernel's name, the one the user's install gives it (the smoke notebook asks for it). */
    static final String KERNEL = "reasonbridge-java";
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path JUPYTER = Path.of("/usr/bin/jupyter");
    static final Path PYTHON_TESTS = Path.of("src/test/python").toAbsolutePath();

    private final Path home;

    private Jupyter(Path home) {
        this.home = home;
    }

    /** The repository's root (the build passes it; the module's parent otherwise). */
    static Path root() {
        String root = System.getProperty("reasonbridge.root");
        return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
    }

    /** Installs the kernel into a sandbox under {@code dir}. Fails (never skips) when Jupyter is missing. */
    static Jupyter install(Path dir) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(PYTHON) && Files.isExecutable(JUPYTER), "Debian's Jupyter is missing: run "
                + root().resolve("kernels-config/ensure-jupyter") + " (the build runs it before the tests)");
        Path classpathFile = Path.of("target/kernel-classpath.txt");
        assertTrue(Files.isRegularFile(classpathFile), classpathFile + " is missing: the build writes it (generate-test-resources)");
        String classpath = Path.of("target/classes").toAbsolutePath() + java.io.File.pathSeparator
                + Files.readString(classpathFile).strip();
        Jupyter jupyter = new Jupyter(dir);
        for (String d : List.of("path", "data", "config", "runtime", "ipython")) Files.createDirectories(dir.resolve(d));
        Result r = jupyter.run(600, root(), root().resolve("kernels-config/install").toString(),
                "--jupyter-path", dir.resolve("path").toString(), "--classpath", classpath,
                // JavaCPP's native libraries unpack under target/, not into the home folder
                "--env", "REASONBRIDGE_JAVACPP_CACHE=" + Path.of("target/javacpp").toAbsolutePath());
        r.assertOk("kernels-config/install");
        return jupyter;
    }

    /** The environment every Jupyter command of the sandbox runs with. */
    Map<String, String> environment() {
        return Map.of("JUPYTER_PATH", home.resolve("path").toString(),
                "JUPYTER_DATA_DIR", home.resolve("data").toString(),
                "JUPYTER_CONFIG_DIR", home.resolve("config").toString(),
                "JUPYTER_RUNTIME_DIR", home.resolve("runtime").toString(),
                "IPYTHONDIR", home.resolve("ipython").toString(),
                "RB_KERNEL_NAME", KERNEL,
                "PYTHONDONTWRITEBYTECODE", "1");
    }

    /** Runs {@code command} in {@code dir} with the sandbox's environment; fails when it outlives {@code seconds}. */
    Result run(long seconds, Path dir, String... command) throws IOException, InterruptedException {
        return run(seconds, dir, Map.of(), command);
    }

    /** {@link #run(long, Path, String...)} with {@code extra} added to the environment (the kernel inherits it). */
    Result run(long seconds, Path dir, Map<String, String> extra, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(environment());
        pb.environment().putAll(extra);
        Process p = pb.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not end within " + seconds + " s; its output:\n" + output.getNow("(none)"));
        }
        return new Result(List.of(command), p.exitValue(), output.join());
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A finished command: its exit status and everything it printed. */
    record Result(List<String> command, int exit, String output) {
        Result {
            command = new ArrayList<>(command);
        }

        void assertOk(String what) {
            if (exit != 0) fail(what + " exited with " + exit + ":\n" + output);
        }
    }
}
