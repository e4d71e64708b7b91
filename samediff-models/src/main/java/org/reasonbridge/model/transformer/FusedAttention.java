package org.reasonbridge.model.transformer;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.reasonbridge.model.exec.HostOp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Masked grouped-query attention, flash-attention style: memory O(rows·chunk) instead of O(rows·S). The forward
 * walks query rows in chunks (scores, additive mask, softmax, P·V) and keeps only the output and each row's
 * log-sum-exp; the backward recomputes each chunk's probabilities from them
 * ({@code dV += Pᵀ dO, dP = dO Vᵀ, D = rowsum(dO∘O), dS = P∘(dP−D), dQ = dS K·scale, dK += dSᵀ Q·scale}).
 * The unfused composition keeps a [B, Hkv, g·T, S] probability tensor per layer for the backward: 940 MB per layer
 * at 4,096 tokens on the Qwen2.5-0.5B shape.
 *
 * <p>Operands are in the decoder's grouped layout (see {@link DecoderGraph}): q [B, Hkv, g·T, d] (unscaled), keys
 * and values [B, Hkv, S, d], mask [B, 1, g·T, S] (the additive bias of {@link AttentionMask}: causality, padding and
 * windows in one rule). Outputs: context [B, Hkv, g·T, d] and log-sum-exp [B, Hkv, g·T].
 *
 * <p>How it runs. SameDiff 1.0.0-M2.1 executes only libnd4j kernels and has no user-defined ops, so this op borrows
 * the kernel {@code identity_n} (copy input i to output i): when SameDiff asks for its output shapes, with the
 * inputs in the context, it computes the results in Java and puts them in the context as the inputs that the kernel
 * then copies into the session's output arrays (O(T·d), not O(T²)). An {@link org.reasonbridge.model.exec.ExecutionPlan}
 * calls {@link #compute} directly ({@link HostOp}). The gradient function is built from a serialised copy that
 * recreates ops from their kernel, so {@code org.reasonbridge.model.loss.GradientOps} maps {@code identity_n} to this
 * class; without the mode argument (any other {@code identity_n}) it is the identity, forward and backward.
 */
public final class FusedAttention extends DynamicCustomOp implements HostOp {
    /** Query rows per chunk unless given: a [256, S] block of scores, 4 MB at S = 4,096 in FP32. */
    public static final int DEFAULT_CHUNK = 256;
    /** System property: {@code false} builds the unfused composition instead (for comparison and measurement). */
    public static final String PROPERTY = "reasonbridge.fusedAttention";

    private static final int FORWARD = 1, BACKWARD = 2; // iArg 0; absent = plain identity_n
    private INDArray[] lastResults; // handed to the kernel to copy; freed at this op's next run

    /** For SameDiff's deserialisation (see the class comment). */
    public FusedAttention() {
    }

    private FusedAttention(SameDiff sd, SDVariable[] args, int mode, int chunk, double scale) {
        super(null, sd, args);
        addIArgument(mode, chunk);
        addTArgument(scale);
    }

    /** Whether graphs use this op for attention ({@link #PROPERTY}, default true). */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
    }

    /**
     * softmax(q kᵀ·scale + mask) v, as [context, logsumexp]. q [B, Hkv, g·T, d], keys/values [B, Hkv, S, d],
     * mask [B, 1, g·T, S].
     */
    public static SDVariable[] attend(SameDiff sd, SDVariable q, SDVariable keys, SDVariable values, SDVariable mask,
                                      double scale, int chunk) {
        if (chunk < 1) throw new IllegalArgumentException("chunk must be >= 1, got " + chunk);
        return new FusedAttention(sd, new SDVariable[]{q, keys, values, mask}, FORWARD, chunk, scale).outputVariables();
    }

    @Override
    public String opName() {
        return "identity_n";
    }

    private int mode() {
        return iArguments.isEmpty() ? 0 : iArguments.get(0).intValue();
    }

    @Override
    public int getNumOutputs() {
        int m = mode();
        return m == FORWARD ? 2 : m == BACKWARD ? 3 : args().length;
    }

    @Override
    public List<DataType> calculateOutputDataTypes(List<DataType> in) {
        int m = mode();
        if (m == 0) return new ArrayList<>(in);
        return new ArrayList<>(java.util.Collections.nCopies(m == FORWARD ? 2 : 3, in.get(0)));
    }

    @Override
    public List<LongShapeDescriptor> calculateOutputShape(OpContext oc) {
        if (mode() == 0) return super.calculateOutputShape(oc);
        INDArray[] in = oc.getInputArrays().toArray(new INDArray[0]);
        if (lastResults != null) close(lastResults);
        INDArray[] results = compute(in);
        lastResults = results;
        oc.setInputArrays(results); // identity_n copies them into the outputs the session allocates next
        List<LongShapeDescriptor> shapes = new ArrayList<>();
        for (INDArray r : results) shapes.add(LongShapeDescriptor.fromShape(r.shape(), r.dataType()));
        return shapes;
    }

    @Override
    public List<LongShapeDescriptor> calculateOutputShape() {
        int m = mode();
        if (m == 0) return super.calculateOutputShape();
        INDArray q = arg(0).getArr(), k = arg(1).getArr();
        if (q == null || k == null) return java.util.Collections.emptyList();
        DataType t = q.dataType();
        if (m == FORWARD) {
            return List.of(LongShapeDescriptor.fromShape(q.shape(), t),
                    LongShapeDescriptor.fromShape(Arrays.copyOf(q.shape(), 3), t));
        }
        return List.of(LongShapeDescriptor.fromShape(q.shape(), t), LongShapeDescriptor.fromShape(k.shape(), t),
                LongShapeDescriptor.fromShape(k.shape(), t));
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> upstream) {
        if (mode() == 0) return new ArrayList<>(upstream);
        SDVariable q = arg(0), keys = arg(1), values = arg(2), mask = arg(3);
        SDVariable[] outs = outputVariables();
        SDVariable[] grads = new FusedAttention(sameDiff,
                new SDVariable[]{q, keys, values, mask, outs[0], outs[1], upstream.get(0)},
                BACKWARD, chunk(), scale()).outputVariables();
        // the mask is fed, never trained: its "gradient" is a zerosLike that no requested output depends on
        return Arrays.asList(grads[0], grads[1], grads[2], sameDiff.zerosLike(mask));
    }

    private int chunk() {
        return iArguments.get(1).intValue();
    }

    private double scale() {
        return tArguments.get(0);
    }

    @Override
    public INDArray[] compute(INDArray[] in) {
        return mode() == FORWARD ? forward(in[0], in[1], in[2], in[3], scale(), chunk())
                : backward(in[0], in[1], in[2], in[3], in[4], in[5], in[6], scale(), chunk());
    }

    /** The forward's [context, lse] shapes when {@link DirectAttention} takes the operands, so the plan gives the arrays. */
    @Override
    public long[][] outputShapes(INDArray[] in) {
        if (mode() != FORWARD || !DirectAttention.takes(in[0], in[1], in[2], in[3], chunk())) return null;
        return new long[][]{in[0].shape(), Arrays.copyOf(in[0].shape(), 3)};
    }

    @Override
    public boolean computeInto(INDArray[] in, INDArray[] out) {
        if (mode() != FORWARD || !DirectAttention.takes(in[0], in[1], in[2], in[3], chunk())) return false;
        DirectAttention.forward(in[0], in[1], in[2], in[3], scale(), chunk(), out[0], out[1]);
        return true;
    }

    // ---- the arithmetic: batched over (batch row, kv head), chunked over query rows

    /** [context [B, Hkv, R, d], lse [B, Hkv, R]] for R = g·T query rows. */
    static INDArray[] forward(INDArray q, INDArray k, INDArray v, INDArray mask, double scale, int chunk) {
        INDArray[] direct = DirectAttention.forward(q, k, v, mask, scale, chunk); // FP32 on the CPU backend
        return direct != null ? direct : composedForward(q, k, v, mask, scale, chunk);
    }

    /** {@link #forward} as ND4J ops (any data type): the definition {@link DirectAttention} is tested against. */
    static INDArray[] composedForward(INDArray q, INDArray k, INDArray v, INDArray mask, double scale, int chunk) {
        long b = q.size(0), h = q.size(1), rows = q.size(2), d = q.size(3);
        if (rows <= chunk) return forwardChunk(q, k, v, mask, scale); // decode and short prefills: no copies
        INDArray out = Nd4j.create(q.dataType(), b, h, rows, d);
        INDArray lse = Nd4j.create(q.dataType(), b, h, rows);
        for (long r0 = 0; r0 < rows; r0 += chunk) {
            long r1 = Math.min(rows, r0 + chunk);
            INDArray[] part = forwardChunk(q.get(all(), all(), span(r0, r1), all()), k, v,
                    mask.get(all(), all(), span(r0, r1), all()), scale);
            out.get(all(), all(), span(r0, r1), all()).assign(part[0]);
            lse.get(all(), all(), span(r0, r1)).assign(part[1]);
            close(part);
        }
        return new INDArray[]{out, lse};
    }

    /** [context [B, Hkv, C, d], lse [B, Hkv, C]] of the query rows qc [B, Hkv, C, d] with mask rows mc [B, 1, C, S]. */
    private static INDArray[] forwardChunk(INDArray qc, INDArray k, INDArray v, INDArray mc, double scale) {
        INDArray p = scores(qc, k, mc, scale);                                           // [B, Hkv, C, S]
        INDArray max = p.max(true, 3);                                                   // [B, Hkv, C, 1]
        Nd4j.exec((CustomOp) new SoftMax(p, p, 3));                                      // in place, max-shifted
        INDArray o = Nd4j.matmul(p, v);                                                  // [B, Hkv, C, d]
        // the row's largest probability is exp(max − lse): lse = max − log(pmax), without a second exp/sum pass
        try (INDArray pmax = p.max(true, 3)) {                                          // [B, Hkv, C, 1]
            max.subi(Transforms.log(pmax, false));
        }
        p.close();
        long[] shape = max.shape();
        return new INDArray[]{o, max.reshape(shape[0], shape[1], shape[2])};
    }

    /** Frees arrays that own their memory (a reshaped result may be a view of one). */
    static void close(INDArray... arrays) {
        for (INDArray a : arrays) if (a != null && !a.wasClosed() && a.closeable()) a.close();
    }

    /** Scores qc kᵀ·scale + mask of one chunk: [B, Hkv, C, S]. */
    private static INDArray scores(INDArray qc, INDArray k, INDArray mc, double scale) {
        return Nd4j.matmul(qc, k, false, true, false).muli(scale).addi(mc);
    }

    /** [dq [B, Hkv, R, d], dk [B, Hkv, S, d], dv [B, Hkv, S, d]]. */
    static INDArray[] backward(INDArray q, INDArray k, INDArray v, INDArray mask, INDArray out, INDArray lse,
                               INDArray dOut, double scale, int chunk) {
        INDArray[] direct = DirectAttention.backward(q, k, v, mask, out, lse, dOut, scale, chunk);
        return direct != null ? direct : composedBackward(q, k, v, mask, out, lse, dOut, scale, chunk);
    }

    /** {@link #backward} as ND4J ops (any data type): the definition {@link DirectAttention} is tested against. */
    static INDArray[] composedBackward(INDArray q, INDArray k, INDArray v, INDArray mask, INDArray out, INDArray lse,
                                       INDArray dOut, double scale, int chunk) {
        long b = q.size(0), h = q.size(1), rows = q.size(2);
        INDArray dq = Nd4j.create(q.dataType(), q.shape());
        INDArray dk = Nd4j.create(q.dataType(), k.shape());
        INDArray dv = Nd4j.create(q.dataType(), v.shape());
        for (long r0 = 0; r0 < rows; r0 += chunk) {
            long r1 = Math.min(rows, r0 + chunk), c = r1 - r0;
            INDArray qc = q.get(all(), all(), span(r0, r1), all());                      // [B, Hkv, C, d]
            INDArray mc = mask.get(all(), all(), span(r0, r1), all());                   // [B, 1, C, S]
            INDArray oc = out.get(all(), all(), span(r0, r1), all());                    // [B, Hkv, C, d]
            INDArray doc = dOut.get(all(), all(), span(r0, r1), all());                  // [B, Hkv, C, d]
            INDArray lc = lse.get(all(), all(), span(r0, r1)).reshape(b, h, c, 1);      // [B, Hkv, C, 1] (may be a view)
            try (INDArray p = Transforms.exp(scores(qc, k, mc, scale).subi(lc), false);  // [B, Hkv, C, S]
                 INDArray pdv = Nd4j.matmul(p, doc, true, false, false);                 // [B, Hkv, S, d]
                 INDArray ds = Nd4j.matmul(doc, v, false, true, false);                  // dP [B, Hkv, C, S]
                 INDArray rowDot = doc.mul(oc).sum(true, 3)) {                           // D [B, Hkv, C, 1]
                dv.addi(pdv);
                ds.subi(rowDot).muli(p);                                                 // dS = P∘(dP − D)
                try (INDArray dqc = Nd4j.matmul(ds, k).muli(scale);                       // [B, Hkv, C, d]
                     INDArray dkc = Nd4j.matmul(ds, qc, true, false, false).muli(scale)) { // [B, Hkv, S, d]
                    dq.get(all(), all(), span(r0, r1), all()).assign(dqc);
                    dk.addi(dkc);
                }
            }
        }
        return new INDArray[]{dq, dk, dv};
    }

    private static INDArrayIndex span(long from, long to) {
        return NDArrayIndex.interval(from, to);
    }

    private static INDArrayIndex all() {
        return NDArrayIndex.all();
    }
}
