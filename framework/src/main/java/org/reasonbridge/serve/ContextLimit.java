package org.reasonbridge.serve;

import org.bytedeco.javacpp.Pointer;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.generate.Generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many tokens the server lets a request hold, so that no request can take the machine down: the model's
 * {@code max_position_embeddings}, lowered to what half of the memory available at start-up holds, or the
 * operator's {@code --max-model-len}. A request over it is refused with a 400 before any work.
 *
 * <p>The memory of a generation grows linearly with the tokens of the batch (prefill runs in chunks of
 * {@link Generator#DEFAULT_PREFILL_CHUNK}, so the attention scores of one pass are [heads, chunk, S]):
 * {@link #bytesPerToken} per token, measured on this implementation (see the README's serve section).
 *
 * @param maxModelLen    prompt plus {@code max_tokens} of one sequence at most
 * @param tokenBudget    rows times (longest prompt plus {@code max_tokens}) of one forward batch at most; at least
 *                       {@code maxModelLen}
 * @param bytesPerToken  the estimated memory of one token of a batch
 * @param availableBytes the memory that was available when the limit was chosen
 * @param reason         where the limit comes from, in words (printed when the server starts)
 */
public record ContextLimit(int maxModelLen, long tokenBudget, long bytesPerToken, long availableBytes, String reason) {
    /**
     * Live [heads, chunk] float rows per key during a prefill pass: the scores, their scaled, masked and softmaxed
     * copies, the mask (on the heap and off it) and the arrays the session's cache keeps. Fitted to the peak
     * resident memory of 2k-8k-token prompts on the small preset (ContextLimitTest re-measures the slope).
     */
    static final int ATTENTION_COPIES = 12;
    /** Share of the available memory one request may use: the rest is for fragmentation and the rest of the machine. */
    static final double MEMORY_SHARE = 0.5;

    public ContextLimit {
        if (maxModelLen < 1) throw new IllegalArgumentException("maxModelLen must be >= 1, got " + maxModelLen);
        if (tokenBudget < maxModelLen) throw new IllegalArgumentException("tokenBudget " + tokenBudget + " < maxModelLen " + maxModelLen);
    }

    /** A fixed limit (tests, or a model whose memory is not a concern). */
    public static ContextLimit of(int maxModelLen) {
        return new ContextLimit(maxModelLen, maxModelLen, 0, 0, "fixed at " + maxModelLen);
    }

    /**
     * The limit for {@code model}: {@code requested} when positive (it may not pass {@code max_position_embeddings}),
     * else {@code max_position_embeddings} lowered to the tokens that {@link #MEMORY_SHARE} of {@code available}
     * bytes hold.
     */
    public static ContextLimit resolve(ModelConfig model, int requested, long available) {
        int positions = model.maxPositionEmbeddings();
        if (requested > positions) {
            throw new IllegalArgumentException("--max-model-len " + requested + " is more than the model's "
                    + "max_position_embeddings (" + positions + ")");
        }
        long perToken = bytesPerToken(model, Generator.DEFAULT_PREFILL_CHUNK);
        long usable = (long) (available * MEMORY_SHARE) - fixedBytes(model);
        long fits = Math.max(1, usable / perToken);
        String memory = String.format("%,d tokens fit in half of the %.1f GB available at %,d bytes a token",
                fits, available / 1e9, perToken);
        if (requested > 0) {
            return new ContextLimit(requested, Math.max(requested, fits), perToken, available,
                    "--max-model-len " + requested + (requested > fits ? " (more than memory holds: " + memory + ")" : "; " + memory));
        }
        int len = (int) Math.min(positions, fits);
        String why = len == positions ? "max_position_embeddings " + positions + "; " + memory
                : "lowered from max_position_embeddings " + positions + " to what memory holds: " + memory;
        return new ContextLimit(len, Math.max(len, fits), perToken, available, why);
    }

    /**
     * Memory per token of a batch, in bytes: the key/value cache in FP32 (twice: a pass builds the new cache
     * before the old one is freed) and {@link #ATTENTION_COPIES} rows of attention scores of one prefill chunk.
     */
    static long bytesPerToken(ModelConfig c, int prefillChunk) {
        long kv = 2L * c.numLayers() * c.numKvHeads() * c.headDim() * Float.BYTES;
        long attention = (long) c.numHeads() * prefillChunk * Float.BYTES;
        return 2 * kv + ATTENTION_COPIES * attention;
    }

    /**
     * Memory a request needs whatever its length: the logits of one chunk of scoring ({@code logprobs},
     * {@link TokenScorer#CHUNK} positions) in three copies, and the worker session's array cache
     * ({@link NativeMemory#ARRAY_CACHE_BYTES}).
     */
    static long fixedBytes(ModelConfig c) {
        return 3L * TokenScorer.CHUNK * c.vocabSize() * Float.BYTES + NativeMemory.ARRAY_CACHE_BYTES;
    }

    /**
     * Bytes the process may still take: the kernel's {@code MemAvailable}, bounded by JavaCPP's off-heap limits
     * ({@code -Dorg.bytedeco.javacpp.maxbytes}, {@code maxphysicalbytes}) less what is in use.
     */
    public static long availableMemory() {
        long available = memAvailable();
        long maxPhysical = Pointer.maxPhysicalBytes();
        if (maxPhysical > 0) available = Math.min(available, Math.max(0, maxPhysical - Pointer.physicalBytes()));
        long maxBytes = Pointer.maxBytes();
        if (maxBytes > 0) available = Math.min(available, Math.max(0, maxBytes - Pointer.totalBytes()));
        return available;
    }

    private static long memAvailable() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall back on what the JVM knows
        }
        long total = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getFreeMemorySize();
        return total > 0 ? total : Long.MAX_VALUE / 4;
    }
}
