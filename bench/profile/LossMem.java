import org.bytedeco.javacpp.Pointer;
import org.nd4j.autodiff.samediff.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.model.loss.*;
import java.util.*;
import java.util.concurrent.atomic.AtomicLong;
/** docs/performance.md: peak RSS of the hierarchical loss alone: logits [N, V] (a variable) -> loss, gradient w.r.t. the logits. */
public class LossMem {
  public static void main(String[] a) throws Exception {
    int n = Integer.parseInt(a[0]), v = Integer.parseInt(a[1]);
    AtomicLong peak = new AtomicLong();
    Thread t = new Thread(() -> { while (true) { peak.accumulateAndGet(Pointer.physicalBytes(), Math::max); try { Thread.sleep(1); } catch (InterruptedException e) { return; } } });
    t.setDaemon(true);
    SameDiff sd = SameDiff.create();
    SDVariable logits = sd.var("logits", Nd4j.rand(DataType.FLOAT, n, v));
    HierarchicalLoss loss = HierarchicalLoss.attach(sd, logits, v, LossWeights.DEFAULT);
    long[] labels = new long[n];
    for (int i = 0; i < n; i++) labels[i] = (i * 7919L) % v;
    Map<ReasoningLevel, double[]> masks = HierarchicalLoss.emptyMasks(n);
    Arrays.fill(masks.get(ReasoningLevel.OUTPUT), 1.0);
    Map<String, INDArray> feed = loss.feed(labels, masks);
    System.gc();
    long base = Pointer.physicalBytes();
    t.start();
    for (int step = 0; step < Integer.parseInt(System.getProperty("steps", "3")); step++) {
      loss.gradients(feed, List.of("logits")).values().forEach(INDArray::close); // the caller owns the gradient
      if (Boolean.getBoolean("gc")) { System.gc(); Thread.sleep(200); }
      System.out.printf("N %d V %d: step %d, RSS %.0f MB, peak %.0f MB above the graph's %.0f MB (one [N,V] FP32 = %.1f MB)%n",
          n, v, step, Pointer.physicalBytes() / 1e6, (peak.get() - base) / 1e6, base / 1e6, 4.0 * n * v / 1e6);
    }
    System.exit(0);
  }
}
