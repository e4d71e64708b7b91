package org.reasonbridge.model.loss;

/**
 * The λ of {@code L = λ_out·L_out + λ_s·L_strategic + λ_t·L_tactical + λ_o·L_operational}.
 *
 * <p>Defaults (the paper's values did not survive): λ_out = 1.0, λ_s = 0.5, λ_t = 0.3, λ_o = 0.2. The output is what is
 * graded, so it keeps the full weight of a plain fine-tuning loss; the levels add up to another 1.0, shared from the
 * most to the least transferable skill: a plan generalises across problems, arithmetic steps mostly do not (and a
 * base model already has them). Every part is a mean over its own tokens, so λ, not span length, sets its influence.
 *
 * @param output      λ_out, final answer tokens
 * @param strategic   λ_s
 * @param tactical    λ_t
 * @param operational λ_o
 */
public record LossWeights(double output, double strategic, double tactical, double operational) {
    public static final LossWeights DEFAULT = new LossWeights(1.0, 0.5, 0.3, 0.2);

    public LossWeights {
        for (double l : new double[]{output, strategic, tactical, operational}) {
            if (!(l >= 0) || Double.isInfinite(l)) throw new IllegalArgumentException("λ must be finite and >= 0, got " + l);
        }
        if (output + strategic + tactical + operational == 0) throw new IllegalArgumentException("every λ is 0: nothing to learn");
    }

    /** Only {@code part}, with weight {@code lambda}. */
    public static LossWeights only(LossPart part, double lambda) {
        return new LossWeights(part == LossPart.OUTPUT ? lambda : 0, part == LossPart.STRATEGIC ? lambda : 0,
                part == LossPart.TACTICAL ? lambda : 0, part == LossPart.OPERATIONAL ? lambda : 0);
    }

    public double weight(LossPart part) {
        return switch (part) {
            case OUTPUT -> output;
            case STRATEGIC -> strategic;
            case TACTICAL -> tactical;
            case OPERATIONAL -> operational;
        };
    }

    public LossWeights with(LossPart part, double lambda) {
        return new LossWeights(part == LossPart.OUTPUT ? lambda : output, part == LossPart.STRATEGIC ? lambda : strategic,
                part == LossPart.TACTICAL ? lambda : tactical, part == LossPart.OPERATIONAL ? lambda : operational);
    }
}
