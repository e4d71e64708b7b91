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
 * tokens, every token a target) on a model folder at one sequence length ({@code -Dgc=true}: a full GC after each step; {@code -DdropSession=true}: drop the gradient session after each step, for a gradient plan's steps). Prints the kernel's peak RSS (VmHWM), the
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
            long before = peak.get();
            peak.set(Pointer.physicalBytes());
            OutAndGrad og = setup.lossAndGradients(b);
            double loss = og.getOutputs().get(HierarchicalLoss.LOSS).getDouble(0);
            adam.update(params, og.getGradients(), cfg.learningRate());
            og.getGradients().values().forEach(INDArray::close);
            if (Boolean.getBoolean("live")) live(setup.graph());
            if (Boolean.getBoolean("dropSession") && setup.graph().getFunction("grad") != null) {
                // the first step's session keeps every array it made until it runs again, which a plan never does
                setup.graph().getFunction("grad").getSessions().clear();
                System.gc();
                Thread.sleep(500);
            }
            if (Boolean.getBoolean("gc")) { System.gc(); Thread.sleep(500); } // hand dead off-heap arrays back now
            System.out.printf("len %d fused %s step %d: loss %.6f, cpu %.1f s, RSS %.0f MB, this step's sampled peak %.0f MB%n",
                    len, FusedAttention.enabled(), s, loss, (os.getProcessCpuTime() - c0) / 1e9, Pointer.physicalBytes() / 1e6,
                    peak.get() / 1e6);
            peak.accumulateAndGet(before, Math::max);
        }
        String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                .findFirst().orElse("VmHWM ?");
        System.out.printf("RESULT len %d fused %s recompute %s: after setup %.0f MB, sampled peak %.0f MB, %s%n", len,
                FusedAttention.enabled(), org.reasonbridge.training.Recompute.resolve(cfg.recompute()).at(org.reasonbridge.training.Recompute.keptBytes(1, len,
                        setup.model().config().numLayers(), setup.model().config().hiddenSize(),
                        setup.model().config().intermediateSize())),
                afterSetup / 1e6, peak.get() / 1e6, hwm.replaceAll("\\s+", " "));
        System.exit(0);
    }

    /** -Dlive=true: the open arrays the gradient session still references after a step, by holder. */
    @SuppressWarnings("unchecked")
    static void live(org.nd4j.autodiff.samediff.SameDiff sd) throws Exception {
        var grad = sd.getFunction("grad");
        for (var session : grad.getSessions().values()) {
            var f = org.nd4j.autodiff.samediff.internal.AbstractSession.class.getDeclaredField("nodeValueOutputs");
            f.setAccessible(true);
            Map<Object, org.nd4j.autodiff.samediff.config.SDValue> outs = (Map<Object, org.nd4j.autodiff.samediff.config.SDValue>) f.get(session);
            Set<INDArray> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            long bytes = 0; Map<String, Long> byName = new HashMap<>();
            for (var e : outs.entrySet()) {
                INDArray arr = e.getValue() == null ? null : e.getValue().getTensorValue();
                if (arr == null || arr.wasClosed() || !seen.add(arr)) continue;
                long b = arr.length() * arr.dataType().width();
                bytes += b;
                String name = e.getKey().toString().replaceAll("model\\.layers\\.\\d+", "L*").replaceAll("_\\d+", "_#");
                byName.merge(name.length() > 90 ? name.substring(0, 90) : name, b, Long::sum);
            }
            System.out.printf("  session values: %d entries, %.0f MB open%n", outs.size(), bytes / 1e6);
            byName.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(Integer.getInteger("top", 12))
                    .forEach(e -> System.out.printf("    %8.1f MB  %s%n", e.getValue() / 1e6, e.getKey()));
            var c = org.nd4j.autodiff.samediff.internal.InferenceSession.class.getDeclaredField("opContexts");
            c.setAccessible(true);
            Map<String, org.nd4j.linalg.api.ops.OpContext> ctxs = (Map<String, org.nd4j.linalg.api.ops.OpContext>) c.get(session);
            long cb = 0; Map<String, Long> byOp = new HashMap<>();
            for (var e : ctxs.entrySet()) {
                List<INDArray> all = new ArrayList<>(e.getValue().getInputArrays());
                all.addAll(e.getValue().getOutputArrays());
                for (INDArray arr : all) {
                    if (arr == null || arr.wasClosed() || !seen.add(arr)) continue;
                    long b = arr.length() * arr.dataType().width();
                    cb += b;
                    byOp.merge(e.getKey().replaceAll("model\\.layers\\.\\d+", "L*").replaceAll("_\\d+", "_#"), b, Long::sum);
                }
            }
            System.out.printf("  op contexts: %d, %.0f MB more open%n", ctxs.size(), cb / 1e6);
            byOp.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(Integer.getInteger("top", 12))
                    .forEach(e -> System.out.printf("    %8.1f MB  %s%n", e.getValue() / 1e6, e.getKey()));
        }
    }
}
