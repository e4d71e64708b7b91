package org.reasonbridge.model.exec;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

/**
 * SameDiff's two-dimensional FP32 {@code matmul} ({@code mmul(a, b, transposeA, transposeB, false)}) as one direct
 * OpenBLAS call on the arrays' buffers, the same library ND4J's CPU backend binds its BLAS to (docs/performance.md,
 * section 2), without ND4J's op around it:
 * <ul>
 *   <li>one row times a transposed weight, {@code y[1, O] = x[1, K] · W[O, K]ᵀ} (every projection in decode), as
 *   {@code cblas_sgemv} over the weight in its checkpoint layout: ND4J 1.0.0-M2.1's bundled OpenBLAS 0.3.19 packs the
 *   whole weight into panels on every M = 1 GEMM, about 2x slower at sizes beyond the caches ("One-row
 *   projections");</li>
 *   <li>two or more rows, any transposes (prefill and training: projections, their input and weight gradients), as
 *   the {@code cblas_sgemm} ND4J would call, minus ND4J's op dispatch and shape checks around it ("Direct GEMM"). The result is the same
 *   to the bit ({@code DirectMatmulTest} pins that).</li>
 * </ul>
 * {@code DirectMatmulTest} also pins the OpenBLAS version this was measured on. Only for the CPU backend with
 * OpenBLAS; {@code -Dreasonbridge.gemv=false} leaves every matmul to ND4J (for measuring).
 */
public final class DirectMatmul {
    /** System property that, set to {@code false}, leaves every matmul to ND4J. */
    static final String PROPERTY = "reasonbridge.gemv";

    /** The OpenBLAS whose M = 1 GEMM this works around (the JavaCPP preset's {@code OPENBLAS_VERSION}). */
    static final String MEASURED_OPENBLAS = "OpenBLAS 0.3.19";

    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty(PROPERTY)) && openBlasBackend();

    private DirectMatmul() {
    }

    /** Whether direct OpenBLAS calls are in use: CPU backend, OpenBLAS loaded, not switched off ({@link #PROPERTY}). */
    public static boolean enabled() {
        return ENABLED;
    }

    /**
     * {@code c = alpha·op(a)·op(b) + beta·c} on FP32 row-major matrices in native memory, each given by a pointer to
     * its first element and its row stride; the caller checks the bounds.
     */
    public static void sgemm(boolean ta, boolean tb, long m, long n, long k, float alpha, FloatPointer a, long lda,
                             FloatPointer b, long ldb, float beta, FloatPointer c, long ldc) {
        openblas_nolapack.cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                Math.toIntExact(m), Math.toIntExact(n), Math.toIntExact(k), alpha, a, Math.toIntExact(lda), b,
                Math.toIntExact(ldb), beta, c, Math.toIntExact(ldc));
    }

    private static boolean openBlasBackend() {
        try {
            if (!Nd4j.getBackend().getClass().getSimpleName().equals("CpuBackend")) return false;
            Loader.load(openblas_nolapack.class);
            return true;
        } catch (Throwable e) { // another backend: the preset's classes or native library are not there
            return false;
        }
    }

    /**
     * The op's transposes as {@code {transposeA, transposeB}} if it is a {@code matmul} this class may run (result
     * not transposed, the default alpha 1 and beta 0), else null.
     */
    static boolean[] candidate(DifferentialFunction op) {
        if (!ENABLED || !(op instanceof DynamicCustomOp c) || !"matmul".equals(c.opName())) return null;
        long[] i = c.iArgs();
        double[] t = c.tArgs();
        boolean flags = i.length == 0 || (i.length >= 2 && (i[0] == 0 || i[0] == 1) && (i[1] == 0 || i[1] == 1)
                && (i.length < 3 || i[2] == 0));
        boolean scale = t.length == 0 || (t.length == 2 && t[0] == 1.0 && t[1] == 0.0);
        if (!flags || !scale) return null;
        return new boolean[]{i.length > 0 && i[0] == 1, i.length > 1 && i[1] == 1};
    }

    /** {@link #tryRun(INDArray, INDArray, INDArray, boolean, boolean)} for {@code y = x wᵀ}. */
    static boolean tryRun(INDArray x, INDArray w, INDArray y) {
        return tryRun(x, w, y, false, true);
    }

    /**
     * Computes {@code y = op(a) op(b)} if the arrays have a form one BLAS call takes (FP32, rank 2, rows contiguous,
     * at least two rows, or one row against a transposed {@code b}); false, touching nothing, otherwise.
     */
    static boolean tryRun(INDArray a, INDArray b, INDArray y, boolean ta, boolean tb) {
        if (a.dataType() != DataType.FLOAT || b.dataType() != DataType.FLOAT || y.dataType() != DataType.FLOAT
                || a.rank() != 2 || b.rank() != 2 || y.rank() != 2 || a.isEmpty() || b.isEmpty()) {
            return false;
        }
        long m = ta ? a.size(1) : a.size(0), k = ta ? a.size(0) : a.size(1);
        long n = tb ? b.size(0) : b.size(1), kb = tb ? b.size(1) : b.size(0);
        if (kb != k || y.size(0) != m || y.size(1) != n || Math.max(Math.max(m, n), k) > Integer.MAX_VALUE) return false;
        if (m == 1 && !ta && tb) {
            // x and y contiguous along their one row, rows of w contiguous (lda = its row stride)
            if (a.stride(1) != 1 || y.stride(1) != 1 || b.stride(1) != 1 || !leading(b)) return false;
            openblas_nolapack.cblas_sgemv(CblasRowMajor, CblasNoTrans, (int) n, (int) k, 1f, pointer(b), (int) b.stride(0),
                    pointer(a), 1, 0f, pointer(y), 1);
            return true;
        }
        // ND4J's GEMM on one row or one column reads its operands differently from this call: left to ND4J
        if (m < 2 || n < 2) return false;
        // every operand's rows contiguous (its leading dimension is its row stride)
        if (a.stride(1) != 1 || b.stride(1) != 1 || y.stride(1) != 1 || !leading(a) || !leading(b) || !leading(y)) {
            return false;
        }
        sgemm(ta, tb, m, n, k, 1f, pointer(a), a.stride(0), pointer(b), b.stride(0), 0f, pointer(y), y.stride(0));
        return true;
    }

    /** A row stride BLAS takes as the leading dimension: at least a row's length, within int. */
    private static boolean leading(INDArray a) {
        return a.stride(0) >= a.size(1) && a.stride(0) <= Integer.MAX_VALUE;
    }

    private static FloatPointer pointer(INDArray a) {
        return NativeAddress.floats(a, 0);
    }
}
