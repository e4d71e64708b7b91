import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.bytedeco.javacpp.FloatPointer;
import java.lang.management.*;
/** CPU time of one decode-sized projection through each path: OpenBLAS gemv/gemm, ND4J, SameDiff (docs/performance.md). */
public class BlasBench {
  static ThreadMXBean t = ManagementFactory.getThreadMXBean();
  static double cpuMs(Runnable r, int n) { for (int i = 0; i < 5; i++) r.run(); double best = 1e18; for (int k = 0; k < 5; k++) { long c = t.getCurrentThreadCpuTime(); for (int i = 0; i < n; i++) r.run(); best = Math.min(best, (t.getCurrentThreadCpuTime() - c) / 1e6 / n); } return best; }
  public static void main(String[] a) {
    int out = 4864, in = 896;
    INDArray w = Nd4j.rand(DataType.FLOAT, out, in), x1 = Nd4j.rand(DataType.FLOAT, 1, in), x32 = Nd4j.rand(DataType.FLOAT, 32, in);
    INDArray y1 = Nd4j.create(DataType.FLOAT, 1, out), y32 = Nd4j.create(DataType.FLOAT, 32, out);
    FloatPointer pw = new FloatPointer(w.data().addressPointer()), px = new FloatPointer(x1.data().addressPointer()), py = new FloatPointer(y1.data().addressPointer());
    FloatPointer px32 = new FloatPointer(x32.data().addressPointer()), py32 = new FloatPointer(y32.data().addressPointer());
    int n = 20;
    double gemv = cpuMs(() -> openblas_nolapack.cblas_sgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, out, in, 1f, pw, in, px, 1, 0f, py, 1), n);
    double gemm1 = cpuMs(() -> openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasTrans, 1, out, in, 1f, px, in, pw, in, 0f, py, out), n);
    double gemm32 = cpuMs(() -> openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasTrans, 32, out, in, 1f, px32, in, pw, in, 0f, py32, out), n);
    double nd4jGemm1 = cpuMs(() -> Nd4j.gemm(x1, w, y1, false, true, 1.0, 0.0), n);
    double mmul1 = cpuMs(() -> x1.mmul(w.transpose()), n);
    double nd4jGemm32 = cpuMs(() -> Nd4j.gemm(x32, w, y32, false, true, 1.0, 0.0), n);
    org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
    org.nd4j.autodiff.samediff.SDVariable px_ = sd.placeHolder("x", DataType.FLOAT, -1, in);
    sd.mmul("y", px_, sd.var("w", w), false, true, false);
    java.util.Map<String, INDArray> feed = java.util.Map.of("x", x1);
    double sdMmul1 = cpuMs(() -> sd.output(feed, "y"), n);
    org.nd4j.linalg.api.ops.impl.reduce.Mmul op = new org.nd4j.linalg.api.ops.impl.reduce.Mmul(x1, w, y1,
        org.nd4j.linalg.api.blas.params.MMulTranspose.builder().transposeB(true).build());
    double opMmul1 = cpuMs(() -> Nd4j.exec(op), n);
    INDArray wt = w.transpose().dup('c'); // [in, out]
    double gemmPre = cpuMs(() -> openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasNoTrans, 1, out, in, 1f, px, in, new FloatPointer(wt.data().addressPointer()), out, 0f, py, out), n);
    double mb = 4.0 * out * in / 1e6;
    System.out.printf("[1,%d] x [%d,%d]^T (%.1f MB of weight), CPU ms per call (best of 5x%d):%n", in, out, in, mb, n);
    System.out.printf("  cblas_sgemv (row-major, no trans)      %.3f ms  %.1f GB/s%n", gemv, mb / gemv);
    System.out.printf("  cblas_sgemm M=1 (B transposed)         %.3f ms  %.1f GB/s%n", gemm1, mb / gemm1);
    System.out.printf("  Nd4j.gemm M=1 transposeB               %.3f ms%n", nd4jGemm1);
    System.out.printf("  x.mmul(w.transpose()) M=1               %.3f ms%n", mmul1);
    System.out.printf("  cblas_sgemm M=32                       %.3f ms  %.1f GFLOP/s%n", gemm32, 2.0 * 32 * out * in / 1e6 / gemm32);
    System.out.printf("  Nd4j.gemm M=32 transposeB              %.3f ms%n", nd4jGemm32);
    System.out.printf("  SameDiff sd.output of one mmul(x, w, transposeB) M=1  %.3f ms%n", sdMmul1);
    System.out.printf("  prebuilt Mmul op (transposeB), Nd4j.exec M=1          %.3f ms%n", opMmul1);
    System.out.printf("  cblas_sgemm M=1 on a pre-transposed [in,out] weight   %.3f ms%n", gemmPre);
  }
}
