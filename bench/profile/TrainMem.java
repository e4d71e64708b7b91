import org.bytedeco.javacpp.Pointer;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.model.loss.HierarchicalLoss;
import org.reasonbridge.model.transformer.FusedAttention;
import org.reasonbridge.training.AdamW;
import org.reasonbridge.training.Batch;
import org.reasonbridge.training.TrainingConfig;
import org.reasonbridge.training.TrainingSetup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.concurrent.atomic.AtomicLong;

/**
 * docs/performance.md, "Long traces": peak RSS of adapter training steps (paper bottleneck adapters, batch 1, random
 * tokens, every token a target) on a model folder at one sequence length. Prints the kernel's peak RSS (VmHWM), the
 * peak sampled every millisecond over the steps, and the process CPU time per step. Args: MODEL_DIR LEN [STEPS].
 */
public class TrainMem {
    public static void main(String[] a) throws Exception {
        Path model = Path.of(a[0]);
        int len = Integer.parseInt(a[1]), steps = a.length > 2 ? Integer.parseInt(a[2]) : 2;
        AtomicLong peak = new AtomicLong();
        Thread poller = new Thread(() -> {
            while (true) {
                peak.accumulateAndGet(Pointer.physicalBytes(), Math::max);
                try { Thread.sleep(1); } catch (InterruptedException e) { return; }
            }
        });
        poller.setDaemon(true);
        poller.start();
        TrainingConfig cfg = TrainingConfig.parse("{\"method\": \"bottleneck\", \"preset\": \"paper\", \"bottleneck\": 64, \"batchSize\": 1}", "mem");
        TrainingSetup setup = TrainingSetup.create(model, cfg);
        long afterSetup = Pointer.physicalBytes();
        int vocab = setup.model().config().vocabSize();
        SplittableRandom r = new SplittableRandom(0);
        int[][] tokens = new int[1][len];
        long[] targets = new long[len];
        for (int i = 0; i < len; i++) { tokens[0][i] = r.nextInt(vocab - 3); targets[i] = r.nextInt(vocab - 3); }
        Map<ReasoningLevel, double[]> masks = HierarchicalLoss.emptyMasks(len);
        Arrays.fill(masks.get(ReasoningLevel.OUTPUT), 1.0);
        Batch b = new Batch(List.of("r"), tokens, targets, masks);
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (String n : setup.trainable()) params.put(n, setup.graph().getArrForVarName(n));
        AdamW adam = new AdamW(cfg.beta1(), cfg.beta2(), cfg.epsilon(), cfg.weightDecay());
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int s = 0; s < steps; s++) {
            long c0 = os.getProcessCpuTime();
            OutAndGrad og = setup.lossAndGradients(b);
            double loss = og.getOutputs().get(HierarchicalLoss.LOSS).getDouble(0);
            adam.update(params, og.getGradients(), cfg.learningRate());
            og.getGradients().values().forEach(INDArray::close);
            System.out.printf("len %d fused %s step %d: loss %.6f, cpu %.1f s, RSS %.0f MB, sampled peak %.0f MB%n", len,
                    FusedAttention.enabled(), s, loss, (os.getProcessCpuTime() - c0) / 1e9, Pointer.physicalBytes() / 1e6,
                    peak.get() / 1e6);
        }
        String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                .findFirst().orElse("VmHWM ?");
        System.out.printf("RESULT len %d fused %s: after setup %.0f MB, sampled peak %.0f MB, %s%n", len,
                FusedAttention.enabled(), afterSetup / 1e6, peak.get() / 1e6, hwm.replaceAll("\\s+", " "));
        System.exit(0);
    }
}
