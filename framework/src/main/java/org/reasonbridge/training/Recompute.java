package org.reasonbridge.training;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Whether a training step recomputes each decoder layer's activations for its backward pass instead of keeping them
 * from the forward pass (the config key {@code recompute}; the mechanism is the execution plan's
 * {@code Recomputation}). With recomputation a step keeps one hidden state per layer through the backward pass and
 * runs the layers' forward ops twice; the gradients are the same to the bit either way, so the choice never changes
 * what a run trains, only its memory and time.
 *
 * <ul>
 *   <li>{@link #AUTO} (default): recompute when the activations a step would keep reach {@link #AUTO_BYTES}, by the
 *   estimate {@link #keptBytes}: token positions (batch rows × padded length) × layers × (12 hidden-sized + 4
 *   MLP-sized float rows), what the backward pass reads per layer as profiled on Qwen2.5-0.5B's shape, plus SiLU's
 *   derivative, written in the forward pass since 2026-12-07. A function of
 *   the batch's shape and the model's, so a resumed run makes the same choices as an uninterrupted one. Below it the
 *   rerun would only cost time (~1.4x the step on the {@code small} preset; the demo's students never reach it); from
 *   it on activations dominate a step's memory (1,024 tokens of Qwen2.5-0.5B's shape, estimated 2.5 GB: 7.8 GB peak
 *   without recomputation, 4.7 GB with; 7.45 GB without after SiLU's derivative was kept; docs/performance.md,
 *   "Long traces: per-layer activation recomputation" and the last section).</li>
 *   <li>{@link #LAYERS}: always.</li>
 *   <li>{@link #OFF}: never.</li>
 * </ul>
 * {@code -Dreasonbridge.recompute=auto|layers|off} overrides the config, e.g. to compare.
 */
public enum Recompute {
    AUTO, LAYERS, OFF;

    /** System property overriding the config's value. */
    public static final String PROPERTY = "reasonbridge.recompute";
    /** Estimated kept activations from which {@link #AUTO} recomputes: 1 GiB. */
    public static final long AUTO_BYTES = 1L << 30;

    /** The name in training configs, e.g. {@code layers}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Recompute::id).toList();
    }

    public static Recompute of(String id) {
        for (Recompute r : values()) {
            if (r.id().equals(id)) return r;
        }
        throw new IllegalArgumentException("recompute must be " + String.join(", ", ids()) + ", got " + id);
    }

    /** {@code configured} unless {@value #PROPERTY} is set. */
    public static Recompute resolve(String configured) {
        String override = System.getProperty(PROPERTY);
        if (override == null) return of(configured);
        try {
            return of(override.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + ": " + e.getMessage(), e);
        }
    }

    /**
     * The activations a step keeps for its backward pass without recomputation, estimated: per token and layer 12
     * rows of {@code hidden} and 4 of {@code intermediate} floats (the fourth: SiLU's derivative, written in the
     * forward pass since 2026-12-07, {@code SwishWithGradient}).
     */
    public static long keptBytes(int rows, int length, int layers, int hidden, int intermediate) {
        return (long) rows * length * layers * (12L * hidden + 4L * intermediate) * Float.BYTES;
    }

    /** Whether a micro-batch whose kept activations are estimated at {@code keptBytes} ({@link #keptBytes}) recomputes. */
    public boolean at(long keptBytes) {
        return this == LAYERS || this == AUTO && keptBytes >= AUTO_BYTES;
    }
}
