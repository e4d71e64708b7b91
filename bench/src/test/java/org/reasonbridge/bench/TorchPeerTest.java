package org.reasonbridge.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The summary line of alternating rounds: each ratio's median (odd and even counts) and its range, in given order;
 * and which OpenBLAS the JVM's calls go to, read from its mapped files and LD_PRELOAD.
 */
class TorchPeerTest {
    private static final String CACHE = "/root/.cache/reasonbridge/javacpp/org/bytedeco/openblas/linux-x86_64/";

    @Test
    void thePeerRunsWithoutTheLibraryPreloadedForUs() {
        String[][] cases = { // LD_PRELOAD, REASONBRIDGE_BLAS_PRELOAD, the peer's LD_PRELOAD (null: unset)
            {"/sys/libopenblas.so.0", "/sys/libopenblas.so.0", null},
            {"/sys/libopenblas.so.0:/x/libjemalloc.so", "/sys/libopenblas.so.0", "/x/libjemalloc.so"},
            {"/x/libjemalloc.so /sys/libopenblas.so.0", "/sys/libopenblas.so.0", "/x/libjemalloc.so"},
            {"/x/libjemalloc.so", null, "/x/libjemalloc.so"},               // the launcher preloaded nothing
            {null, "/sys/libopenblas.so.0", null},
        };
        for (String[] c : cases) {
            Map<String, String> env = new HashMap<>();
            if (c[0] != null) env.put("LD_PRELOAD", c[0]);
            if (c[1] != null) env.put("REASONBRIDGE_BLAS_PRELOAD", c[1]);
            TorchPeer.withoutOurBlas(env);
            assertEquals(c[2], env.get("LD_PRELOAD"), String.join(" | ", Arrays.asList(c)));
            assertEquals(null, env.get("REASONBRIDGE_BLAS_PRELOAD"));
        }
    }

    @Test
    void blasLibraryReportsWhatIsMapped(@TempDir Path dir) throws IOException {
        String bundled = "bundled with ND4J, " + org.bytedeco.openblas.global.openblas_nolapack.OPENBLAS_VERSION.trim();
        List<String> nd4jOnly = List.of("/usr/lib/jvm/java-17/lib/server/libjvm.so", CACHE + "libopenblas_nolapack.so.0",
                CACHE + "libjniopenblas_nolapack.so", CACHE + "libopenblas.so.0");
        assertEquals(bundled + " (libopenblas_nolapack.so.0)", TorchPeer.blasLibrary(nd4jOnly, null));
        assertEquals(bundled + " (libopenblas_nolapack.so.0)", TorchPeer.blasLibrary(nd4jOnly, "/usr/lib/libjemalloc.so.2"),
                "a preload that is not an OpenBLAS");
        // the dynamic linker refused the preload (a missing file): nothing of it is mapped, so the bundled one serves
        assertEquals(bundled + " (libopenblas_nolapack.so.0)", TorchPeer.blasLibrary(nd4jOnly, "/nonexistent/libopenblas.so.0"));
        List<String> preloaded = new ArrayList<>(nd4jOnly);
        preloaded.add(0, "/nonexistent/dir/libopenblasp-r0.3.21.so");
        assertEquals("/nonexistent/dir/libopenblasp-r0.3.21.so (preloaded)",
                TorchPeer.blasLibrary(preloaded, "/x/libjemalloc.so:/nonexistent/dir/libopenblasp-r0.3.21.so"));
        assertEquals("none mapped (not the CPU backend?)", TorchPeer.blasLibrary(List.of("/usr/lib/libc.so.6"), null));
        // a symlink, as Debian installs libopenblas.so.0 -> libopenblasp-r0.3.21.so, names the file that is mapped
        Path real = Files.writeString(dir.resolve("libopenblasp-r0.3.21.so"), "not loaded by this test").toRealPath();
        Path link = Files.createSymbolicLink(dir.resolve("libopenblas.so.0"), real);
        assertEquals(real + " (preloaded)",
                TorchPeer.blasLibrary(List.of(real.toString(), CACHE + "libopenblas_nolapack.so.0"), link.toString()));
    }

    @Test
    void roundsLineGivesMedianAndRangeOfEachRatio() {
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        ratios.put("decode median", List.of(1.6, 1.2, 1.4));    // odd: the middle one
        ratios.put("prefill", List.of(0.9, 0.7, 1.0, 0.8));     // even: the mean of the middle two
        assertEquals("ratio over 4 alternating rounds, median [min, max]: decode median 1.40x [1.20, 1.60], "
                + "prefill 0.85x [0.70, 1.00]", TorchPeer.roundsLine(4, ratios));
        assertEquals("ratio over 1 alternating rounds, median [min, max]: prefill 0.93x [0.93, 0.93]",
                TorchPeer.roundsLine(1, Map.of("prefill", List.of(0.93))));
    }
}
