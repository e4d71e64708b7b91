import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.bytedeco.javacpp.FloatPointer;
import java.lang.management.*;
/** CPU per call of one-row projections at the decoder's shapes: cblas_sgemv, cblas_sgemm M=1 and 4/16 rows, ND4J's Mmul op (docs/performance.md). Usage: bench/profile/run.sh GemvProbe */
public class GemvProbe {
  static ThreadMXBean t = ManagementFactory.getThreadMXBean();
  static double cpuMs(Runnable r, int n) { for (int i = 0; i < 5; i++) r.run(); double best = 1e18; for (int k = 0; k < 5; k++) { long c = t.getCurrentThreadCpuTime(); for (int i = 0; i < n; i++) r.run(); best = Math.min(best, (t.getCurrentThreadCpuTime() - c) / 1e6 / n); } return best; }
  public static void main(String[] a) {
    int[][] shapes = {{512,512},{128,512},{1408,512},{512,1408},{8192,512},{4864,896},{896,896},{128,896},{896,4864}};
    for (int[] s : shapes) {
      int out = s[0], in = s[1];
      INDArray w = Nd4j.rand(DataType.FLOAT, out, in), x1 = Nd4j.rand(DataType.FLOAT, 1, in);
      INDArray y1 = Nd4j.create(DataType.FLOAT, 1, out);
      FloatPointer pw = new FloatPointer(w.data().addressPointer()), px = new FloatPointer(x1.data().addressPointer()), py = new FloatPointer(y1.data().addressPointer());
      int n = Math.max(20, 2_000_000 / (out * in / 100));
      n = Math.min(n, 2000);
      double gemv = cpuMs(() -> openblas_nolapack.cblas_sgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, out, in, 1f, pw, in, px, 1, 0f, py, 1), n);
      double gemm1 = cpuMs(() -> openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasTrans, 1, out, in, 1f, px, in, pw, in, 0f, py, out), n);
      // the same product as y^T[O, 1] = W[O, K] x^T[K, 1]: a GEMM with N = 1 instead of M = 1
      double gemmN1 = cpuMs(() -> openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasNoTrans, out, 1, in, 1f, pw, in, px, 1, 0f, py, 1), n);
      org.nd4j.linalg.api.ops.impl.reduce.Mmul op = new org.nd4j.linalg.api.ops.impl.reduce.Mmul(x1, w, y1,
          org.nd4j.linalg.api.blas.params.MMulTranspose.builder().transposeB(true).build());
      double opMmul1 = cpuMs(() -> Nd4j.exec(op), n);
      // 4 rows: gemm vs 4 gemv
      INDArray x4 = Nd4j.rand(DataType.FLOAT, 4, in), y4 = Nd4j.create(DataType.FLOAT, 4, out);
      FloatPointer px4 = new FloatPointer(x4.data().addressPointer()), py4 = new FloatPointer(y4.data().addressPointer());
      double gemm4 = cpuMs(() -> openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasTrans, 4, out, in, 1f, px4, in, pw, in, 0f, py4, out), n);
      INDArray x16 = Nd4j.rand(DataType.FLOAT, 16, in), y16 = Nd4j.create(DataType.FLOAT, 16, out);
      FloatPointer px16 = new FloatPointer(x16.data().addressPointer()), py16 = new FloatPointer(y16.data().addressPointer());
      double gemm16 = cpuMs(() -> openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasTrans, 16, out, in, 1f, px16, in, pw, in, 0f, py16, out), n);
      System.out.printf("[1,%d]x[%d,%d]^T  gemv %.4f  gemm1 %.4f  gemm(N=1) %.4f  MmulOp %.4f | gemm4 %.4f (4 gemv %.4f) gemm16 %.4f (16 gemv %.4f)%n", in, out, in, gemv, gemm1, gemmN1, opMmul1, gemm4, 4*gemv, gemm16, 16*gemv);
    }
  }
}
