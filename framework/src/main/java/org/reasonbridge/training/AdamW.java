package org.reasonbridge.training;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW with decoupled weight decay, as PyTorch's {@code torch.optim.AdamW}: {@code p *= 1 - lr·wd}, then the
 * bias-corrected Adam step. Updates parameter arrays in place. The state (moments, step) is plain arrays so a
 * checkpoint can save it and a resumed run continues bit for bit.
 */
public final class AdamW {
    private final double beta1, beta2, eps, weightDecay;
    private final Map<String, INDArray> m = new LinkedHashMap<>();
    private final Map<String, INDArray> v = new LinkedHashMap<>();
    private long step;

    public AdamW(double beta1, double beta2, double eps, double weightDecay) {
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) throw new IllegalArgumentException("betas must be in [0, 1)");
        if (!(eps > 0)) throw new IllegalArgumentException("eps must be > 0");
        if (weightDecay < 0) throw new IllegalArgumentException("weight decay must be >= 0");
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    public long step() {
        return step;
    }

    /** Applies one update with learning rate {@code lr} to each parameter from its gradient. */
    public void update(Map<String, INDArray> params, Map<String, INDArray> grads, double lr) {
        step++;
        double c1 = 1 - Math.pow(beta1, step), c2 = 1 - Math.pow(beta2, step);
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            INDArray p = e.getValue();
            INDArray g = grads.get(e.getKey());
            if (g == null) throw new IllegalStateException("no gradient for " + e.getKey());
            INDArray mi = m.computeIfAbsent(e.getKey(), k -> Nd4j.zerosLike(p));
            INDArray vi = v.computeIfAbsent(e.getKey(), k -> Nd4j.zerosLike(p));
            mi.muli(beta1).addi(g.mul(1 - beta1));
            vi.muli(beta2).addi(g.mul(g).muli(1 - beta2));
            if (weightDecay > 0) p.muli(1 - lr * weightDecay);
            INDArray denom = Transforms.sqrt(vi.div(c2), false).addi(eps);
            p.subi(mi.div(denom).muli(lr / c1));
        }
    }

    /** Moments by name ({@code m.<param>}, {@code v.<param>}) for checkpoints. */
    public Map<String, INDArray> state() {
        Map<String, INDArray> s = new LinkedHashMap<>();
        m.forEach((k, a) -> s.put("m." + k, a));
        v.forEach((k, a) -> s.put("v." + k, a));
        return s;
    }

    /** Restores moments and the step count saved by {@link #state()}. */
    public void restore(Map<String, INDArray> state, long steps) {
        m.clear();
        v.clear();
        state.forEach((k, a) -> {
            if (k.startsWith("m.")) m.put(k.substring(2), a.dup());
            else if (k.startsWith("v.")) v.put(k.substring(2), a.dup());
            else throw new IllegalArgumentException("not an optimizer state tensor: " + k);
        });
        this.step = steps;
    }

    /** Scales all gradients so their global L2 norm is at most {@code maxNorm}; returns the norm before. */
    public static double clipByGlobalNorm(Map<String, INDArray> grads, double maxNorm) {
        double sq = 0;
        for (INDArray g : grads.values()) {
            double n = g.norm2Number().doubleValue();
            sq += n * n;
        }
        double norm = Math.sqrt(sq);
        if (maxNorm > 0 && norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-6);
            grads.values().forEach(g -> g.muli(scale));
        }
        return norm;
    }
}
