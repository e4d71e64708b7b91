package org.reasonbridge.model.loss;

import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The λ of {@code L = Σ_k λ_k·L_k} over the {@link ReasoningLevel}s: {@code λ_out·L_out + λ_s·L_strategic +
 * λ_t·L_tactical + λ_o·L_operational}.
 *
 * <p>Defaults ({@link ReasoningLevel#defaultLambda()}; the paper's values did not survive): λ_out = 1.0, λ_s = 0.5,
 * λ_t = 0.3, λ_o = 0.2. The output is what is graded, so it keeps the full weight of a plain fine-tuning loss; the
 * levels add up to another 1.0, shared from the most to the least transferable skill: a plan generalises across
 * problems, arithmetic steps mostly do not (and a base model already has them). Every part is a mean over its own
 * tokens, so λ, not span length, sets its influence.
 *
 * @param lambdas λ of every level: finite, >= 0, not all 0
 */
public record LossWeights(Map<ReasoningLevel, Double> lambdas) {
    public static final LossWeights DEFAULT = defaults();

    public LossWeights {
        if (lambdas == null) throw new IllegalArgumentException("no λ given");
        Map<ReasoningLevel, Double> m = new EnumMap<>(ReasoningLevel.class);
        double sum = 0;
        for (ReasoningLevel level : ReasoningLevel.values()) {
            Double l = lambdas.get(level);
            if (l == null) throw new IllegalArgumentException("no λ for level " + level.id());
            if (!(l >= 0) || Double.isInfinite(l)) {
                throw new IllegalArgumentException("λ of " + level.id() + " must be finite and >= 0, got " + l);
            }
            m.put(level, l);
            sum += l;
        }
        if (sum == 0) throw new IllegalArgumentException("every λ is 0: nothing to learn");
        lambdas = Collections.unmodifiableMap(m);
    }

    private static LossWeights defaults() {
        Map<ReasoningLevel, Double> m = new EnumMap<>(ReasoningLevel.class);
        for (ReasoningLevel level : ReasoningLevel.values()) m.put(level, level.defaultLambda());
        return new LossWeights(m);
    }

    /** Only {@code level}, with weight {@code lambda}; every other level 0. */
    public static LossWeights only(ReasoningLevel level, double lambda) {
        Map<ReasoningLevel, Double> m = new EnumMap<>(ReasoningLevel.class);
        for (ReasoningLevel l : ReasoningLevel.values()) m.put(l, l == level ? lambda : 0.0);
        return new LossWeights(m);
    }

    public double weight(ReasoningLevel level) {
        return lambdas.get(level);
    }

    /** These weights with {@code level}'s λ replaced. */
    public LossWeights with(ReasoningLevel level, double lambda) {
        Map<ReasoningLevel, Double> m = new EnumMap<>(lambdas);
        m.put(level, lambda);
        return new LossWeights(m);
    }
}
