package org.reasonbridge.model.transformer;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reasonbridge.model.exec.DirectMatmul;
import org.reasonbridge.model.exec.ExpBlock;
import org.reasonbridge.model.exec.FloatRows;
import org.reasonbridge.model.exec.NativeAddress;

import java.util.Arrays;

/**
 * {@link FusedAttention}'s arithmetic on FP32 arrays as OpenBLAS GEMMs per (batch row, kv head, chunk of query
 * rows), with the mask, softmax and the backward's elementwise steps in Java over [C, S] blocks. The same formulas
 * as {@code FusedAttention.composedForward}/{@code composedBackward}, without their ND4J ops on rank-4 arrays, which
 * cost ~0.5 ms per layer in a decode step of the {@code small} preset (29 % of the step) and 4.6 ms per layer in the
 * backward of a 128-token training step (docs/performance.md, "Direct GEMM, and attention as direct GEMMs").
 */
final class DirectAttention {
    /**
     * Keys beyond which a chunk's GEMMs leave out the keys none of its rows reads ({@link Spans}). OpenBLAS rounds a
     * product differently when the matrices' shapes change, so trimming moves the last bits; up to this length it
     * would save at most 3/8 of attention's products and sequences keep the results they had before (every run of
     * the demo's mini world, whose examples are at most 1,024 tokens, among them); beyond it, long traces save up
     * to half.
     */
    static final int TRIM_ABOVE_KEYS = 1024;
    /** False only in tests: every chunk's GEMMs over every key. */
    static boolean trimKeys = true;

    private DirectAttention() {
    }

    /**
     * [context [B, Hkv, R, d], lse [B, Hkv, R]] of q [B, Hkv, R, d], keys/values [B, Hkv, S, d] and the additive
     * mask [B, 1, R, S]; null when direct BLAS is off or an array is not FP32 with rows BLAS can read (the caller
     * then runs the ND4J composition).
     */
    static INDArray[] forward(INDArray q, INDArray k, INDArray v, INDArray mask, double scale, int chunk) {
        if (!takes(q, k, v, mask, chunk)) return null;
        long b = q.size(0), h = q.size(1), rows = q.size(2), d = q.size(3);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, b, h, rows, d);
        INDArray lse = Nd4j.createUninitialized(DataType.FLOAT, b, h, rows);
        forward(q, k, v, mask, scale, chunk, out, lse);
        return new INDArray[]{out, lse};
    }

    /** Whether {@link #forward} computes these operands (else the caller runs the ND4J composition). */
    static boolean takes(INDArray q, INDArray k, INDArray v, INDArray mask, int chunk) {
        return DirectMatmul.enabled() && fits(q, k, v, mask) && agree(q, k, v, mask) && small(q, k, chunk);
    }

    /**
     * {@link #forward} into {@code out} [B, Hkv, R, d] and {@code lse} [B, Hkv, R], C-order FP32 arrays of those
     * shapes; the operands must be ones {@link #takes}.
     */
    static void forward(INDArray q, INDArray k, INDArray v, INDArray mask, double scale, int chunk, INDArray out,
                        INDArray lse) {
        long b = q.size(0), h = q.size(1), rows = q.size(2), d = q.size(3), s = k.size(2);
        int c = (int) Math.min(rows, chunk), width = (int) s;
        float[] p = new float[c * width], maskRows = new float[c * width], lseRows = new float[c];
        float[] packed = new float[c * width];
        Spans spans = new Spans(c);
        Operands at = new Operands(q, k, v, mask);
        Cursor outAt = new Cursor(out), lseAt = new Cursor(lse);
        try (ExpBlock block = new ExpBlock(c * width)) {                                            // [C, S] scratch
            for (long bi = 0; bi < b; bi++) {
                for (long hi = 0; hi < h; hi++) {
                    for (long r0 = 0; r0 < rows; r0 += c) {
                        int n = (int) Math.min(c, rows - r0);
                        at.mask(bi, r0, n, maskRows);
                        spans.of(maskRows, n, width);
                        at.scores(bi, hi, r0, n, scale, block.pointer(), p, maskRows, spans);   // scale·q kᵀ + mask
                        int count = 0;
                        for (int r = 0; r < n; r++) { // shift by the row's max, kept for lse = max + log(sum)
                            int from = r * width + spans.lo[r], len = spans.hi[r] - spans.lo[r];
                            float max = FloatRows.max(p, from, len);
                            for (int j = 0; j < len; j++) packed[count + j] = p[from + j] - max;
                            lseRows[r] = max;
                            count += len;
                        }
                        block.exp(packed, count);
                        count = 0;
                        for (int r = 0; r < n; r++) { // softmax; exactly 0 outside the span, as exp(−1e9) is
                            int first = r * width, lo = spans.lo[r], len = spans.hi[r] - lo;
                            double sum = FloatRows.sum(packed, count, len);
                            float inv = (float) (1 / sum);
                            Arrays.fill(p, first, first + lo, 0f);
                            for (int j = 0; j < len; j++) p[first + lo + j] = packed[count + j] * inv;
                            Arrays.fill(p, first + lo + len, first + width, 0f);
                            lseRows[r] += (float) Math.log(sum);
                            count += len;
                        }
                        block.pointer().put(p, 0, n * width);
                        lseAt.at(at(lse, bi, hi) + r0).put(lseRows, 0, n);
                        // context = p v over the keys before the chunk's last unblocked one (p is 0 after) [n, d]
                        DirectMatmul.sgemm(false, false, n, d, spans.end, 1f, block.pointer(), s, at.value(bi, hi),
                                v.stride(2), 0f, outAt.at(at(out, bi, hi, r0)), out.stride(2));
                    }
                }
            }
        }
    }

    /**
     * [dq, dk, dv] for the upstream gradient dOut of the context, from the forward's context and lse; null as
     * {@link #forward}. Per chunk: P = exp(scores − lse), dV += Pᵀ dO, dP = dO Vᵀ, D = rowsum(dO∘O),
     * dS = P∘(dP − D), dQ = dS K·scale, dK += dSᵀ Q·scale.
     */
    static INDArray[] backward(INDArray q, INDArray k, INDArray v, INDArray mask, INDArray out, INDArray lse,
                               INDArray dOut, double scale, int chunk) {
        if (!DirectMatmul.enabled() || !fits(q, k, v, mask, out, dOut) || !agree(q, k, v, mask) || !small(q, k, chunk)
                || !Arrays.equals(out.shape(), q.shape()) || !Arrays.equals(dOut.shape(), q.shape())
                || lse.dataType() != DataType.FLOAT || lse.rank() != 3 || lse.stride(2) != 1
                || lse.size(0) != q.size(0) || lse.size(1) != q.size(1) || lse.size(2) != q.size(2)) {
            return null;
        }
        long b = q.size(0), h = q.size(1), rows = q.size(2), d = q.size(3), s = k.size(2);
        INDArray dq = Nd4j.createUninitialized(DataType.FLOAT, q.shape());
        INDArray dk = Nd4j.create(DataType.FLOAT, k.shape()), dv = Nd4j.create(DataType.FLOAT, v.shape()); // summed into
        int c = (int) Math.min(rows, chunk), width = (int) s, dim = (int) d;
        float[] p = new float[c * width], ds = new float[c * width], maskRows = new float[c * width];
        float[] lseRows = new float[c], oRows = new float[c * dim], dRows = new float[c * dim];
        float[] packed = new float[c * width];
        Spans spans = new Spans(c);
        Operands at = new Operands(q, k, v, mask);
        Cursor lseAt = new Cursor(lse), outAt = new Cursor(out), dOutAt = new Cursor(dOut), dqAt = new Cursor(dq);
        Cursor dkAt = new Cursor(dk), dvAt = new Cursor(dv);
        try (ExpBlock pBlock = new ExpBlock(c * width);                                             // [C, S] scratch
             FloatPointer dsBlock = new FloatPointer((long) c * width)) {
            for (long bi = 0; bi < b; bi++) {
                for (long hi = 0; hi < h; hi++) {
                    for (long r0 = 0; r0 < rows; r0 += c) {
                        int n = (int) Math.min(c, rows - r0);
                        at.mask(bi, r0, n, maskRows);
                        spans.of(maskRows, n, width);
                        at.scores(bi, hi, r0, n, scale, pBlock.pointer(), p, maskRows, spans);
                        int key0 = spans.start, keys = spans.end - spans.start;                 // keys any row reads
                        lseAt.at(at(lse, bi, hi) + r0).get(lseRows, 0, n);
                        int count = 0;
                        for (int r = 0; r < n; r++) {                                           // P = exp(S − lse)
                            int from = r * width + spans.lo[r], len = spans.hi[r] - spans.lo[r];
                            float l = lseRows[r];
                            for (int j = 0; j < len; j++) packed[count + j] = p[from + j] - l;
                            count += len;
                        }
                        pBlock.exp(packed, count);
                        count = 0;
                        for (int r = 0; r < n; r++) {
                            int first = r * width, lo = spans.lo[r], len = spans.hi[r] - lo;
                            Arrays.fill(p, first, first + lo, 0f);
                            System.arraycopy(packed, count, p, first + lo, len);
                            Arrays.fill(p, first + lo + len, first + width, 0f);
                            count += len;
                        }
                        pBlock.pointer().put(p, 0, n * width);
                        FloatPointer dOutBlock = dOutAt.at(at(dOut, bi, hi, r0));
                        // dV += Pᵀ dO, rows of the keys read (P is 0 for the others)              [S, d]
                        DirectMatmul.sgemm(true, false, keys, d, n, 1f, pBlock.pointer().position(key0), s, dOutBlock,
                                dOut.stride(2), 1f, dvAt.at(at(dv, bi, hi, key0)), dv.stride(2));
                        pBlock.pointer().position(0);
                        // dP = dO Vᵀ, columns of the keys read (the others are zeroed below)       [n, S]
                        DirectMatmul.sgemm(false, true, n, keys, d, 1f, dOutBlock, dOut.stride(2),
                                at.value(bi, hi).position(at.value(bi, hi).position() + key0 * v.stride(2)), v.stride(2),
                                0f, dsBlock.position(key0), s);
                        dsBlock.position(0).get(ds, 0, n * width);
                        readRows(dOutBlock, dOut.stride(2), n, dim, dRows);
                        readRows(outAt.at(at(out, bi, hi, r0)), out.stride(2), n, dim, oRows);
                        for (int r = 0; r < n; r++) {                                           // dS = P∘(dP − D)
                            float rowDot = 0f;
                            for (int j = 0, o = r * dim; j < dim; j++, o++) rowDot += dRows[o] * oRows[o];
                            int first = r * width, lo = spans.lo[r], end = spans.hi[r];
                            Arrays.fill(ds, first, first + lo, 0f);                             // P is 0 there
                            for (int o = first + lo; o < first + end; o++) ds[o] = (ds[o] - rowDot) * p[o];
                            Arrays.fill(ds, first + end, first + width, 0f);
                        }
                        dsBlock.position(0).put(ds, 0, n * width);
                        // dQ = dS K·scale over the keys before the chunk's last one read (dS is 0 after) [n, d]
                        DirectMatmul.sgemm(false, false, n, d, spans.end, (float) scale, dsBlock.position(0), s,
                                at.key(bi, hi), k.stride(2), 0f, dqAt.at(at(dq, bi, hi, r0)), dq.stride(2));
                        // dK += dSᵀ Q·scale, rows of the keys read                                 [S, d]
                        DirectMatmul.sgemm(true, false, keys, d, n, (float) scale, dsBlock.position(key0), s,
                                at.query(bi, hi, r0), q.stride(2), 1f, dkAt.at(at(dk, bi, hi, key0)), dk.stride(2));
                    }
                }
            }
        }
        return new INDArray[]{dq, dk, dv};
    }

    /** Pointers into the four operands, moved to the block a step needs (a pointer's position is where BLAS reads). */
    private static final class Operands {
        private final INDArray q, k, v, mask;
        private final Cursor qAt, kAt, vAt, maskAt;

        Operands(INDArray q, INDArray k, INDArray v, INDArray mask) {
            this.q = q;
            this.k = k;
            this.v = v;
            this.mask = mask;
            this.qAt = new Cursor(q);
            this.kAt = new Cursor(k);
            this.vAt = new Cursor(v);
            this.maskAt = new Cursor(mask);
        }

        FloatPointer query(long bi, long hi, long r0) {
            return qAt.at(at(q, bi, hi, r0));
        }

        FloatPointer key(long bi, long hi) {
            return kAt.at(at(k, bi, hi, 0));
        }

        FloatPointer value(long bi, long hi) {
            return vAt.at(at(v, bi, hi, 0));
        }

        /** The mask's rows r0..r0+n into {@code into} [n, S]. */
        void mask(long bi, long r0, int n, float[] into) {
            readRows(maskAt.at(at(mask, bi, 0, r0)), mask.stride(2), n, (int) k.size(2), into);
        }

        /**
         * scores = scale·q kᵀ + mask of query rows r0..r0+n into {@code into} [n, S] (via the native {@code block}),
         * for the keys some row of them reads ({@code spans}' start to end); the other columns are left as they were.
         * The products of a key are the same floats whichever keys are computed with it.
         */
        void scores(long bi, long hi, long r0, int n, double scale, FloatPointer block, float[] into, float[] maskRows,
                    Spans spans) {
            int width = (int) k.size(2), from = spans.start, to = spans.end;
            FloatPointer keys = key(bi, hi);
            DirectMatmul.sgemm(false, true, n, to - from, q.size(3), (float) scale, query(bi, hi, r0), q.stride(2),
                    keys.position(keys.position() + from * k.stride(2)), k.stride(2), 0f, block.position(from), width);
            block.position(0).get(into, 0, n * width);
            for (int r = 0; r < n; r++) {
                for (int i = r * width + from, end = r * width + to; i < end; i++) into[i] += maskRows[i];
            }
        }
    }

    /**
     * Per row of a chunk, the columns [lo, hi) outside which the mask blocks every key ({@link AttentionMask#BLOCKED}):
     * causality leaves half of a training chunk's scores blocked, a window or left padding more. There the
     * probabilities are exactly 0 (exp of about −1e9 underflows), so the softmax, its exp and the backward's
     * elementwise steps skip them; a row blocked everywhere keeps its whole width, as the composition computes it.
     * Beyond {@link #TRIM_ABOVE_KEYS} keys the chunk's GEMMs run only over the keys from the first any row reads to
     * the last (a chunk's rows are then one head's consecutive positions; in a causal layer about half of the
     * products): the same values to FP32 rounding ({@code DirectAttentionTest}).
     */
    private static final class Spans {
        private static final float BLOCKED = AttentionMask.BLOCKED / 2;
        final int[] lo, hi;
        int start, end; // the chunk's: the first key some row reads, and one past the last

        Spans(int rows) {
            this.lo = new int[rows];
            this.hi = new int[rows];
        }

        void of(float[] maskRows, int n, int width) {
            for (int r = 0; r < n; r++) {
                int first = r * width, a = 0, z = width;
                while (a < width && maskRows[first + a] <= BLOCKED) a++;
                if (a == width) a = 0;
                else while (maskRows[first + z - 1] <= BLOCKED) z--;
                lo[r] = a;
                hi[r] = z;
            }
            boolean trim = trimKeys && width > TRIM_ABOVE_KEYS;
            start = trim ? width : 0;
            end = trim ? 0 : width;
            for (int r = 0; r < n; r++) {
                start = Math.min(start, lo[r]);
                end = Math.max(end, hi[r]);
            }
        }
    }

    /**
     * A pointer into an FP32 array, placed at an element offset from the array's element 0 (its own position
     * includes where a view starts in its buffer). Moving it moves every earlier result: take one per operand block.
     */
    private static final class Cursor {
        private final FloatPointer pointer;
        private final long base;

        Cursor(INDArray a) {
            this.pointer = NativeAddress.floats(a, 0);
            this.base = pointer.position();
        }

        FloatPointer at(long offset) {
            return pointer.position(base + offset);
        }
    }

    /** n rows of {@code width} floats from {@code from} (its position), {@code stride} elements apart, packed. */
    private static void readRows(FloatPointer from, long stride, int n, int width, float[] into) {
        if (stride == width) {
            from.get(into, 0, n * width);
            return;
        }
        long start = from.position();
        for (int r = 0; r < n; r++) from.position(start + r * stride).get(into, r * width, width);
        from.position(start);
    }

    /** FP32, rank 4, unit stride along the last axis and rows at least a row apart (a BLAS leading dimension). */
    private static boolean fits(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a.dataType() != DataType.FLOAT || a.rank() != 4 || a.isEmpty() || a.stride(3) != 1
                    || a.stride(2) < a.size(3) || a.stride(2) > Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    /**
     * q [B, Hkv, R, d], k and v [B, Hkv, S, d], mask [B, 1, R, S]: the pointer arithmetic reads native memory, so any
     * other shape goes to the composition, whose ND4J ops broadcast or name the mismatch.
     */
    private static boolean agree(INDArray q, INDArray k, INDArray v, INDArray mask) {
        return Arrays.equals(k.shape(), v.shape()) && k.size(0) == q.size(0) && k.size(1) == q.size(1)
                && k.size(3) == q.size(3) && mask.size(0) == q.size(0) && mask.size(1) == 1
                && mask.size(2) == q.size(2) && mask.size(3) == k.size(2);
    }

    /** A chunk's [C, S] block within Java's array limit. */
    private static boolean small(INDArray q, INDArray k, int chunk) {
        return (long) Math.min(q.size(2), chunk) * k.size(2) <= Integer.MAX_VALUE - 8;
    }

    /** Element offset of [i0, i1, i2, 0] from element 0 (a size-1 axis 1 is broadcast, as the mask's). */
    private static long at(INDArray a, long i0, long i1, long i2) {
        return i0 * a.stride(0) + (a.size(1) == 1 ? 0 : i1 * a.stride(1)) + i2 * a.stride(2);
    }

    /** Element offset of [i0, i1, 0] of a rank-3 array. */
    private static long at(INDArray a, long i0, long i1) {
        return i0 * a.stride(0) + i1 * a.stride(1);
    }
}
