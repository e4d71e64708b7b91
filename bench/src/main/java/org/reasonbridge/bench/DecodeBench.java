package org.reasonbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.transformer.Decoder;
import org.reasonbridge.model.transformer.KvCache;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Prefill and decode tokens/s (KV cache, greedy, batch 1) of any model folder, and the same measurement of the
 * PyTorch reference ({@code bench_torch.py}) in the same run where {@code /usr/bin/python3} has torch.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Prefill and decode tokens/s of a model folder (KV cache, greedy, batch 1).",
                "Where /usr/bin/python3 has torch, bench/refmodel/bench_torch.py measures the same in the",
                "same run and the ratio is printed."})
final class DecodeBench implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face model folder.")
    Path model;
    @Option(names = "--prompt-len", paramLabel = "N", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
    int promptLen;
    @Option(names = "--gen", paramLabel = "N", defaultValue = "64", description = "Decode steps. Default: ${DEFAULT-VALUE}.")
    int gen;
    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3", description = "The first also warms up. Default: ${DEFAULT-VALUE}.")
    int repeats;
    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "Alternate ReasonBridge and PyTorch N times and print the ratios' median. Default: ${DEFAULT-VALUE}.")
    int rounds;
    @Mixin
    TorchPeer.Options peer;

    record Result(String engine, double loadSeconds, double prefillTokS, double decodeBest, double decodeMedian,
                  double medianStepMs) {
    }

    @Override
    public Integer call() throws Exception {
        if (rounds < 1) throw new IllegalArgumentException("--rounds must be >= 1, got " + rounds);
        int threads = TorchPeer.threads();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            Result j = java(threads);
            print(j, threads);
            if (round == 0) System.out.println(TorchPeer.blasKernels());
            Result t = pytorch(threads);
            if (t == null) continue;
            print(t, threads);
            System.out.printf("ratio reasonbridge/pytorch: decode best %.2fx, decode median %.2fx, prefill %.2fx%n",
                    j.decodeBest / t.decodeBest, j.decodeMedian / t.decodeMedian, j.prefillTokS / t.prefillTokS);
            ratios.computeIfAbsent("decode best", k -> new ArrayList<>()).add(j.decodeBest / t.decodeBest);
            ratios.computeIfAbsent("decode median", k -> new ArrayList<>()).add(j.decodeMedian / t.decodeMedian);
            ratios.computeIfAbsent("prefill", k -> new ArrayList<>()).add(j.prefillTokS / t.prefillTokS);
        }
        if (rounds > 1 && !ratios.isEmpty()) System.out.println(TorchPeer.roundsLine(rounds, ratios));
        return 0;
    }

    private Result java(int threads) {
        long t0 = System.nanoTime();
        try (Model m = Model.load(model)) {
            double load = (System.nanoTime() - t0) / 1e9;
            Decoder d = m.decoder();
            int vocab = m.config().vocabSize();
            SplittableRandom r = new SplittableRandom(0);
            int[] prompt = new int[promptLen];
            for (int i = 0; i < promptLen; i++) prompt[i] = r.nextInt(Math.max(1, vocab - 3));
            double[] prefill = new double[repeats], decode = new double[repeats];
            List<Double> steps = new ArrayList<>();
            for (int rep = 0; rep < repeats; rep++) {
                long a, b, c;
                try (KvCache cache = d.newCache(1)) { // closed, as a generation closes it: its buffers serve the next
                    a = System.nanoTime();
                    INDArray logits = d.forward(cache, new int[][]{prompt}, Decoder.Rows.LAST);
                    b = System.nanoTime();
                    for (int i = 0; i < gen; i++) {
                        long s = System.nanoTime();
                        int next = logits.argMax(1).getInt(0);
                        logits = d.forward(cache, new int[][]{{next}}, Decoder.Rows.LAST);
                        if (rep == repeats - 1) steps.add((System.nanoTime() - s) / 1e6);
                    }
                    c = System.nanoTime();
                }
                prefill[rep] = promptLen / ((b - a) / 1e9);
                decode[rep] = gen / ((c - b) / 1e9);
            }
            double[] sorted = decode.clone();
            Arrays.sort(sorted);
            steps.sort(Double::compare);
            return new Result("reasonbridge (SameDiff " + backend() + ")", load,
                    Arrays.stream(prefill).max().orElse(0), sorted[sorted.length - 1], sorted[sorted.length / 2],
                    steps.isEmpty() ? 0 : steps.get(steps.size() / 2));
        }
    }

    private static String backend() {
        return org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName();
    }

    private Result pytorch(int threads) throws IOException, InterruptedException {
        JsonNode j = peer.run("bench/refmodel/bench_torch.py", List.of("--model", model.toString(),
                "--threads", String.valueOf(threads), "--prompt-len", String.valueOf(promptLen),
                "--gen", String.valueOf(gen), "--repeats", String.valueOf(repeats))).orElse(null);
        if (j == null) return null;
        double prefill = 0;
        for (JsonNode run : j.get("runs")) prefill = Math.max(prefill, promptLen / run.get("prefill_s").asDouble());
        List<Double> steps = new ArrayList<>();
        for (JsonNode run : j.get("runs")) steps.add(run.get("median_step_ms").asDouble());
        return new Result(j.get("engine").asText() + " [" + j.path("libblas").asText() + "]", j.get("load_s").asDouble(),
                prefill, j.get("decode_tok_s_best").asDouble(), j.get("decode_tok_s_median").asDouble(),
                steps.get(steps.size() - 1));
    }

    private void print(Result r, int threads) {
        System.out.printf("%s: threads %d, prompt %d, gen %d, load %.2f s, prefill %.1f tok/s, decode %.1f tok/s best,"
                        + " %.1f median, median step %.2f ms%n", r.engine, threads, promptLen, gen, r.loadSeconds,
                r.prefillTokS, r.decodeBest, r.decodeMedian, r.medianStepMs);
    }
}
