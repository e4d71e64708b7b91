package org.reasonbridge.model.adapters.bottleneck;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Locale;

/** The bottleneck's non-linearity. */
public enum Activation {
    /** Exact GELU, 0.5·x·(1 + erf(x/√2)); SameDiff's built-in GELUs are approximations (see SAMEDIFF.md). */
    GELU,
    RELU,
    /** x·sigmoid(x). */
    SILU;

    /** The activation of x, named {@code name}; GELU's intermediate ops are named {@code name.*}. */
    public SDVariable apply(SameDiff sd, String name, SDVariable x) {
        return switch (this) {
            case GELU -> x.mul(name + ".x_erf", sd.math.erf(name + ".erf", x.mul(name + ".scaled", 1.0 / Math.sqrt(2.0)))
                    .add(name + ".erf_plus_1", 1.0)).mul(name, 0.5);
            case RELU -> sd.nn.relu(name, x, 0.0);
            case SILU -> sd.nn.swish(name, x);
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Activation of(String id) {
        for (Activation a : values()) {
            if (a.id().equals(id)) return a;
        }
        throw new IllegalArgumentException("unknown activation '" + id + "' (gelu, relu, silu)");
    }
}
