package org.reasonbridge.model.loss;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code sd.calculateGradients} without SameDiff 1.0.0-M2.1's noise: building a gradient function prints one
 * "Added differentiated op" line per op straight to {@code System.out} (no logger, no flag). While it runs, stdout
 * goes through a filter that drops those lines and passes every other line on. Swapping {@code System.out} is
 * process-wide, so calls are serialised.
 */
public final class Gradients {
    private static final String NOISE = "Added differentiated op ";
    /** The name SameDiff gives the gradient function it builds ({@code SameDiff.GRAD_FN_KEY}, not public). */
    private static final String GRAD_FN = "grad";

    static {
        GradientOps.install();
    }

    private Gradients() {
    }

    /** The gradients of the graph's loss with respect to {@code variables}, given the placeholders. */
    public static Map<String, INDArray> of(SameDiff sd, Map<String, INDArray> placeholders,
                                           Collection<String> variables) {
        return quietly(() -> {
            releaseArraysAfterUse(sd);
            return sd.calculateGradients(placeholders, variables);
        });
    }

    /** The values of {@code outputs} and the gradients of the loss with respect to {@code variables}, in one pass. */
    public static OutAndGrad withOutputs(SameDiff sd, Map<String, INDArray> placeholders, Collection<String> outputs,
                                         Collection<String> variables) {
        return quietly(() -> {
            releaseArraysAfterUse(sd);
            return sd.calculateGradientsAndOutputs(placeholders, outputs, variables);
        });
    }

    /**
     * Builds the graph's gradient function (forward, loss and backward ops) without running it, so that an executor
     * other than SameDiff's session can run it from the first step: a session step would allocate every intermediate
     * of the step and keep them all until its end (docs/performance.md, "Long traces").
     */
    public static SameDiff function(SameDiff sd) {
        return quietly(() -> built(sd));
    }

    /** SameDiff's gradient function of {@code sd}, built on first use (SameDiff never rebuilds it). */
    private static SameDiff built(SameDiff sd) {
        if (sd.getFunction(GRAD_FN) == null) sd.createGradFunction();
        return sd.getFunction(GRAD_FN);
    }

    /**
     * Makes the gradient function's session on this thread free each intermediate array as soon as its last consumer
     * has run. By default its {@code ArrayCacheMemoryMgr} keeps released arrays for reuse, up to a quarter of
     * JavaCPP's {@code maxphysicalbytes} (5 GB under the launcher's 20g), and only the Java GC, which the small heap
     * rarely triggers, gives them back: RSS grew by six [N, V] logits-sized arrays per step (docs/performance.md,
     * section 5). Closing costs a fresh allocation per op instead of a reuse, which the steps' [N, V] and activation
     * arrays paid anyway whenever their shapes missed the cache.
     */
    private static void releaseArraysAfterUse(SameDiff sd) {
        SameDiff grad = built(sd);
        InferenceSession session = grad.getSessions().computeIfAbsent(Thread.currentThread().getId(),
                id -> new InferenceSession(grad));
        if (session.getMmgr() instanceof ArrayCacheMemoryMgr cache && cache.isEnableCache()) cache.setEnableCache(false);
    }

    private static synchronized <T> T quietly(Supplier<T> work) {
        PrintStream original = System.out;
        PrintStream filtered = new PrintStream(new LineFilter(original), true, StandardCharsets.UTF_8);
        System.setOut(filtered);
        try {
            return work.get();
        } finally {
            filtered.flush();
            System.setOut(original);
        }
    }

    /** Buffers one line at a time; forwards it unless it is SameDiff's per-op message. */
    private static final class LineFilter extends OutputStream {
        private final PrintStream target;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        LineFilter(PrintStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            line.write(b);
            if (b == '\n') emit();
        }

        @Override
        public void flush() {
            if (line.size() > 0) emit();
            target.flush();
        }

        private void emit() {
            String s = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (!s.startsWith(NOISE)) target.print(s);
        }
    }
}
