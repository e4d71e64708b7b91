package org.reasonbridge.model.loss;

import org.nd4j.autodiff.samediff.NameScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reasonbridge.model.transformer.Decoder;
import org.reasonbridge.model.transformer.GraphNames;
import org.reasonbridge.model.transformer.ModelNames;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The method's training loss, attached to a graph that computes logits [N, V]:
 * {@code L = Σ_k λ_k · (Σ_n mask_k[n]·ce[n]) / max(Σ_n mask_k[n], 1)} over the parts k of {@link LossPart}.
 *
 * <p>Placeholders: {@value #LABELS} [N] INT64 target ids (already shifted by the caller; every entry must be in
 * [0, V), also where all masks are 0) and one [N] mask per part ({@link LossPart#maskName()}, 0/1 in the logits'
 * dtype). Outputs: {@value #LOSS} (set as the graph's loss variable) and each part's mean
 * ({@link LossPart#lossName()}), for metrics. A part whose mask selects nothing contributes exactly 0.
 *
 * <p>Per-token cross-entropy is {@code -sum(logSoftmax(logits) * oneHot(labels), 1)}: the composition whose backward
 * is right in SameDiff 1.0.0-M2.1. Cheaper ones were measured wrong or broken (see SAMEDIFF.md and the tests):
 * {@code sparseSoftmaxCrossEntropy} and {@code softmaxCrossEntropy} with reduction NONE ignore the upstream gradient,
 * {@code logSumExp}'s backward throws, {@code gather}'s backward returns wrong values in DOUBLE and
 * {@code gatherNd} has none. Cost: besides the logits, the one-hot, the log-softmax and their product are each
 * N·V in the graph's dtype (4·N·V bytes each in FP32: 2.4 GB each for N = 4096 at V = 152,064).
 */
public final class HierarchicalLoss {
    public static final String LABELS = "labels";
    public static final String LOSS = "loss";
    public static final String TOKEN_CE = "loss.token_ce";
    /** The name scope of the loss's ops (not a Hugging Face module: transformers computes the loss outside them). */
    public static final String SCOPE = "loss";

    private final SameDiff sd;
    private final DataType dtype;
    private final SDVariable loss;
    private LossWeights weights;

    private HierarchicalLoss(SameDiff sd, SDVariable logits, int vocabSize, LossWeights weights) {
        this.sd = sd;
        this.dtype = logits.dataType();
        this.weights = weights;
        SDVariable labels = sd.placeHolder(LABELS, DataType.INT64, -1);                             // [N]
        Map<LossPart, SDVariable> masks = new EnumMap<>(LossPart.class);
        for (LossPart part : LossPart.values()) masks.put(part, sd.placeHolder(part.maskName(), dtype, -1)); // [N]
        SDVariable one = sd.constant(SCOPE + "/one", Nd4j.scalar(dtype, 1.0));                    // []
        try (NameScope s = ModelNames.scope(sd, SCOPE)) {
            SDVariable oneHot = sd.oneHot("one_hot", labels, vocabSize, -1, 1.0, 0.0, dtype);     // [N, V]
            SDVariable logProbs = sd.nn.logSoftmax("log_probs", logits);                          // [N, V]
            SDVariable picked = sd.sum("target_log_prob", logProbs.mul("picked", oneHot), 1);     // [N]
            SDVariable ce = picked.neg("token_ce");                                               // [N]
            SDVariable total = null;                                                              // []
            for (LossPart part : LossPart.values()) {
                String p = part.id() + ".";
                SDVariable mask = masks.get(part);                                                // [N]
                SDVariable sum = sd.sum(p + "sum", ce.mul(p + "masked", mask));                   // []
                SDVariable count = sd.math.max(p + "count", sd.sum(p + "tokens", mask), one);     // [] >= 1
                SDVariable mean = sum.div(p + "mean", count);                                     // []
                SDVariable lambda = sd.constant(part.lambdaName(), Nd4j.scalar(dtype, weights.weight(part)));
                SDVariable term = mean.mul(p + "weighted", lambda);                               // []
                total = total == null ? term : total.add(p + "total", term);                      // []
                publish(sd, mean, part.lossName());
            }
            publish(sd, ce, TOKEN_CE);
            this.loss = sd.identity("loss", total);                                               // []
        }
        publish(sd, loss, LOSS);
        sd.setLossVariables(LOSS);
    }

    private static void publish(SameDiff sd, SDVariable v, String name) {
        sd.renameVariable(v.name(), name);
    }

    /** Attaches the loss to {@code logits} [N, V] of {@code sd} and makes it the graph's loss. */
    public static HierarchicalLoss attach(SameDiff sd, SDVariable logits, int vocabSize, LossWeights weights) {
        return new HierarchicalLoss(sd, logits, vocabSize, weights);
    }

    /** Attaches the loss to a decoder's logits of every position ({@code logits.all}, N = B·T). */
    public static HierarchicalLoss attach(Decoder decoder, LossWeights weights) {
        return attach(decoder.graph(), decoder.graph().getVariable(GraphNames.LOGITS_ALL), decoder.config().vocabSize(), weights);
    }

    public SDVariable loss() {
        return loss;
    }

    public LossWeights weights() {
        return weights;
    }

    /** Changes λ in place (e.g. for a schedule); the graph and its gradient function stay. */
    public void setWeights(LossWeights w) {
        for (LossPart part : LossPart.values()) sd.getVariable(part.lambdaName()).getArr().assign(w.weight(part));
        this.weights = w;
    }

    /** {@value #LOSS} then each part's loss name. */
    public static List<String> outputNames() {
        List<String> names = new java.util.ArrayList<>(List.of(LOSS));
        for (LossPart p : LossPart.values()) names.add(p.lossName());
        return names;
    }

    /**
     * The loss placeholders: {@code labels} and every part's mask (an absent part gets all zeros).
     *
     * @param labels target id of each of the N rows
     * @param masks  per part, N values 0 or 1
     */
    public Map<String, INDArray> feed(long[] labels, Map<LossPart, double[]> masks) {
        Map<String, INDArray> m = new HashMap<>();
        m.put(LABELS, Nd4j.createFromArray(labels));
        for (LossPart part : LossPart.values()) {
            double[] mask = masks.getOrDefault(part, new double[labels.length]);
            if (mask.length != labels.length) {
                throw new IllegalArgumentException(part.maskName() + ": " + mask.length + " values for " + labels.length + " labels");
            }
            m.put(part.maskName(), Nd4j.createFromArray(mask).castTo(dtype));
        }
        return m;
    }

    /** The total and each part's loss for the given placeholders. */
    public Map<String, Double> evaluate(Map<String, INDArray> placeholders) {
        Map<String, INDArray> out = sd.output(placeholders, outputNames().toArray(String[]::new));
        Map<String, Double> values = new LinkedHashMap<>();
        for (String n : outputNames()) values.put(n, out.get(n).getDouble(0));
        return values;
    }

    /**
     * Gradients of the loss with respect to {@code variables} (quietly, see {@link Gradients}). On a decoder graph,
     * freeze the base first ({@code AdapterSet.freezeBase}): with the embedding still a variable, SameDiff M2.1 fails
     * to differentiate the graph's two gathers ("Unable to replace samediff namespace").
     */
    public Map<String, INDArray> gradients(Map<String, INDArray> placeholders, Collection<String> variables) {
        return Gradients.of(sd, placeholders, variables);
    }

    /** Each part's mask as double[] of N zeros, for callers that fill them. */
    public static Map<LossPart, double[]> emptyMasks(int n) {
        Map<LossPart, double[]> m = new EnumMap<>(LossPart.class);
        for (LossPart p : LossPart.values()) m.put(p, new double[n]);
        return m;
    }
}
