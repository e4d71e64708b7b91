package org.reasonbridge.model.loss;

import java.util.Locale;

/** The parts of a training target the hierarchical loss weighs: the final output and the three reasoning levels. */
public enum LossPart {
    OUTPUT, STRATEGIC, TACTICAL, OPERATIONAL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The [N] 0/1 mask placeholder of this part, e.g. {@code loss_mask.strategic}. */
    public String maskName() {
        return "loss_mask." + id();
    }

    /** The scalar output with this part's mean cross-entropy, e.g. {@code loss.strategic}. */
    public String lossName() {
        return "loss." + id();
    }

    /** The scalar constant holding this part's λ, e.g. {@code loss.lambda.strategic}. */
    public String lambdaName() {
        return "loss.lambda." + id();
    }
}
