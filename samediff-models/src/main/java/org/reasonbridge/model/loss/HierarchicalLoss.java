package org.reasonbridge.model.loss;

import org.nd4j.autodiff.samediff.NameScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.model.transformer.Decoder;
import org.reasonbridge.model.transformer.GraphNames;
import org.reasonbridge.model.transformer.ModelNames;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The method's training loss, attached to a graph that computes logits [N, V]:
 * {@code L = Σ_k λ_k · (Σ_n mask_k[n]·ce[n]) / max(Σ_n mask_k[n], 1)} over the levels k of {@link ReasoningLevel}.
 * The plain fine-tuning baseline ({@link #sft}, {@link LossKind#SFT}) is instead the token mean over every supervised
 * token, {@code (Σ_n m[n]·ce[n]) / max(Σ_n m[n], 1)} with {@code m = Σ_k mask_k} (the levels are disjoint, so m is
 * 0/1): no λ, and a level's influence is its share of the tokens.
 *
 * <p>Placeholders: {@value #LABELS} [N] INT64 target ids (already shifted by the caller; every entry must be in
 * [0, V), also where all masks are 0) and one [N] mask per level ({@link #maskName}, 0/1 in the logits' dtype).
 * Outputs: {@value #LOSS} (set as the graph's loss variable) and each level's mean ({@link #lossName}), for metrics
 * (with the sft loss they are computed for analysis and do not train). A level whose mask selects nothing
 * contributes exactly 0.
 *
 * <p>Per-token cross-entropy is {@link TokenCrossEntropy} by default, from the logits and the label ids with no
 * one-hot and no log-softmax in the graph (the logits and their gradient are the only [N, V] arrays a step keeps);
 * {@code -Dreasonbridge.fusedLoss=false} builds the older {@code -sum(logSoftmax(logits) * oneHot(labels), 1)}, which
 * holds about eight. {@code TokenCrossEntropyTest} pins that both give the same values and gradients.
 */
public final class HierarchicalLoss {
    /**
     * Whether per-token CE is {@link TokenCrossEntropy} (2 [N, V] arrays a step instead of ~8): yes unless
     * {@code -Dreasonbridge.fusedLoss=false}. The one-hot composition stays as the reference the fused op is tested
     * against; in FP32 its log-softmax is {@code -inf} for labels more than ~103 nats below the row maximum (untrained
     * models get there), which the fused op's forward avoids.
     */
    static final boolean FUSED = !"false".equalsIgnoreCase(System.getProperty("reasonbridge.fusedLoss", "true"));
    public static final String LABELS = "labels";
    public static final String LOSS = "loss";
    public static final String TOKEN_CE = "loss.token_ce";
    /** The sft loss's 0/1 mask of every supervised token [N], the sum of the level masks. */
    public static final String SUPERVISED = "loss.supervised";
    /** The name scope of the loss's ops (not a Hugging Face module: transformers computes the loss outside them). */
    public static final String SCOPE = "loss";

    private final SameDiff sd;
    private final DataType dtype;
    private final LossKind kind;
    private final SDVariable loss;
    private LossWeights weights; // null for the sft loss

    private HierarchicalLoss(SameDiff sd, SDVariable logits, int vocabSize, LossKind kind, LossWeights weights) {
        this.sd = sd;
        this.dtype = logits.dataType();
        this.kind = kind;
        this.weights = weights;
        long[] shape = logits.getShape();
        if (shape != null && shape.length == 2 && shape[1] > 0 && shape[1] != vocabSize) {
            throw new IllegalArgumentException(logits.name() + ": " + shape[1] + " logits per row for a vocabulary of " + vocabSize);
        }
        SDVariable labels = sd.placeHolder(LABELS, DataType.INT64, -1);                             // [N]
        Map<ReasoningLevel, SDVariable> masks = new EnumMap<>(ReasoningLevel.class);
        for (ReasoningLevel level : ReasoningLevel.values()) {
            masks.put(level, sd.placeHolder(maskName(level), dtype, -1));                          // [N]
        }
        SDVariable one = sd.constant(SCOPE + "/one", Nd4j.scalar(dtype, 1.0));                    // []
        try (NameScope s = ModelNames.scope(sd, SCOPE)) {
            SDVariable ce = FUSED ? TokenCrossEntropy.of(sd, "token_ce", logits, labels)          // [N]
                    : oneHotCrossEntropy(logits, labels, vocabSize);                              // [N]
            SDVariable weighted = null, supervised = null;                                        // [], [N]
            for (ReasoningLevel level : ReasoningLevel.values()) {
                String p = level.id() + ".";
                SDVariable mask = masks.get(level);                                               // [N]
                SDVariable mean = tokenMean(ce, mask, one, p);                                    // []
                if (kind == LossKind.HIERARCHICAL) {
                    SDVariable lambda = sd.constant(lambdaName(level), Nd4j.scalar(dtype, weights.weight(level)));
                    SDVariable term = mean.mul(p + "weighted", lambda);                           // []
                    weighted = weighted == null ? term : weighted.add(p + "total", term);         // []
                } else {
                    supervised = supervised == null ? mask : supervised.add(p + "supervised", mask); // [N]
                }
                publish(sd, mean, lossName(level));
            }
            publish(sd, ce, TOKEN_CE);
            SDVariable total;                                                                     // []
            if (kind == LossKind.HIERARCHICAL) {
                total = weighted;
            } else {
                SDVariable all = sd.identity("supervised", supervised);                           // [N]
                total = tokenMean(ce, all, one, "sft.");
                publish(sd, all, SUPERVISED);
            }
            this.loss = sd.identity("loss", total);                                               // []
        }
        publish(sd, loss, LOSS);
        sd.setLossVariables(LOSS);
    }

    /** {@code Σ_n mask[n]·ce[n] / max(Σ_n mask[n], 1)} of ce [N] and mask [N]: a scalar, exactly 0 for an empty mask. */
    private SDVariable tokenMean(SDVariable ce, SDVariable mask, SDVariable one, String p) {
        SDVariable sum = sd.sum(p + "sum", ce.mul(p + "masked", mask));                           // []
        SDVariable count = sd.math.max(p + "count", sd.sum(p + "tokens", mask), one);             // [] >= 1
        return sum.div(p + "mean", count);                                                        // []
    }

    private static void publish(SameDiff sd, SDVariable v, String name) {
        sd.renameVariable(v.name(), name);
    }

    /** The [N] 0/1 mask placeholder of {@code level}, e.g. {@code loss_mask.strategic}. */
    public static String maskName(ReasoningLevel level) {
        return "loss_mask." + level.id();
    }

    /** The scalar output with {@code level}'s mean cross-entropy, e.g. {@code loss.strategic}. */
    public static String lossName(ReasoningLevel level) {
        return "loss." + level.id();
    }

    /** The scalar constant holding {@code level}'s λ, e.g. {@code loss.lambda.strategic}. */
    public static String lambdaName(ReasoningLevel level) {
        return "loss.lambda." + level.id();
    }

    /** Attaches the hierarchical loss to {@code logits} [N, V] of {@code sd} and makes it the graph's loss. */
    public static HierarchicalLoss attach(SameDiff sd, SDVariable logits, int vocabSize, LossWeights weights) {
        if (weights == null) throw new IllegalArgumentException("the hierarchical loss needs λ");
        return new HierarchicalLoss(sd, logits, vocabSize, LossKind.HIERARCHICAL, weights);
    }

    /** Attaches the hierarchical loss to a decoder's logits of every position ({@code logits.all}, N = B·T). */
    public static HierarchicalLoss attach(Decoder decoder, LossWeights weights) {
        return attach(decoder.graph(), decoder.graph().getVariable(GraphNames.LOGITS_ALL), decoder.config().vocabSize(), weights);
    }

    /** Attaches the plain token-mean loss (the sft baseline) to {@code logits} [N, V] of {@code sd}. */
    public static HierarchicalLoss sft(SameDiff sd, SDVariable logits, int vocabSize) {
        return new HierarchicalLoss(sd, logits, vocabSize, LossKind.SFT, null);
    }

    /** Attaches the plain token-mean loss (the sft baseline) to a decoder's logits of every position. */
    public static HierarchicalLoss sft(Decoder decoder) {
        return sft(decoder.graph(), decoder.graph().getVariable(GraphNames.LOGITS_ALL), decoder.config().vocabSize());
    }

    public SDVariable loss() {
        return loss;
    }

    public LossKind kind() {
        return kind;
    }

    /** λ of the hierarchical loss; empty for the sft loss, which has none. */
    public Optional<LossWeights> weights() {
        return Optional.ofNullable(weights);
    }

    /** Changes λ in place (e.g. for a schedule); the graph and its gradient function stay. */
    public void setWeights(LossWeights w) {
        if (kind != LossKind.HIERARCHICAL) throw new IllegalStateException("the " + kind.id() + " loss has no λ");
        for (ReasoningLevel level : ReasoningLevel.values()) {
            sd.getVariable(lambdaName(level)).getArr().assign(w.weight(level));
        }
        this.weights = w;
    }

    /** {@value #LOSS} then each level's loss name. */
    public static List<String> outputNames() {
        List<String> names = new ArrayList<>(List.of(LOSS));
        for (ReasoningLevel level : ReasoningLevel.values()) names.add(lossName(level));
        return names;
    }

    /**
     * The loss placeholders: {@code labels} and every level's mask (an absent level gets all zeros).
     *
     * @param labels target id of each of the N rows
     * @param masks  per level, N values 0 or 1; a token is in at most one level
     */
    public Map<String, INDArray> feed(long[] labels, Map<ReasoningLevel, double[]> masks) {
        Map<String, INDArray> m = new HashMap<>();
        m.put(LABELS, Nd4j.createFromArray(labels));
        for (ReasoningLevel level : ReasoningLevel.values()) {
            double[] mask = masks.getOrDefault(level, new double[labels.length]);
            if (mask.length != labels.length) {
                throw new IllegalArgumentException(maskName(level) + ": " + mask.length + " values for " + labels.length + " labels");
            }
            m.put(maskName(level), Nd4j.createFromArray(mask).castTo(dtype));
        }
        return m;
    }

    /** The total and each level's loss for the given placeholders. */
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

    /** Each level's mask as double[] of N zeros, for callers that fill them. */
    public static Map<ReasoningLevel, double[]> emptyMasks(int n) {
        Map<ReasoningLevel, double[]> m = new EnumMap<>(ReasoningLevel.class);
        for (ReasoningLevel level : ReasoningLevel.values()) m.put(level, new double[n]);
        return m;
    }

    /** {@code -sum(logSoftmax(logits) * oneHot(labels), 1)}: the composition whose backward is right in M2.1. */
    private SDVariable oneHotCrossEntropy(SDVariable logits, SDVariable labels, int vocabSize) {
        SDVariable oneHot = sd.oneHot("one_hot", labels, vocabSize, -1, 1.0, 0.0, dtype);         // [N, V]
        SDVariable logProbs = sd.nn.logSoftmax("log_probs", logits);                              // [N, V]
        SDVariable picked = sd.sum("target_log_prob", logProbs.mul("picked", oneHot), 1);         // [N]
        return picked.neg("token_ce");                                                            // [N]
    }
}
