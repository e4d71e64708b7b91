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
 * The launchers' choice of OpenBLAS kernels ({@code framework/src/main/sh/openblas-kernels.sh}, sourced by
 * {@code ./reasonbridge}, the notebook kernel and the profiling harness): AVX-512 kernels on AMD CPUs that have
 * every extension they use, nothing on Intel (OpenBLAS detects those itself), and a value the user set is kept.
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

    /** OPENBLAS_CORETYPE after sourcing the script with {@code cpuinfo} (and a preset value, or none), or "unset". */
    private static String run(Path cpuinfo, String preset) throws Exception {
        Path root = Path.of(System.getProperty("reasonbridge.root", "..")).toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -euo pipefail; source framework/src/main/sh/openblas-kernels.sh; "
                + "if [ -n \"${OPENBLAS_CORETYPE+set}\" ]; then printf \"'%s'\" \"$OPENBLAS_CORETYPE\"; else printf unset; fi")
                .directory(root.toFile()).redirectErrorStream(true);
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
