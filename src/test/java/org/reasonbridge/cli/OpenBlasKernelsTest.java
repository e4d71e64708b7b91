package org.reasonbridge.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launchers' choice of OpenBLAS kernels and library ({@code framework/src/main/sh/openblas-kernels.sh}, sourced
 * by {@code ./reasonbridge}, the notebook kernel and the profiling harness): AVX-512 kernels on AMD CPUs that have
 * every extension they use, nothing on Intel (OpenBLAS detects those itself), and a value the user set is kept; the
 * system's OpenBLAS when it is 0.3.21 or newer, else the bundled library, unless {@code REASONBRIDGE_BLAS} names one.
 */
class OpenBlasKernelsTest {
    private static final String AVX512 = "avx512f avx512dq avx512cd avx512bw avx512vl";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "AMD with AVX-512              | AuthenticAMD | fpu avx2 " + AVX512 + " avx512_bf16 | NULL    | SkylakeX",
        "AMD without avx512vl          | AuthenticAMD | fpu avx2 avx512f avx512dq avx512cd avx512bw | NULL | unset",
        "AMD with AVX2 only (Zen 3)    | AuthenticAMD | fpu avx avx2 fma                 | NULL    | unset",
        "Intel with AVX-512            | GenuineIntel | fpu avx2 " + AVX512 + "              | NULL    | unset",
        "the user's choice is kept     | AuthenticAMD | fpu avx2 " + AVX512 + "              | Haswell | Haswell",
        "an empty choice is kept       | AuthenticAMD | fpu avx2 " + AVX512 + "              | ''      | ''",
        "a flag's prefix does not count | AuthenticAMD | fpu avx2 avx512f avx512dq avx512cd avx512bw avx512vlx | NULL | unset",
    })
    void choosesKernels(String name, String vendor, String flags, String preset, String expected, @TempDir Path dir)
            throws Exception {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: " + vendor + "\ncpu family\t: 26\nflags\t\t: " + flags
                + "\n\nprocessor\t: 1\nvendor_id\t: " + vendor + "\n");
        assertEquals(expected, run(cpuinfo, preset), name);
    }

    @org.junit.jupiter.api.Test
    void withoutCpuinfoNothingIsChosen(@TempDir Path dir) throws Exception {
        assertEquals("unset", run(dir.resolve("missing"), null));
        Path noFlags = dir.resolve("cpuinfo");
        Files.writeString(noFlags, "processor\t: 0\nvendor_id\t: AuthenticAMD\n");
        assertEquals("unset", run(noFlags, null), "an AMD CPU without a flags line");
    }

    /**
     * Which library: "system" preloads the first libopenblas.so.0 in the searched folders (pthread flavour first), a
     * path preloads that file, before any LD_PRELOAD the user had; "auto" (or unset) preloads the system's when the
     * file its link resolves to names version 0.3.21 or newer and otherwise leaves ND4J's own, as "bundled" does;
     * anything missing stops the launcher with a message. {@code lib} names the flavour folders made under a fake
     * library folder ("-" for none; "flavour@0.3.N" makes libopenblas.so.0 a link to libopenblasp-r0.3.N.so, as
     * Debian installs it); the output is LD_PRELOAD | the JVM options, or the exit code and message.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "unset: a system 0.3.21           | NULL       | openblas-pthread@0.3.21 | NULL | LIB/openblas-pthread/libopenblas.so.0 | -Djdk.lang.processReaperUseDefaultStackSize=true",
        "auto: a newer one, OpenMP flavour | auto      | openblas-openmp@0.3.30 | NULL  | LIB/openblas-openmp/libopenblas.so.0 | -Djdk.lang.processReaperUseDefaultStackSize=true",
        "auto: an older system one        | auto       | openblas-pthread@0.3.13 | NULL | unset | ''",
        "auto: a version it cannot read   | auto       | openblas-pthread | NULL    | unset | ''",
        "unset: no system library         | NULL       | -                | NULL    | unset | ''",
        "bundled                         | bundled    | openblas-pthread | NULL    | unset | ''",
        "system: pthread flavour first   | system     | openblas-openmp openblas-pthread | NULL | LIB/openblas-pthread/libopenblas.so.0 | -Djdk.lang.processReaperUseDefaultStackSize=true",
        "system: the OpenMP flavour      | system     | openblas-openmp  | NULL    | LIB/openblas-openmp/libopenblas.so.0 | -Djdk.lang.processReaperUseDefaultStackSize=true",
        "system: the user's preload kept | system     | openblas-pthread | /x.so   | LIB/openblas-pthread/libopenblas.so.0:/x.so | -Djdk.lang.processReaperUseDefaultStackSize=true",
        "a path                          | LIB/openblas-serial/libopenblas.so.0 | openblas-serial | NULL | LIB/openblas-serial/libopenblas.so.0 | -Djdk.lang.processReaperUseDefaultStackSize=true",
        "system without one              | system     | -                | NULL    | exit 1 | no libopenblas.so.0 was found (on Debian: apt-get install libopenblas0-pthread)",
        "a missing path                  | /none/libopenblas.so.0 | -    | NULL    | exit 1 | REASONBRIDGE_BLAS=/none/libopenblas.so.0 is not a readable library file",
        "a folder                        | LIB        | -                | NULL    | exit 1 | is not a readable library file",
    })
    void choosesLibrary(String name, String blas, String flavours, String preload, String expectedPreload,
                        String expectedOpts, @TempDir Path dir) throws Exception {
        Path lib = dir.resolve("lib");
        Files.createDirectories(lib);
        for (String flavour : flavours.split(" ")) {
            if (flavour.equals("-")) continue;
            String[] versioned = flavour.split("@");
            Path folder = Files.createDirectories(lib.resolve(versioned[0]));
            Path file = folder.resolve(versioned.length == 1 ? "libopenblas.so.0" : "libopenblasp-r" + versioned[1] + ".so");
            Files.writeString(file, "not loaded by this test");
            if (versioned.length == 2) Files.createSymbolicLink(folder.resolve("libopenblas.so.0"), file.getFileName());
        }
        ProcessBuilder pb = script("if [ -n \"${LD_PRELOAD+set}\" ]; then printf '%s' \"$LD_PRELOAD\"; else printf unset; fi; "
                + "printf '|%s|%s' \"$REASONBRIDGE_BLAS_JAVA_OPTS\" \"${REASONBRIDGE_BLAS_PRELOAD:-}\"");
        pb.redirectErrorStream(false); // a preload the test names is not a library: the dynamic linker says so on stderr
        pb.environment().remove("LD_PRELOAD");
        pb.environment().remove("REASONBRIDGE_BLAS");
        pb.environment().remove("REASONBRIDGE_BLAS_PRELOAD");
        if (blas != null) pb.environment().put("REASONBRIDGE_BLAS", blas.replace("LIB", lib.toString()));
        if (preload != null) pb.environment().put("LD_PRELOAD", preload);
        pb.environment().put("REASONBRIDGE_LIBDIRS", dir.resolve("nothing-here") + " " + lib);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the script did not finish");
        if (expectedPreload.startsWith("exit")) {
            assertEquals(Integer.parseInt(expectedPreload.substring(5)), p.exitValue(), name + ": " + out + err);
            assertTrue(err.contains(expectedOpts.replace("LIB", lib.toString())), name + ": " + err);
        } else {
            assertEquals(0, p.exitValue(), name + ": " + out + err);
            String preloaded = expectedPreload.replace("LIB", lib.toString());
            String recorded = preloaded.equals("unset") ? "" : preloaded.split(":")[0]; // what bench takes off its peer
            assertEquals(preloaded + "|" + expectedOpts.replace("''", "") + "|" + recorded, out, name);
        }
    }

    /** A bash that sources the script under the launchers' {@code set -euo pipefail}, then runs {@code then}. */
    private static ProcessBuilder script(String then) {
        Path root = Path.of(System.getProperty("reasonbridge.root", "..")).toAbsolutePath().normalize();
        return new ProcessBuilder("bash", "-c", "set -euo pipefail; source framework/src/main/sh/openblas-kernels.sh; " + then)
                .directory(root.toFile()).redirectErrorStream(true);
    }

    /** OPENBLAS_CORETYPE after sourcing the script with {@code cpuinfo} (and a preset value, or none), or "unset". */
    private static String run(Path cpuinfo, String preset) throws Exception {
        ProcessBuilder pb = script("if [ -n \"${OPENBLAS_CORETYPE+set}\" ]; then printf \"'%s'\" \"$OPENBLAS_CORETYPE\"; else printf unset; fi");
        pb.environment().remove("REASONBRIDGE_BLAS");
        pb.environment().remove("OPENBLAS_CORETYPE"); // this machine's own setting must not decide the cases
        if (preset != null) pb.environment().put("OPENBLAS_CORETYPE", preset);
        pb.environment().put("REASONBRIDGE_CPUINFO", cpuinfo.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the script did not finish");
        assertEquals(0, p.exitValue(), out);
        return out.startsWith("'") ? out.substring(1, out.length() - 1) : out;
    }
}
