package org.reasonbridge.model.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits: the logit bias added, then argmax, or temperature, top-k and top-p sampling in
 * that order (as HF).
 */
final class Sampler {
    private final GenerationConfig config;
    private final SplittableRandom random;

    Sampler(GenerationConfig config, long seed) {
        this.config = config;
        this.random = new SplittableRandom(seed);
    }

    int next(float[] logits) {
        float[] l = biased(logits, config);
        return config.isGreedy() ? argmax(l) : sample(l);
    }

    /** {@code logits} plus the config's logit bias (a copy; the logits themselves are left as they are). */
    static float[] biased(float[] logits, GenerationConfig config) {
        if (config.logitBias().isEmpty()) return logits;
        float[] out = logits.clone();
        config.logitBias().forEach((id, bias) -> {
            if (id >= out.length) {
                throw new IllegalArgumentException("logit bias for token " + id + " outside the vocabulary [0, " + out.length + ")");
            }
            out[id] += bias.floatValue();
        });
        return out;
    }

    /** The highest logit; the lowest id wins an exact tie, as the reference does. NaN logits are an error. */
    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) best = i;
        }
        if (Float.isNaN(logits[best])) throw new IllegalStateException("logits are NaN");
        return best;
    }

    private int sample(float[] logits) {
        int v = logits.length;
        double[] p = new double[v];
        double t = config.temperature();
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v; i++) {
            p[i] = logits[i] / t;
            max = Math.max(max, p[i]);
        }
        if (Double.isNaN(max)) throw new IllegalStateException("logits are NaN");
        if (config.topK() > 0 && config.topK() < v) {
            double[] sorted = p.clone();
            Arrays.sort(sorted);
            double kth = sorted[v - config.topK()];
            for (int i = 0; i < v; i++) if (p[i] < kth) p[i] = Double.NEGATIVE_INFINITY;
        }
        double sum = 0;
        for (int i = 0; i < v; i++) {
            p[i] = Math.exp(p[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < v; i++) p[i] /= sum;
        if (config.topP() < 1) keepNucleus(p, config.topP());
        double r = random.nextDouble();
        double total = 0;
        for (double x : p) total += x;
        r *= total;
        int last = 0;
        for (int i = 0; i < v; i++) {
            if (p[i] <= 0) continue;
            last = i;
            r -= p[i];
            if (r < 0) return i;
        }
        return last; // rounding left a sliver of r
    }

    /** Zeroes all but the smallest set of most likely tokens whose probability reaches {@code topP}. */
    private static void keepNucleus(double[] p, double topP) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        double cum = 0;
        int keep = 0;
        while (keep < order.length && cum < topP) {
            cum += p[order[keep]];
            keep++;
        }
        for (int i = Math.max(keep, 1); i < order.length; i++) p[order[i]] = 0;
    }
}
