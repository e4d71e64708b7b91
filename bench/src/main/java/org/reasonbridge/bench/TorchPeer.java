package org.reasonbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.reasonbridge.model.json.Json;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The PyTorch side of a benchmark: a Python script run with {@code --torch auto|on|off} semantics (auto: only where
 * the interpreter can import torch), whose last output line is one JSON object.
 */
final class TorchPeer {
    private TorchPeer() {
    }

    /** The peer's flags, one set for every benchmark that runs one (a picocli mixin). */
    static final class Options {
        @Option(names = "--torch", paramLabel = "auto|on|off", defaultValue = "auto", description = "auto (run when torch is importable), on, off.")
        String torch;
        @Option(names = "--python", paramLabel = "FILE", defaultValue = "/usr/bin/python3", description = "Default: ${DEFAULT-VALUE}.")
        Path python;
        @Option(names = "--torch-script", paramLabel = "FILE", description = "Default: the benchmark's own script in the repository.")
        Path torchScript;

        /** {@link TorchPeer#run} with the given script, or {@code defaultScript} (relative to the repository root). */
        Optional<JsonNode> run(String defaultScript, List<String> args) throws IOException, InterruptedException {
            return TorchPeer.run(torch, python, torchScript != null ? torchScript : fromRoot(defaultScript), args);
        }
    }

    /** Threads both sides use: {@code OMP_NUM_THREADS}, else every core. */
    static int threads() {
        String omp = System.getenv("OMP_NUM_THREADS");
        return omp == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(omp.trim());
    }

    /**
     * Which OpenBLAS kernels the engines run: both read {@code OPENBLAS_CORETYPE} from this process's environment
     * (the peer inherits it), else each OpenBLAS detects the CPU itself, and the bundled 0.3.19 and Debian's newer
     * library may then pick different kernels (docs/performance.md, "OpenBLAS's kernels on AMD CPUs with AVX-512");
     * and a second line, the OpenBLAS library our side called ({@link #blasLibrary}).
     */
    static String blasKernels() {
        String core = System.getenv("OPENBLAS_CORETYPE");
        return "openblas kernels: " + (core != null ? "OPENBLAS_CORETYPE=" + core + " for both engines"
                : "OPENBLAS_CORETYPE unset, each OpenBLAS detects the CPU")
                + System.lineSeparator() + "openblas library (reasonbridge): " + blasLibrary(mappedFiles(), System.getenv("LD_PRELOAD"));
    }

    private static final String BUNDLED = "bundled with ND4J, " + openblas_nolapack.OPENBLAS_VERSION.trim();

    /**
     * Which OpenBLAS this JVM's BLAS calls resolve to, from the files it has mapped ({@code /proc/self/maps}) and
     * {@code LD_PRELOAD}: a preloaded OpenBLAS (the launcher's {@code REASONBRIDGE_BLAS=system} or a path) comes
     * before the library ND4J bundles. What is loaded, not what was asked for: a preload the dynamic linker
     * refused is not reported.
     */
    static String blasLibrary(List<String> mapped, String preload) {
        List<Path> loaded = mapped.stream().filter(f -> Path.of(f).getFileName().toString().contains("openblas"))
                .map(Path::of).distinct().toList();
        if (preload != null) {
            for (String p : preloads(preload)) {
                if (!Path.of(p).getFileName().toString().contains("openblas")) continue;
                Path real = realPath(Path.of(p));
                if (loaded.contains(real)) return real + " (preloaded)";
            }
        }
        return loaded.stream().filter(f -> f.toString().contains("nolapack")).findFirst()
                .map(f -> BUNDLED + " (" + f.getFileName() + ")")
                .orElse(loaded.isEmpty() ? "none mapped (not the CPU backend?)" : BUNDLED + " (" + loaded.get(0) + ")");
    }

    private static List<String> mappedFiles() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream().map(l -> l.split("\\s+", 6))
                    .filter(c -> c.length == 6 && c[5].startsWith("/")).map(c -> c[5]).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /**
     * One line of ratios over alternating rounds (ours, then the peer, then ours again ...): for each named ratio its
     * median over the rounds with the range, e.g. {@code ratio over 3 alternating rounds, median [min, max]: decode
     * median 1.52x [1.40, 1.61]}. On a shared machine one round's ratio moves with whatever else runs; alternating
     * and taking the median gives each side the same share of the noise.
     */
    static String roundsLine(int rounds, Map<String, List<Double>> ratios) {
        StringBuilder b = new StringBuilder("ratio over " + rounds + " alternating rounds, median [min, max]:");
        String sep = " ";
        for (Map.Entry<String, List<Double>> e : ratios.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            b.append(sep).append(String.format("%s %.2fx [%.2f, %.2f]", e.getKey(), median, v[0], v[v.length - 1]));
            sep = ", ";
        }
        return b.toString();
    }

    /** {@code relative} resolved against the repository root (system property {@code reasonbridge.root}). */
    static Path fromRoot(String relative) {
        return Path.of(System.getProperty("reasonbridge.root", ".")).resolve(relative).normalize();
    }

    /**
     * Runs {@code python script args...} and returns the JSON it printed last; empty when {@code mode} is off, or
     * auto and torch is unavailable (the reason is printed). With {@code on}, unavailability is an error.
     */
    static Optional<JsonNode> run(String mode, Path python, Path script, List<String> args)
            throws IOException, InterruptedException {
        if (!List.of("auto", "on", "off").contains(mode)) {
            throw new IllegalArgumentException("--torch must be auto, on or off, got " + mode);
        }
        if (mode.equals("off")) return Optional.empty();
        String why = !Files.exists(script) ? script + " not found"
                : !Files.isExecutable(python) || !hasTorch(python) ? python + " has no torch" : null;
        if (why != null) {
            if (mode.equals("on")) throw new IllegalStateException("--torch on, but " + why);
            System.out.println("pytorch: skipped (" + why + ")");
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        withoutOurBlas(pb.environment());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String name = script.getFileName().toString();
        if (p.waitFor() != 0) throw new IllegalStateException(name + " failed with exit code " + p.exitValue());
        String line = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException(name + " printed no JSON: " + out));
        return Optional.of(Json.MAPPER.readTree(line));
    }

    /**
     * The peer's environment without the OpenBLAS the launcher preloaded for us ({@code REASONBRIDGE_BLAS}, recorded
     * in {@code REASONBRIDGE_BLAS_PRELOAD}): PyTorch runs on the BLAS it was installed with, so a library chosen for
     * ReasonBridge does not change the peer it is measured against. Other preloads stay.
     */
    static void withoutOurBlas(Map<String, String> env) {
        String ours = env.remove("REASONBRIDGE_BLAS_PRELOAD"), preload = env.get("LD_PRELOAD");
        if (ours == null || ours.isEmpty() || preload == null) return;
        String rest = String.join(":", preloads(preload).stream().filter(p -> !p.equals(ours)).toList());
        if (rest.isEmpty()) env.remove("LD_PRELOAD");
        else env.put("LD_PRELOAD", rest);
    }

    /** The entries of an {@code LD_PRELOAD} value (the dynamic linker separates them by colons or spaces). */
    private static List<String> preloads(String value) {
        return Arrays.stream(value.split("[: ]")).filter(p -> !p.isEmpty()).toList();
    }

    private static boolean hasTorch(Path python) throws InterruptedException {
        try {
            ProcessBuilder pb = new ProcessBuilder(python.toString(), "-c", "import torch").redirectErrorStream(true);
            withoutOurBlas(pb.environment());
            Process p = pb.start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
