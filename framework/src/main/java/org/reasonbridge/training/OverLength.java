package org.reasonbridge.training;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What becomes of a training example longer than {@code maxSequenceLength} (the config key {@code overLength}):
 * {@link #TRUNCATE} (default) cuts the end of its thinking, keeping the prompt, the end of thinking, the answer and
 * the end of turn, so the example is exactly at the limit; {@link #SKIP} leaves it out; {@link #ERROR} stops the run
 * naming it. Real reasoning traces often run to 8-16k tokens, so a long one is the norm, not a mistake.
 */
public enum OverLength {
    TRUNCATE, SKIP, ERROR;

    /** The name in training configs, e.g. {@code skip}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(OverLength::id).toList();
    }

    public static OverLength of(String id) {
        for (OverLength o : values()) {
            if (o.id().equals(id)) return o;
        }
        throw new IllegalArgumentException("overLength must be " + String.join(", ", ids()) + ", got " + id);
    }
}
