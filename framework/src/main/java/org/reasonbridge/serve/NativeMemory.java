package org.reasonbridge.serve;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SessionMemMgr;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;

/**
 * Keeps the model worker's memory bounded and gives it back between requests. What held memory after a long prompt
 * (measured: 3.6 GB resident after one 8k-token prompt on the small preset, for a 0.4 GB model): SameDiff's
 * per-thread {@link ArrayCacheMemoryMgr}, which keeps released arrays for reuse up to a quarter of JavaCPP's
 * {@code maxbytes}; arrays only the garbage collector frees; and glibc, which keeps freed pages in its arenas. And
 * what grows with every request: the session's set of freed array ids ({@code InferenceSession.freedArrays}, never
 * cleared in 1.0.0-M2.1: 350k ids, 25 MB of heap, after 500 requests).
 *
 * <p>The worker thread runs a {@link WorkerSession}: a capped array cache, the freed ids forgotten after every batch,
 * and once the queue is empty the cache emptied, the heap collected and the freed pages returned ({@code malloc_trim}).
 */
final class NativeMemory {
    /** The worker session's array cache at most: enough for a decode step's arrays, small next to a long prompt's. */
    static final long ARRAY_CACHE_BYTES = 256L << 20;

    private NativeMemory() {
    }

    /** Makes {@code graph} run the calling thread's passes in a new {@link WorkerSession}. */
    static WorkerSession install(SameDiff graph) {
        WorkerSession s = new WorkerSession(graph);
        graph.getSessions().put(Thread.currentThread().getId(), s);
        return s;
    }

    /** SameDiff's inference session for the model worker, with the two ways to give memory back. */
    static final class WorkerSession extends InferenceSession {
        WorkerSession(SameDiff graph) {
            super(graph);
            setMmgr(cappedCache());
        }

        /**
         * Forgets the ids of arrays released in earlier passes. The set only stops a pass from releasing an array
         * twice; across passes it just grows (and keeps a reused cached array from ever being released again).
         */
        void afterBatch() {
            freedArrays.clear();
        }

        /** Frees the cached arrays, then what only the collector frees, then returns the freed pages to the system. */
        void release() {
            SessionMemMgr old = getMmgr();
            setMmgr(cappedCache());
            old.close(); // closes every cached array; the old manager is not used again
            freedArrays.clear();
            System.gc();
            try {
                MallocTrim.run();
            } catch (LinkageError e) {
                // JNA is not on the class path: memory is returned less eagerly, nothing breaks
            }
        }
    }

    private static ArrayCacheMemoryMgr cappedCache() {
        ArrayCacheMemoryMgr m = new ArrayCacheMemoryMgr();
        m.setMaxCacheBytes(Math.min(m.getMaxCacheBytes(), ARRAY_CACHE_BYTES));
        return m;
    }

    /** glibc's {@code malloc_trim(0)} through JNA (on the class path with the tokenizer); a no-op elsewhere. */
    private static final class MallocTrim {
        private static final com.sun.jna.Function TRIM = find();

        private static com.sun.jna.Function find() {
            try {
                return com.sun.jna.NativeLibrary.getInstance("c").getFunction("malloc_trim");
            } catch (Throwable e) { // not glibc: memory is returned less eagerly, nothing breaks
                return null;
            }
        }

        static void run() {
            if (TRIM != null) TRIM.invokeInt(new Object[]{0});
        }
    }
}
