package org.reasonbridge.model.loss;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the training loss optimises: the method's λ-weighted sum of per-level means ({@link #HIERARCHICAL}), or the
 * plain fine-tuning baseline ({@link #SFT}): one token mean of the cross-entropy over every supervised token, with
 * no level masks and no λ.
 */
public enum LossKind {
    HIERARCHICAL, SFT;

    /** The name in training configs, e.g. {@code sft}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LossKind of(String id) {
        for (LossKind k : values()) {
            if (k.id().equals(id)) return k;
        }
        throw new IllegalArgumentException("unknown loss '" + id + "' ("
                + Arrays.stream(values()).map(LossKind::id).collect(Collectors.joining(", ")) + ")");
    }
}
