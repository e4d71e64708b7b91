package org.reasonbridge.serve;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SessionMemMgr;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the model worker's off-heap memory bounded and gives it back between requests. Three things held memory
 * after a long prompt (measured: 3.6 GB resident after one 8k-token prompt on the small preset, for a 0.4 GB
 * model): SameDiff's per-thread {@link ArrayCacheMemoryMgr}, which keeps released arrays for reuse up to a quarter
 * of JavaCPP's {@code maxbytes}; arrays only the garbage collector frees; and glibc, which keeps freed pages in its
 * arenas. The worker's session gets a small array cache, and once the queue is empty the cache is emptied, the
 * heap collected and the freed pages returned ({@code malloc_trim}).
 */
final class NativeMemory {
    /** The worker session's array cache at most: enough for a decode step's arrays, small next to a long prompt's. */
    static final long ARRAY_CACHE_BYTES = 256L << 20;

    private NativeMemory() {
    }

    /** Gives the calling thread's session of {@code graph} a capped array cache (created now if the thread has none). */
    static void capArrayCache(SameDiff graph) {
        InferenceSession session = graph.getSessions().computeIfAbsent(Thread.currentThread().getId(),
                id -> new InferenceSession(graph));
        session.setMmgr(cappedCache());
    }

    /** Frees the calling thread's cached arrays, then what only the collector frees, then returns freed pages. */
    static void release(SameDiff graph) {
        InferenceSession session = graph.getSessions().get(Thread.currentThread().getId());
        if (session != null) {
            SessionMemMgr old = session.getMmgr();
            session.setMmgr(cappedCache());
            old.close(); // closes every cached array; the old manager is not used again
        }
        System.gc();
        try {
            MallocTrim.run();
        } catch (LinkageError e) {
            // JNA is not on the class path: memory is returned less eagerly, nothing breaks
        }
    }

    private static ArrayCacheMemoryMgr cappedCache() {
        ArrayCacheMemoryMgr m = new ArrayCacheMemoryMgr();
        m.setMaxCacheBytes(Math.min(m.getMaxCacheBytes(), ARRAY_CACHE_BYTES));
        return m;
    }

    /** This process's resident memory ({@code VmRSS}), or -1 where /proc is absent. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** glibc's {@code malloc_trim(0)} through JNA (on the class path with the tokenizer); a no-op elsewhere. */
    private static final class MallocTrim {
        private static final com.sun.jna.Function TRIM = find();

        private static com.sun.jna.Function find() {
            try {
                return com.sun.jna.NativeLibrary.getInstance("c").getFunction("malloc_trim");
            } catch (Throwable e) { // not glibc, or JNA missing: memory is returned less eagerly, nothing breaks
                return null;
            }
        }

        static void run() {
            if (TRIM != null) TRIM.invokeInt(new Object[]{0});
        }
    }
}
