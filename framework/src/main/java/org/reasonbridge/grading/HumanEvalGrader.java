package org.reasonbridge.grading;

import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.data.ThinkingSplit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * HumanEval's functional-correctness check: prompt + completion + the problem's tests + {@code check(entry_point)}
 * run by {@code python3} in a separate process, in a fresh temporary folder, under a wall-clock limit, an
 * address-space limit, a file-size cap and, where {@code unshare -rn} works, without network.
 *
 * <p><b>Risk:</b> this runs code a model wrote, on this machine, as this user. The limits stop the usual accidents
 * (loops, memory hogs, network calls) but are no sandbox against a hostile program: it can still read and write
 * what this user can. Hence the explicit {@code allowCodeExecution} flag.
 */
public final class HumanEvalGrader {
    /** Sandbox limits. Defaults: 10 s wall clock, 1 GiB address space, 64 KiB of output kept, 1 MiB files. */
    public record Limits(Duration timeout, long memoryBytes, int outputBytes, long fileBytes) {
        public Limits {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
            if (memoryBytes < 64L << 20) throw new IllegalArgumentException("memoryBytes must be >= 64 MiB, got " + memoryBytes);
            if (outputBytes <= 0 || fileBytes <= 0) throw new IllegalArgumentException("outputBytes and fileBytes must be positive");
        }

        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(10), 1L << 30, 64 << 10, 1L << 20);
        }

        public Limits withTimeout(Duration d) {
            return new Limits(d, memoryBytes, outputBytes, fileBytes);
        }

        public Limits withMemoryBytes(long b) {
            return new Limits(timeout, b, outputBytes, fileBytes);
        }
    }

    /** How a program ended. */
    public enum Status { PASSED, FAILED, TIMEOUT }

    /** The verdict with what the program printed (capped), for the sample log. */
    public record Outcome(Status status, int exitCode, String output) {
        public boolean passed() {
            return status == Status.PASSED;
        }
    }

    static final String PYTHON = "/usr/bin/python3";
    private static final Pattern FENCE = Pattern.compile("```[a-zA-Z0-9_+-]*\\s*\\n(.*?)```", Pattern.DOTALL);
    private static final boolean SETSID = Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"));
    private static volatile Boolean networkIsolation;

    private final Limits limits;

    /**
     * @param allowCodeExecution must be true: the caller accepts that model-written code runs on this machine
     * @throws SecurityException when it is false
     */
    public HumanEvalGrader(boolean allowCodeExecution, Limits limits) {
        if (!allowCodeExecution) {
            throw new SecurityException("HumanEval grading runs model-written code on this machine; "
                    + "it needs an explicit opt-in (allowCodeExecution / --allow-code-execution)");
        }
        this.limits = limits;
    }

    public HumanEvalGrader(boolean allowCodeExecution) {
        this(allowCodeExecution, Limits.defaults());
    }

    /** Whether the programs run without network ({@code unshare -rn} worked here); probed once. */
    public static boolean networkIsolated() {
        if (networkIsolation == null) {
            try {
                Process p = new ProcessBuilder("unshare", "-rn", "true").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                networkIsolation = p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                networkIsolation = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return networkIsolation;
    }

    /** The code of a completion: after any thinking, the first markdown code block when there is one. */
    public static String extractCode(String completion) {
        return extractCode(ThinkingFormat.splitAny(completion));
    }

    /** The code of a completion already split: in its answer, the first markdown code block when there is one. */
    public static String extractCode(ThinkingSplit completion) {
        String s = completion.answer();
        Matcher m = FENCE.matcher(s);
        return m.find() ? m.group(1) : s;
    }

    /** The program run for one problem; a completion that restates the whole function replaces the prompt's. */
    public static String program(String prompt, String completion, String test, String entryPoint) {
        return program(prompt, ThinkingFormat.splitAny(completion), test, entryPoint);
    }

    /** {@link #program(String, String, String, String)} of a completion already split. */
    public static String program(String prompt, ThinkingSplit completion, String test, String entryPoint) {
        String code = extractCode(completion);
        // a chat model often answers with the whole function; keep the prompt for its imports and redefine it
        String body = code.contains("def " + entryPoint + "(") ? prompt + "\n    pass\n\n" + code : prompt + code;
        return body + "\n\n" + test + "\n\ncheck(" + entryPoint + ")\n";
    }

    /** Grades a completion of a problem whose metadata has {@code prompt}, {@code test} and {@code entry_point}. */
    public Outcome grade(String completion, Map<String, String> metadata) {
        return grade(ThinkingFormat.splitAny(completion), metadata);
    }

    /** {@link #grade(String, Map)} of a completion already split into thinking and answer. */
    public Outcome grade(ThinkingSplit completion, Map<String, String> metadata) {
        for (String k : List.of("prompt", "test", "entry_point")) {
            if (!metadata.containsKey(k)) throw new IllegalArgumentException("HumanEval problem without '" + k + "'");
        }
        return run(program(metadata.get("prompt"), completion, metadata.get("test"), metadata.get("entry_point")));
    }

    /** Runs a Python program under the limits; PASSED when it exits with 0. */
    public Outcome run(String program) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("humaneval");
            Path source = dir.resolve("program.py");
            Files.writeString(source, program, StandardCharsets.UTF_8);
            Path output = dir.resolve("output.txt");
            ProcessBuilder pb = new ProcessBuilder(command(source)).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            Map<String, String> env = pb.environment();
            env.clear(); // no API keys or proxies for the program
            env.put("PATH", "/usr/bin:/bin");
            env.put("HOME", dir.toString());
            env.put("LANG", "C.UTF-8");
            env.put("PYTHONDONTWRITEBYTECODE", "1");
            Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            boolean finished = p.waitFor(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
            killTree(p); // also after a normal exit: background processes it left behind
            String out = head(output);
            if (!finished) return new Outcome(Status.TIMEOUT, -1, out);
            return new Outcome(p.exitValue() == 0 ? Status.PASSED : Status.FAILED, p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + PYTHON, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while grading", e);
        } finally {
            if (dir != null) deleteQuietly(dir);
        }
    }

    private List<String> command(Path source) {
        List<String> cmd = new ArrayList<>();
        // its own process group (setsid execs in place: pid = pgid), so a kill reaches orphaned grandchildren too
        if (SETSID) cmd.add("setsid");
        if (networkIsolated()) cmd.addAll(List.of("unshare", "-rn"));
        // prlimit applies to the exec'd python and is inherited by anything it starts
        cmd.addAll(List.of("prlimit", "--as=" + limits.memoryBytes(), "--fsize=" + limits.fileBytes(),
                "--core=0", "--", PYTHON, "-I", "-B", source.getFileName().toString()));
        return cmd;
    }

    private static void killTree(Process p) throws InterruptedException {
        if (SETSID) {
            try {
                new ProcessBuilder("kill", "-KILL", "--", "-" + p.pid()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException ignored) {
                // fall through to the descendants we can still see
            }
        }
        // descendants first: once the parent dies they are re-parented and out of reach
        p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
    }

    private String head(Path output) throws IOException {
        if (!Files.exists(output)) return "";
        try (InputStream in = Files.newInputStream(output)) {
            return new String(in.readNBytes(limits.outputBytes()), StandardCharsets.UTF_8);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a leftover temporary folder is harmless
        }
    }
}
