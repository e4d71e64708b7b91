package org.reasonbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.adapters.bottleneck.BottleneckConfig;
import org.reasonbridge.model.adapters.bottleneck.Placement;
import org.reasonbridge.model.config.ModelConfigReader;
import org.reasonbridge.model.json.Json;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.model.loss.HierarchicalLoss;
import org.reasonbridge.training.AdamW;
import org.reasonbridge.training.Batch;
import org.reasonbridge.training.TrainingConfig;
import org.reasonbridge.training.TrainingSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * Tokens/s of bottleneck-adapter training steps (forward + backward + AdamW update of one micro-batch) on any model
 * folder, and the same measurement of a PyTorch autograd twin ({@code bench/train_torch.py}) on the same batch in the
 * same run where {@code /usr/bin/python3} has torch.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Tokens/s of adapter training steps (forward + backward + AdamW) on random token ids.",
                "Where /usr/bin/python3 has torch, bench/train_torch.py trains the same adapters on the same batch",
                "in the same run and the ratio is printed."})
final class TrainBench implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face model folder.")
    Path model;
    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "paper",
            description = "Bottleneck placement preset (paper, houlsby, pfeiffer). Default: ${DEFAULT-VALUE}.")
    String preset;
    @Option(names = "--bottleneck", paramLabel = "N", defaultValue = "64", description = "Default: ${DEFAULT-VALUE}.")
    int bottleneck;
    @Option(names = "--batch", paramLabel = "N", defaultValue = "1", description = "Sequences per step. Default: ${DEFAULT-VALUE}.")
    int batch;
    @Option(names = "--seq-len", paramLabel = "N", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
    int seqLen;
    @Option(names = "--steps", paramLabel = "N", defaultValue = "5",
            description = "Timed steps, after one warm-up step. Default: ${DEFAULT-VALUE}.")
    int steps;
    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "Alternate ReasonBridge and PyTorch N times and print the ratios' median. Default: ${DEFAULT-VALUE}.")
    int rounds;
    @Mixin
    TorchPeer.Options peer;
    @Option(names = "--refmodel", paramLabel = "DIR", description = "Default: bench/refmodel in the repository.")
    Path refmodel;

    /**
     * {@code cpuMeanMs}: the process's CPU time per timed step (all threads: GC, JIT), the mean since the JVM counts
     * process CPU in 10 ms ticks; NaN when the peer gave none. {@code peakRssMb}: the process's peak resident memory
     * (Linux's VmHWM; the peer's ru_maxrss), the model's load included; NaN when unknown.
     */
    record Result(String engine, long trainable, double setupSeconds, double firstLoss, double medianStepMs,
                  double tokSBest, double tokSMedian, double cpuMeanMs, double peakRssMb) {
    }

    @Override
    public Integer call() throws Exception {
        if (batch < 1 || seqLen < 1 || steps < 1 || bottleneck < 1 || rounds < 1) {
            throw new IllegalArgumentException("--batch, --seq-len, --steps, --bottleneck and --rounds must be >= 1");
        }
        if (!List.of("auto", "on", "off").contains(peer.torch)) {
            throw new IllegalArgumentException("--torch must be auto, on or off, got " + peer.torch); // before minutes of Java
        }
        int threads = TorchPeer.threads();
        int vocab = ModelConfigReader.read(model).vocabSize();
        int[][] ids = new int[batch][seqLen + 1];
        SplittableRandom r = new SplittableRandom(0);
        for (int[] row : ids) for (int i = 0; i < row.length; i++) row[i] = r.nextInt(Math.max(1, vocab - 3));

        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            // the last round's graph and plan are unreachable: free their native arrays before this round measures
            if (round > 0) System.gc();
            round(ids, threads, round == 0, ratios);
        }
        if (rounds > 1 && !ratios.isEmpty()) System.out.println(TorchPeer.roundsLine(rounds, ratios));
        return 0;
    }

    /** One round: our steps, then the peer's on the same batch, their lines and ratios (added to {@code ratios}). */
    private void round(int[][] ids, int threads, boolean first, Map<String, List<Double>> ratios)
            throws IOException, InterruptedException {
        Result j = java(ids);
        print(j, threads);
        if (first) System.out.println(TorchPeer.blasKernels());
        Result t = pytorch(ids, threads);
        if (t != null) {
            ratios.computeIfAbsent("tokens/s median", k -> new ArrayList<>()).add(j.tokSMedian / t.tokSMedian);
            if (!Double.isNaN(t.cpuMeanMs)) {
                ratios.computeIfAbsent("tokens per cpu second", k -> new ArrayList<>()).add(t.cpuMeanMs / j.cpuMeanMs);
            }
            print(t, threads);
            System.out.printf("ratio reasonbridge/pytorch: tokens/s best %.2fx, median %.2fx%n",
                    j.tokSBest / t.tokSBest, j.tokSMedian / t.tokSMedian);
            if (!Double.isNaN(t.cpuMeanMs)) { // wall time means little on a shared machine; CPU time much more
                System.out.printf("cpu per step (process, mean): reasonbridge %.1f ms, pytorch %.1f ms; ratio"
                        + " reasonbridge/pytorch: tokens per cpu second %.2fx%n", j.cpuMeanMs, t.cpuMeanMs,
                        t.cpuMeanMs / j.cpuMeanMs);
            }
            // Same batch, same zero-initialised up-projections: the first losses are the base model's and must agree.
            System.out.printf("same: batch ids, adapter layers and shapes (%s), GELU, init scheme, AdamW settings;"
                            + " first loss differs by %.1e%n", j.trainable == t.trainable ? "trainable counts match"
                            : "TRAINABLE COUNTS DIFFER", Math.abs(j.firstLoss - t.firstLoss));
            System.out.println("differs: Java's loss is the hierarchical loss with only the output mask set (equal to"
                    + " torch's mean cross-entropy) computed by the fused TokenCrossEntropy (no one-hot [N, V]);"
                    + " adapter init values come from different RNGs");
        }
    }

    // ---- the Java side: TrainingSetup's graph, as Trainer steps it (without accumulation or clipping)

    private Result java(int[][] ids) {
        String json = String.format("{\"method\": \"bottleneck\", \"preset\": \"%s\", \"bottleneck\": %d, \"batchSize\": %d}",
                preset, bottleneck, batch);
        TrainingConfig cfg = TrainingConfig.parse(json, "bench");
        long t0 = System.nanoTime();
        TrainingSetup setup = TrainingSetup.create(model, cfg);
        try {
            double setupSeconds = (System.nanoTime() - t0) / 1e9;
            Batch b = batch(ids);
            Map<String, INDArray> params = new LinkedHashMap<>();
            for (String name : setup.trainable()) params.put(name, setup.graph().getArrForVarName(name));
            long trainable = params.values().stream().mapToLong(INDArray::length).sum();
            AdamW adam = new AdamW(cfg.beta1(), cfg.beta2(), cfg.epsilon(), cfg.weightDecay());
            double firstLoss = 0;
            double[] ms = new double[steps];
            long cpuNanos = 0;
            for (int step = 0; step <= steps; step++) { // the first step warms up: it builds the gradient function
                long a = System.nanoTime(), ca = processCpuNanos();
                OutAndGrad og = setup.lossAndGradients(b);
                adam.update(params, og.getGradients(), cfg.learningRate());
                long c = System.nanoTime(), cc = processCpuNanos();
                if (step == 0) firstLoss = og.getOutputs().get(HierarchicalLoss.LOSS).getDouble(0);
                og.getOutputs().values().forEach(INDArray::close); // as Trainer does: the step's arrays are ours
                og.getGradients().values().forEach(INDArray::close);
                if (step > 0) {
                    ms[step - 1] = (c - a) / 1e6;
                    cpuNanos += cc - ca;
                }
            }
            return result("reasonbridge (SameDiff " + org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName()
                    + ")", trainable, setupSeconds, firstLoss, ms, cpuNanos / 1e6 / steps);
        } finally {
            setup.model().close();
        }
    }

    /** tokens = the first seqLen ids of each row, targets = the next ids, every position in the output part. */
    private Batch batch(int[][] ids) {
        int[][] tokens = new int[batch][];
        long[] targets = new long[batch * seqLen];
        Map<ReasoningLevel, double[]> masks = HierarchicalLoss.emptyMasks(batch * seqLen);
        for (int row = 0; row < batch; row++) {
            tokens[row] = Arrays.copyOf(ids[row], seqLen);
            for (int i = 0; i < seqLen; i++) targets[row * seqLen + i] = ids[row][i + 1];
        }
        Arrays.fill(masks.get(ReasoningLevel.OUTPUT), 1.0);
        List<String> names = new ArrayList<>();
        for (int row = 0; row < batch; row++) names.add("random-" + row);
        return new Batch(names, tokens, targets, masks);
    }

    private Result result(String engine, long trainable, double setupSeconds, double firstLoss, double[] ms,
                          double cpuMeanMs) {
        double median = median(ms), best = Arrays.stream(ms).min().orElseThrow(), tokens = (double) batch * seqLen;
        return new Result(engine, trainable, setupSeconds, firstLoss, median, tokens / (best / 1e3),
                tokens / (median / 1e3), cpuMeanMs, peakRssMb());
    }

    /** The median as Python's statistics.median takes it: the mean of the middle two if even. */
    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return (sorted[(n - 1) / 2] + sorted[n / 2]) / 2;
    }

    /** CPU time of the whole process (every thread), as train_torch.py's {@code time.process_time}. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** This process's peak resident set (VmHWM) in MB, NaN where /proc is missing. */
    private static double peakRssMb() {
        try {
            return ProcStatus.bytes("VmHWM") / (1024.0 * 1024);
        } catch (IOException | NumberFormatException e) { // not Linux: no number rather than a wrong one
            return Double.NaN;
        }
    }

    // ---- the PyTorch side: the same adapter layers and the same batch

    private Result pytorch(int[][] ids, int threads) throws IOException, InterruptedException {
        Path ref = refmodel != null ? refmodel : TorchPeer.fromRoot("bench/refmodel");
        int numLayers = ModelConfigReader.read(model).numLayers();
        BottleneckConfig b = BottleneckConfig.preset(preset).withBottleneckSize(bottleneck);
        TreeSet<Integer> attn = new TreeSet<>(), mlp = new TreeSet<>();
        for (ReasoningLevel level : b.activeLevels()) {
            Placement p = b.placements().get(level);
            TreeSet<Integer> into = p.position() == Placement.Position.AFTER_ATTENTION ? attn : mlp;
            for (int layer : p.layers(numLayers)) {
                // train_torch.py holds one adapter per (position, layer); no preset places two there
                if (!into.add(layer)) throw new IllegalStateException("two adapters at one position of layer " + layer);
            }
        }
        Path idsFile = Files.createTempFile("train-bench-ids", ".json");
        try {
            Json.MAPPER.writeValue(idsFile.toFile(), ids);
            JsonNode t = peer.run("bench/train_torch.py", List.of("--model", model.toString(),
                    "--refmodel", ref.toString(), "--attn", join(attn), "--mlp", join(mlp),
                    "--bottleneck", String.valueOf(bottleneck), "--batch", String.valueOf(batch),
                    "--seq-len", String.valueOf(seqLen), "--steps", String.valueOf(steps),
                    "--threads", String.valueOf(threads), "--ids-file", idsFile.toString())).orElse(null);
            if (t == null) return null;
            double median = t.get("step_s_median").asDouble() * 1e3;
            return new Result(t.get("engine").asText(), t.get("trainable").asLong(), Double.NaN,
                    t.get("first_loss").asDouble(), median, t.get("tokens_per_s_best").asDouble(),
                    t.get("tokens_per_s_median").asDouble(), t.path("cpu_s_mean").asDouble(Double.NaN) * 1e3,
                    t.path("peak_rss_mb").asDouble(Double.NaN));
        } finally {
            Files.deleteIfExists(idsFile);
        }
    }

    private static String join(TreeSet<Integer> layers) {
        return layers.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private void print(Result r, int threads) {
        System.out.printf("%s: threads %d, batch %d, seq %d, steps %d, trainable %,d,%s first loss %.4f,"
                        + " median step %.1f ms, %.1f tokens/s best, %.1f median, peak RSS %.0f MB%n", r.engine, threads,
                batch, seqLen, steps, r.trainable,
                Double.isNaN(r.setupSeconds) ? "" : String.format(" setup %.2f s,", r.setupSeconds),
                r.firstLoss, r.medianStepMs, r.tokSBest, r.tokSMedian, r.peakRssMb);
    }
}
