package org.reasonbridge.model.exec;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A projection of one row, {@code y[1, O] = x[1, K] · W[O, K]ᵀ} (SameDiff's {@code mmul(x, w, false, true, false)}),
 * as one {@code cblas_sgemv} over the weight in its checkpoint layout instead of the GEMM that ND4J 1.0.0-M2.1 calls.
 * Its bundled OpenBLAS 0.3.19 packs the whole weight into panels on every M = 1 GEMM, which makes decode's
 * projections about 2x slower than GEMV at sizes beyond the caches (docs/performance.md, "One-row projections").
 * {@code RowGemvTest} pins the OpenBLAS version this was measured on.
 *
 * <p>Only for the CPU backend with OpenBLAS; {@code -Dreasonbridge.gemv=false} turns it off (for measuring).
 */
final class RowGemv {
    /** System property that, set to {@code false}, leaves every matmul to ND4J. */
    static final String PROPERTY = "reasonbridge.gemv";

    /** The OpenBLAS whose M = 1 GEMM this works around (the JavaCPP preset's {@code OPENBLAS_VERSION}). */
    static final String MEASURED_OPENBLAS = "OpenBLAS 0.3.19";

    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty(PROPERTY)) && openBlasBackend();

    private RowGemv() {
    }

    private static boolean openBlasBackend() {
        try {
            // the same library ND4J's CPU backend binds its BLAS calls to (docs/performance.md, section 2)
            if (!Nd4j.getBackend().getClass().getSimpleName().equals("CpuBackend")) return false;
            Loader.load(openblas_nolapack.class);
            return true;
        } catch (Throwable e) { // another backend: the preset's classes or native library are not there
            return false;
        }
    }

    /** True for a {@code matmul} op that transposes only its second operand, with the default alpha 1 and beta 0. */
    static boolean candidate(DifferentialFunction op) {
        if (!ENABLED || !(op instanceof DynamicCustomOp c) || !"matmul".equals(c.opName())) return false;
        long[] i = c.iArgs();
        double[] t = c.tArgs();
        boolean flags = i.length >= 2 && i[0] == 0 && i[1] == 1 && (i.length < 3 || i[2] == 0);
        boolean scale = t.length == 0 || (t.length == 2 && t[0] == 1.0 && t[1] == 0.0);
        return flags && scale;
    }

    /** Computes {@code y = x wᵀ} if the arrays have the one-row, row-major FP32 form GEMV needs; false otherwise. */
    static boolean tryRun(INDArray x, INDArray w, INDArray y) {
        if (x.dataType() != DataType.FLOAT || w.dataType() != DataType.FLOAT || y.dataType() != DataType.FLOAT
                || x.rank() != 2 || w.rank() != 2 || y.rank() != 2 || x.size(0) != 1 || x.isEmpty() || w.isEmpty()) {
            return false;
        }
        long k = x.size(1), o = w.size(0);
        if (w.size(1) != k || y.size(0) != 1 || y.size(1) != o || k > Integer.MAX_VALUE || o > Integer.MAX_VALUE) {
            return false;
        }
        // rows of w contiguous (lda = its row stride); x and y contiguous along their one row
        if (w.stride(1) != 1 || w.stride(0) < k || w.stride(0) > Integer.MAX_VALUE || x.stride(1) != 1
                || y.stride(1) != 1) {
            return false;
        }
        openblas_nolapack.cblas_sgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, (int) o, (int) k,
                1f, pointer(w), (int) w.stride(0), pointer(x), 1, 0f, pointer(y), 1);
        return true;
    }

    private static FloatPointer pointer(INDArray a) {
        FloatPointer p = new FloatPointer(a.data().addressPointer());
        long skip = NativeAddress.skip(a);
        return skip == 0 ? p : p.position(p.position() + skip);
    }
}
