package org.reasonbridge.model.loss;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.loss.SparseSoftmaxCrossEntropyLossWithLogits;
import org.nd4j.linalg.api.ops.impl.loss.bp.SparseSoftmaxCrossEntropyLossWithLogitsBp;

import java.util.Arrays;
import java.util.List;

/**
 * Per-token cross-entropy {@code ce[n] = logsumexp(logits[n]) − logits[n, labels[n]]} of logits [N, V] and label ids
 * [N], with no one-hot and no materialised log-softmax: the forward is libnd4j's fused
 * {@code sparse_softmax_cross_entropy_loss_with_logits}, the backward its {@code _grad} kernel
 * ({@code softmax − onehot}, one [N, V]) scaled row-wise by the upstream gradient [N].
 *
 * <p>SameDiff 1.0.0-M2.1's own differentiation of that op drops the upstream gradient (SAMEDIFF.md, item 1), which is
 * the one thing this class changes; {@link GradientOps} makes SameDiff use it wherever that kernel is differentiated.
 * The labels get no gradient.
 *
 * <p>Known limit: the kernel computes {@code log(softmax)} rather than a shifted log-sum-exp, so in FP32 a label whose
 * logit is more than ~103 below the row's maximum (probability under ~1e-45) gives {@code ce = +inf} (measured: gap
 * 90 gives 90, gap 110 gives inf), and a masked-out token's inf times its 0 mask is NaN. The one-hot composition gave
 * the finite value. Trained models do not put real tokens that far down; untrained random ones (init-model) do.
 */
public final class TokenCrossEntropy extends SparseSoftmaxCrossEntropyLossWithLogits {

    /** For SameDiff's deserialisation: its gradient function is built from a serialised copy (see {@link GradientOps}). */
    public TokenCrossEntropy() {
    }

    private TokenCrossEntropy(SameDiff sd, SDVariable logits, SDVariable labels) {
        super(sd, logits, labels);
    }

    /** ce [N] of {@code logits} [N, V] against {@code labels} [N] (INT64, each in [0, V)), named {@code name}. */
    public static SDVariable of(SameDiff sd, String name, SDVariable logits, SDVariable labels) {
        GradientOps.install();
        SDVariable ce = new TokenCrossEntropy(sd, logits, labels).outputVariable();             // [N]
        return sd.updateVariableNameAndReference(ce, name);
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> upstream) {
        SDVariable labels = arg(0), logits = arg(1); // the kernel's order
        SDVariable softmaxMinusOneHot = new SparseSoftmaxCrossEntropyLossWithLogitsBp(sameDiff, logits, labels)
                .outputVariable();                                                                // [N, V]
        SDVariable rowScale = sameDiff.expandDims(upstream.get(0), 1);                            // [N, 1]
        return Arrays.asList(sameDiff.zerosLike(labels), softmaxMinusOneHot.mul(rowScale));          // [N], [N, V]
    }
}
