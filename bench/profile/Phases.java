import one.profiler.AsyncProfiler;
import one.profiler.Counter;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.model.loss.HierarchicalLoss;
import org.reasonbridge.model.transformer.Decoder;
import org.reasonbridge.model.transformer.KvCache;
import org.reasonbridge.training.AdamW;
import org.reasonbridge.training.Batch;
import org.reasonbridge.training.TrainingConfig;
import org.reasonbridge.training.TrainingSetup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Profiles one phase (prefill | decode | train) of a model folder with async-profiler, after warm-up, and prints
 * timings and memory. Usage: Phases MODEL PHASE OUT_PREFIX [iterations] [seq/prompt len] [event]
 */
public class Phases {
    static final java.util.List<Long> PREFILL_NS = new java.util.ArrayList<>(); // each prefill's own wall time
    static final AtomicLong peakTracked = new AtomicLong(), peakRss = new AtomicLong();
    static volatile boolean polling;

    static Runnable instrumented;

    static final class SameDiffHolder {
        static Runnable step;
    }

    /** Times every op of {@code steps} runs by type: count, time between pre- and post-execution callbacks. */
    static void instrument(org.nd4j.autodiff.samediff.SameDiff sd, int steps) {
        instrumented = () -> {
            Map<String, long[]> byType = new TreeMap<>();
            long[] start = {0};
            org.nd4j.autodiff.listeners.BaseListener l = new org.nd4j.autodiff.listeners.BaseListener() {
                @Override public boolean isActive(org.nd4j.autodiff.listeners.Operation op) { return true; }
                @Override public void preOpExecution(org.nd4j.autodiff.samediff.SameDiff s, org.nd4j.autodiff.listeners.At at,
                        org.nd4j.autodiff.samediff.internal.SameDiffOp op, org.nd4j.linalg.api.ops.OpContext ctx) {
                    start[0] = System.nanoTime();
                }
                @Override public void opExecution(org.nd4j.autodiff.samediff.SameDiff s, org.nd4j.autodiff.listeners.At at,
                        org.nd4j.linalg.dataset.api.MultiDataSet b, org.nd4j.autodiff.samediff.internal.SameDiffOp op,
                        org.nd4j.linalg.api.ops.OpContext ctx, INDArray[] out) {
                    long[] c = byType.computeIfAbsent(op.getOp().opName(), k -> new long[2]);
                    c[0]++;
                    c[1] += System.nanoTime() - start[0];
                }
            };
            sd.addListeners(l);
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) SameDiffHolder.step.run();
            double wall = (System.nanoTime() - t0) / 1e6 / steps;
            sd.getListeners().remove(l);
            long n = 0, t = 0;
            for (long[] c : byType.values()) { n += c[0]; t += c[1]; }
            System.out.printf("instrumented: %.1f ops/step, op exec (pre->post callback) %.2f ms/step of %.2f ms/step wall (%.1f us/op)%n",
                    (double) n / steps, t / 1e6 / steps, wall, t / 1e3 / n);
            byType.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1])).limit(14)
                    .forEach(e -> System.out.printf("  %-22s %6.1f/step %8.3f ms/step %7.1f us each%n", e.getKey(),
                            (double) e.getValue()[0] / steps, e.getValue()[1] / 1e6 / steps, e.getValue()[1] / 1e3 / e.getValue()[0]));
        };
    }

    static long gcMillis() {
        long t = 0;
        for (var g : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) t += g.getCollectionTime();
        return t;
    }

    public static void main(String[] a) throws Exception {
        Path model = Path.of(a[0]);
        String phase = a[1];
        String out = a[2];
        int iters = a.length > 3 ? Integer.parseInt(a[3]) : 20;
        int len = a.length > 4 ? Integer.parseInt(a[4]) : (phase.equals("train") ? 128 : 32);
        String event = a.length > 5 ? a[5] : "cpu";
        String lib = System.getProperty("ap.lib", "none");
        AsyncProfiler ap = lib.equals("none") ? null : AsyncProfiler.getInstance(lib);
        Thread poller = new Thread(() -> {
            while (true) {
                if (polling) {
                    peakTracked.accumulateAndGet(Pointer.totalBytes(), Math::max);
                    peakRss.accumulateAndGet(Pointer.physicalBytes(), Math::max);
                }
                try { Thread.sleep(1); } catch (InterruptedException e) { return; }
            }
        });
        poller.setDaemon(true);
        poller.start();
        Runnable step;
        double tokensPerStep;
        if (phase.equals("train")) {
            TrainingConfig cfg = TrainingConfig.parse("{\"method\": \"bottleneck\", \"preset\": \"paper\", \"bottleneck\": 64, \"batchSize\": 1}", "prof");
            System.out.printf("RSS before setup %.0f MB%n", Pointer.physicalBytes() / 1e6);
            TrainingSetup setup = TrainingSetup.create(model, cfg);
            System.out.printf("RSS after setup (model loaded, loss attached, base frozen) %.0f MB%n", Pointer.physicalBytes() / 1e6);
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
            instrument(setup.graph(), Math.max(1, iters / 4));
            System.out.printf("graph ops %d, variables %d, trainable tensors %d%n", setup.graph().getOps().size(),
                    setup.graph().variables().size(), params.size());
            step = () -> {
                OutAndGrad og = setup.lossAndGradients(b);
                adam.update(params, og.getGradients(), cfg.learningRate());
                og.getGradients().values().forEach(INDArray::close);
            };
            tokensPerStep = len;
        } else {
            Model m = Model.load(model);
            Decoder d = m.decoder();
            System.out.printf("graph ops %d, variables %d%n", d.graph().getOps().size(), d.graph().variables().size());
            instrument(d.graph(), iters);
            int vocab = m.config().vocabSize();
            SplittableRandom r = new SplittableRandom(0);
            int[] prompt = new int[len];
            for (int i = 0; i < len; i++) prompt[i] = r.nextInt(vocab - 3);
            if (phase.equals("prefill")) {
                // -Dalternate=true: a one-token step after each prefill, so every prefill meets step shapes another
                // run changed, as bench decode's prefills (after decode steps) and a new prompt's do; the step's time
                // then includes that token, and the prefill's own wall time is printed apart
                boolean alternate = Boolean.getBoolean("alternate");
                step = () -> {
                    long t0 = System.nanoTime();
                    try (KvCache c = d.newCache(1)) { // closed, as a generation closes it
                        d.forward(c, new int[][]{prompt}, Decoder.Rows.LAST);
                    }
                    PREFILL_NS.add(System.nanoTime() - t0);
                    if (alternate) {
                        try (KvCache c = d.newCache(1)) {
                            d.forward(c, new int[][]{{prompt[0]}}, Decoder.Rows.LAST);
                        }
                    }
                };
                tokensPerStep = len;
            } else {
                KvCache[] cache = {null};
                int[] pos = {0};
                step = () -> {
                    if (cache[0] == null || pos[0] >= 64) { // restart after 64 tokens, as bench decode does
                        if (cache[0] != null) cache[0].close();
                        cache[0] = d.newCache(1);
                        d.forward(cache[0], new int[][]{prompt}, Decoder.Rows.LAST);
                        pos[0] = 0;
                    }
                    d.forward(cache[0], new int[][]{{(pos[0]++ * 7919) % (vocab - 3)}}, Decoder.Rows.LAST);
                };
                tokensPerStep = 1;
            }
        }
        SameDiffHolder.step = step;
        // warm-up (JIT, gradient function)
        int warm = Integer.parseInt(System.getProperty("warm", phase.equals("decode") ? "200" : "5"));
        for (int i = 0; i < warm; i++) {
            step.run();
            System.out.printf("RSS after warm-up step %d: %.0f MB%n", i + 1, Pointer.physicalBytes() / 1e6);
        }
        // unprofiled timing: wall and this thread's CPU time (the machine is shared: CPU time is the steadier number)
        java.lang.management.ThreadMXBean tmx = java.lang.management.ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double[] ms = new double[iters], cpu = new double[iters];
        long gc0 = gcMillis(), proc0 = os.getProcessCpuTime();
        polling = true;
        for (int i = 0; i < iters; i++) {
            long t0 = System.nanoTime(), c0 = tmx.getCurrentThreadCpuTime();
            step.run();
            cpu[i] = (tmx.getCurrentThreadCpuTime() - c0) / 1e6;
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        polling = false;
        poller.interrupt();
        double[] sc = cpu.clone();
        Arrays.sort(sc);
        System.out.printf("main-thread CPU per step: min %.2f ms, median %.2f ms; process CPU %.1f ms/step; GC %.1f ms/step%n",
                sc[0], sc[iters / 2], (os.getProcessCpuTime() - proc0) / 1e6 / iters, (double) (gcMillis() - gc0) / iters);
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf("%s %s: %d steps, min %.2f ms, median %.2f ms, max %.2f ms, %.1f tok/s (median)%n", phase,
                model.getFileName(), iters, s[0], s[iters / 2], s[iters - 1], tokensPerStep / (s[iters / 2] / 1e3));
        if (Boolean.getBoolean("alternate") && PREFILL_NS.size() >= iters) {
            double[] p = PREFILL_NS.subList(PREFILL_NS.size() - iters, PREFILL_NS.size()).stream()
                    .mapToDouble(n -> n / 1e6).sorted().toArray();
            System.out.printf("the prefills alone: min %.2f ms, median %.2f ms%n", p[0], p[iters / 2]);
        }
        System.out.printf("peak javacpp-tracked bytes %.1f MB, peak RSS %.1f MB%n", peakTracked.get() / 1e6, peakRss.get() / 1e6);
        if (instrumented != null) instrumented.run();
        if (ap != null) {
            ap.execute("start,event=" + event + ",interval=" + System.getProperty("ap.interval", "1ms") + ",threads,cstack=" + System.getProperty("ap.cstack", "fp"));
            long t0 = System.nanoTime();
            for (int i = 0; i < iters; i++) step.run();
            double wall = (System.nanoTime() - t0) / 1e6;
            ap.stop();
            Files.writeString(Path.of(out + ".collapsed"), ap.dumpCollapsed(Counter.SAMPLES));
            Files.writeString(Path.of(out + ".flat.txt"), ap.dumpFlat(60));
            System.out.printf("profiled %d steps in %.1f ms (%.2f ms/step)%n", iters, wall, wall / iters);
        }
        System.exit(0);
    }
}
