package org.reasonbridge.model.loss;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.custom.BitCast;
import org.nd4j.linalg.api.ops.impl.loss.SparseSoftmaxCrossEntropyLossWithLogits;
import org.nd4j.linalg.api.ops.impl.loss.bp.SparseSoftmaxCrossEntropyLossWithLogitsBp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-token cross-entropy {@code ce[n] = logsumexp(logits[n]) − logits[n, labels[n]]} of logits [N, V] and label ids
 * [N] (INT64), with no one-hot and no materialised log-softmax in the graph: the backward is libnd4j's fused
 * {@code sparse_softmax_cross_entropy_loss_with_logits_grad} kernel ({@code softmax − onehot}, one [N, V]) scaled
 * row-wise by the upstream gradient [N].
 *
 * <p>The forward is split so that it stays finite in FP32. libnd4j's fused forward computes {@code log(softmax)}, and
 * a label more than ~103 below its row's maximum has a probability under FP32's smallest value: {@code +inf} (then NaN
 * after masking). So the kernel is asked about each row's argmax instead, whose probability is at least 1/V:
 * {@code lse − max}, always in [0, ln V]; the remaining {@code max − logits[label]} is added from two [N] reductions
 * (the row maximum, and a {@code gather_nd} of (row, label)).
 * That shift carries no gradient (its [N] values go through an integer bit-cast, where SameDiff stops differentiating),
 * and this op's backward is the whole {@code ce}'s, built from the real labels (its third input). Nothing [N, V] is
 * added beyond what the kernel holds while it runs.
 *
 * <p>SameDiff 1.0.0-M2.1's own differentiation of the kernel drops the upstream gradient (SAMEDIFF.md, item 1);
 * {@link GradientOps} makes SameDiff use this class wherever the kernel is differentiated, so the two-input form
 * ({@code sd.loss.sparseSoftmaxCrossEntropy}) is fixed too. Labels get no gradient.
 */
public final class TokenCrossEntropy extends SparseSoftmaxCrossEntropyLossWithLogits {

    /** For SameDiff's deserialisation: its gradient function is built from a serialised copy (see {@link GradientOps}). */
    public TokenCrossEntropy() {
    }

    /** Inputs (kernel labels, logits, labels for the gradient); the kernel reads the first two. */
    private TokenCrossEntropy(SameDiff sd, SDVariable kernelLabels, SDVariable logits, SDVariable labels) {
        super(sd, logits, kernelLabels);
        sd.addArgsFor(new SDVariable[]{kernelLabels, logits, labels}, this);
    }

    /** ce [N] of {@code logits} [N, V] against {@code labels} [N] (INT64, each in [0, V)), named {@code name}. */
    public static SDVariable of(SameDiff sd, String name, SDVariable logits, SDVariable labels) {
        GradientOps.install();
        String p = name + ".";
        // ArgMax has no backward in M2.1, and this op's backward hands its first input a (zero) gradient: a bit-cast
        // in between ends SameDiff's walk there, as it differentiates only ops with floating-point inputs
        SDVariable argmax = bitCast(sd, p + "argmax", sd.argmax(p + "argmax_raw", logits, 1), DataType.INT64); // [N]
        SDVariable n = sd.sizeAt(p + "rows_long", logits, 0).castTo(p + "n", DataType.INT64);                 // []
        SDVariable rows = sd.range(p + "rows", sd.constant(0L), n, sd.constant(1L), DataType.INT64);          // [N]
        SDVariable labelLogit = sd.gatherNd(p + "label_logit", logits, sd.stack(p + "label_index", 1, rows, labels)); // [N]
        SDVariable shift = sd.max(p + "row_max", logits, 1).sub(p + "shift_raw", labelLogit);                 // [N]
        shift = withoutGradient(sd, p + "shift", shift);                                                      // [N]
        SDVariable lseMinusMax = new TokenCrossEntropy(sd, argmax, logits, labels).outputVariable();           // [N]
        sd.updateVariableNameAndReference(lseMinusMax, p + "lse_minus_max");
        return lseMinusMax.add(name, shift);                                                                  // [N]
    }

    /**
     * The same values with no gradient path: SameDiff differentiates floating-point variables only, so a round trip
     * through an integer type of the same width cuts it, bit-exactly. Used on [N] vectors only.
     */
    private static SDVariable withoutGradient(SameDiff sd, String name, SDVariable v) {
        DataType bits = switch (v.dataType()) {
            case DOUBLE -> DataType.INT64;
            case FLOAT -> DataType.INT32;
            case HALF, BFLOAT16 -> DataType.INT16;
            default -> throw new IllegalArgumentException(v.name() + ": cross-entropy of " + v.dataType() + " logits");
        };
        return bitCast(sd, name, bitCast(sd, name + "_bits", v, bits), v.dataType());
    }

    private static SDVariable bitCast(SameDiff sd, String name, SDVariable v, DataType to) {
        BitCast op = new BitCast(sd, v, sd.constant(Nd4j.scalar(to.toInt())));
        op.addIArgument(to.toInt()); // M2.1's BitCast reads the target type from here when building the graph
        return sd.updateVariableNameAndReference(op.outputVariable(), name);
    }

    /**
     * Makes {@code op} wait for {@code v}. The backward kernel reads only the logits and the labels, so SameDiff may
     * run it first thing in the gradient pass; its [N, V] output then sits through the whole forward, the fused
     * forward kernel's own [N, V] temporaries included (+1 [N, V] at the peak, measured with LossMem).
     */
    private void runAfter(DynamicCustomOp op, SDVariable v) {
        SameDiffOp waiting = sameDiff.getOps().get(op.getOwnName());
        Variable first = sameDiff.getVariables().get(v.name());
        waiting.setControlDeps(append(waiting.getControlDeps(), v.name()));
        first.setControlDepsForOp(append(first.getControlDepsForOp(), op.getOwnName()));
    }

    private static List<String> append(List<String> list, String item) {
        List<String> out = list == null ? new ArrayList<>() : new ArrayList<>(list);
        out.add(item);
        return out;
    }

    @Override
    public List<DataType> calculateOutputDataTypes(List<DataType> dataTypes) {
        return List.of(dataTypes.get(1));
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> upstream) {
        SDVariable[] in = args();
        SDVariable logits = in[1], labels = in.length == 3 ? in[2] : in[0]; // the kernel's order, then the real labels
        SparseSoftmaxCrossEntropyLossWithLogitsBp bp = new SparseSoftmaxCrossEntropyLossWithLogitsBp(sameDiff, logits,
                labels);
        SDVariable softmaxMinusOneHot = bp.outputVariable();                                      // [N, V]
        runAfter(bp, upstream.get(0));
        SDVariable rowScale = sameDiff.expandDims(upstream.get(0), 1);                            // [N, 1]
        SDVariable logitsGrad = softmaxMinusOneHot.mul(rowScale);                                 // [N, V]
        return in.length == 2 ? Arrays.asList(sameDiff.zerosLike(in[0]), logitsGrad)
                : Arrays.asList(sameDiff.zerosLike(in[0]), logitsGrad, sameDiff.zerosLike(labels));
    }
}
