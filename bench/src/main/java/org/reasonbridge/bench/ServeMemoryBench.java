package org.reasonbridge.bench;

import org.reasonbridge.model.Model;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.serve.ContextLimit;
import org.reasonbridge.serve.OpenAiServer;
import org.reasonbridge.serve.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * The server's memory against prompt length: for each length, the peak resident memory of one request above the
 * idle server (VmHWM, reset before each request), per token, next to {@link ContextLimit}'s estimate, and the
 * resident memory once the server is idle again. Memory linear in the prompt and returned afterwards is what the
 * context limit relies on.
 */
@Command(name = "serve-memory", mixinStandardHelpOptions = true,
        description = {"Peak and idle resident memory of an in-process server against prompt length (token-id prompts",
                "of random ids, max_tokens 4), next to the per-token estimate the context limit uses."})
final class ServeMemoryBench implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", description = "Model folder with a tokenizer. Default: the 'small' "
            + "preset's shape (8 layers, 8 heads of 64) with the tiny 512-token vocabulary, random weights, in a temporary folder.")
    Path model;
    @Option(names = "--lengths", paramLabel = "N,N...", split = ",", defaultValue = "512,1024,2048,4096",
            description = "Prompt lengths in tokens. Default: ${DEFAULT-VALUE}.")
    List<Integer> lengths;
    @Option(names = "--rounds", paramLabel = "N", defaultValue = "2",
            description = "Times the lengths are repeated (later rounds show whether memory creeps). Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Override
    public Integer call() throws Exception {
        Path dir = model;
        if (dir == null) {
            dir = Files.createTempDirectory("serve-memory").resolve("small");
            ModelConfig c = ModelPreset.SMALL.config(ModelFamily.QWEN2);
            // the tiny vocabulary, so that the folder gets the tokenizer the server needs
            RandomCheckpoint.write(dir, new ModelConfig(c.family(), 512, c.hiddenSize(), c.intermediateSize(),
                    c.numLayers(), c.numHeads(), c.numKvHeads(), c.headDim(), c.rmsNormEps(), c.ropeTheta(),
                    c.ropeScaling(), c.maxPositionEmbeddings(), c.tieWordEmbeddings(), c.qkvBias(), c.oBias(),
                    c.mlpBias(), c.layerWindows(), c.numExperts(), c.numExpertsPerToken(), 509, List.of(509)), 1, DType.F32);
        }
        int longest = lengths.stream().mapToInt(Integer::intValue).max().orElse(1) + 8;
        try (Model m = Model.load(dir);
             OpenAiServer server = OpenAiServer.start(m, ServerConfig.defaults().withMaxModelLen(
                     Math.min(longest, m.config().maxPositionEmbeddings())))) {
            long perToken = ContextLimit.resolve(m.config(), 0, ContextLimit.availableMemory()).bytesPerToken();
            HttpClient http = HttpClient.newHttpClient();
            URI url = server.baseUrl().resolve("/v1/completions");
            send(http, url, server.modelName(), ids(16, m.config().vocabSize(), 0)); // warm-up
            Thread.sleep(2000);
            long idle = ProcStatus.bytes("VmRSS");
            System.out.printf("idle after warm-up: %d MB resident; estimate %,d bytes a token%n", idle >> 20, perToken);
            for (int round = 1; round <= rounds; round++) {
                for (int n : lengths) {
                    long before = ProcStatus.bytes("VmRSS");
                    Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // resets VmHWM to the current VmRSS
                    long t = System.nanoTime();
                    send(http, url, server.modelName(), ids(n, m.config().vocabSize(), n * 31L + round));
                    double seconds = (System.nanoTime() - t) / 1e9;
                    long peak = ProcStatus.bytes("VmHWM") - before;
                    Thread.sleep(2000); // the worker's release after the request
                    System.out.printf("round %d, prompt %6d tokens: %6.1f s, peak +%5d MB (%,7d bytes a token), resident after %5d MB%n",
                            round, n, seconds, peak >> 20, peak / n, ProcStatus.bytes("VmRSS") >> 20);
                }
            }
        }
        return 0;
    }

    private static String ids(int n, int vocab, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ",").append(r.nextInt(Math.max(1, vocab - 16)));
        return sb.append(']').toString();
    }

    private static void send(HttpClient http, URI url, String model, String prompt) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(
                "{\"model\": \"" + model + "\", \"prompt\": " + prompt + ", \"max_tokens\": 4, \"temperature\": 0}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
    }

}
