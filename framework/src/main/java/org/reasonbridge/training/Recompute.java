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
 *   <li>{@link #AUTO} (default): recompute when the micro-batch holds at least {@link #AUTO_TOKENS} token positions
 *   (batch rows × padded length). A function of the batch's shape alone, so a resumed run makes the same choices as
 *   an uninterrupted one. Below it the activations are small and the rerun would only cost time (the {@code small}
 *   preset at 128 tokens, where the rerun costs ~1.4x the step's time); from it on they dominate a step's memory
 *   (1,024 tokens of Qwen2.5-0.5B's shape: 7.8 GB without recomputation, 4.7 GB with; docs/performance.md, "Long
 *   traces: per-layer activation recomputation").</li>
 *   <li>{@link #LAYERS}: always.</li>
 *   <li>{@link #OFF}: never.</li>
 * </ul>
 * {@code -Dreasonbridge.recompute=auto|layers|off} overrides the config, e.g. to compare.
 */
public enum Recompute {
    AUTO, LAYERS, OFF;

    /** System property overriding the config's value. */
    public static final String PROPERTY = "reasonbridge.recompute";
    /** Token positions per micro-batch from which {@link #AUTO} recomputes. */
    public static final long AUTO_TOKENS = 1024;

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

    /** Whether a micro-batch of {@code rows} sequences of {@code length} positions recomputes. */
    public boolean at(int rows, int length) {
        return this == LAYERS || this == AUTO && (long) rows * length >= AUTO_TOKENS;
    }
}
