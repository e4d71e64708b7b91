import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import java.lang.management.*;
/** docs/performance.md: what one sd.output of a single mmul costs over Nd4j.gemm, by weight size (a copy would grow with it). */
public class SdOverhead {
  static ThreadMXBean t = ManagementFactory.getThreadMXBean();
  static double cpuMs(Runnable r, int n) { for (int i = 0; i < 5; i++) r.run(); double best = 1e18; for (int k = 0; k < 5; k++) { long c = t.getCurrentThreadCpuTime(); for (int i = 0; i < n; i++) r.run(); best = Math.min(best, (t.getCurrentThreadCpuTime() - c) / 1e6 / n); } return best; }
  public static void main(String[] a) {
    for (int out : new int[]{64, 896, 4864, 19456}) {
      int in = 896;
      INDArray w = Nd4j.rand(DataType.FLOAT, out, in), x1 = Nd4j.rand(DataType.FLOAT, 1, in), y1 = Nd4j.create(DataType.FLOAT, 1, out);
      org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
      sd.mmul("y", sd.placeHolder("x", DataType.FLOAT, -1, in), sd.var("w", w), false, true, false);
      java.util.Map<String, INDArray> feed = java.util.Map.of("x", x1);
      int n = out > 5000 ? 10 : 50;
      double s = cpuMs(() -> sd.output(feed, "y"), n), g = cpuMs(() -> Nd4j.gemm(x1, w, y1, false, true, 1.0, 0.0), n);
      System.out.printf("out %5d (%.1f MB): sd.output %.3f ms, Nd4j.gemm %.3f ms, difference %.3f ms%n", out, 4.0*out*in/1e6, s, g, s - g);
    }
  }
}
