package org.reasonbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.nd4j.linalg.factory.Nd4j;
import org.reasonbridge.model.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Time to load a model folder ({@code Model.load}: config, checked weights, the graph), against the PyTorch reference's
 * loader ({@code bench_load.py}, {@code reference_forward.RefModel}) in the same run. The weight files are read once
 * first so both sides load from the page cache; each side's one-time start-up (ND4J's backend, {@code import torch})
 * is timed apart from the loads.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Load time of a model folder, wall and CPU, against the PyTorch reference's loader",
                "(bench/refmodel/bench_load.py) in the same run where /usr/bin/python3 has torch."})
final class LoadBench implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face model folder.")
    Path model;
    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3",
            description = "Loads per side; the best is compared. Default: ${DEFAULT-VALUE}.")
    int repeats;
    @Mixin
    TorchPeer.Options peer;

    /** One load: wall seconds and CPU seconds of the whole process (loader, JIT, GC). */
    record Load(double wall, double cpu) {
    }

    @Override
    public Integer call() throws Exception {
        if (repeats < 1) throw new IllegalArgumentException("--repeats must be at least 1, got " + repeats);
        System.out.printf("page cache: read %.2f GB of weights before timing%n", warmPageCache(model) / 1e9);
        long w = System.nanoTime(), c = processCpu();
        Nd4j.create(1); // the backend loads and initialises on first use
        Load init = new Load((System.nanoTime() - w) / 1e9, (processCpu() - c) / 1e9);
        List<Load> ours = new ArrayList<>();
        for (int r = 0; r < repeats; r++) ours.add(loadOnce());
        print("reasonbridge (SameDiff " + Nd4j.getBackend().getClass().getSimpleName() + ")", ours,
                "ND4J backend init", init);
        JsonNode j = peer.run("bench/refmodel/bench_load.py", List.of("--model", model.toString(), "--repeats", String.valueOf(repeats),
                        "--threads", String.valueOf(TorchPeer.threads()))).orElse(null);
        if (j != null) {
            List<Load> theirs = new ArrayList<>();
            for (JsonNode l : j.get("loads")) theirs.add(new Load(l.get("wall_s").asDouble(), l.get("cpu_s").asDouble()));
            print(j.get("engine").asText(), theirs, "import torch",
                    new Load(j.get("import_s").asDouble(), j.get("import_cpu_s").asDouble()));
            Load a = best(ours), b = best(theirs);
            System.out.printf("load %.2f s vs PyTorch %.2f s = %.2fx%n", a.wall, b.wall, a.wall / b.wall);
            System.out.printf("load CPU %.2f s vs PyTorch %.2f s = %.2fx%n", a.cpu, b.cpu, a.cpu / b.cpu);
        }
        return 0;
    }

    private Load loadOnce() {
        System.gc(); // the previous load's weights go first, so loads do not compete for memory
        long w = System.nanoTime(), c = processCpu();
        try (Model m = Model.load(model)) {
            return new Load((System.nanoTime() - w) / 1e9, (processCpu() - c) / 1e9);
        }
    }

    private static Load best(List<Load> loads) {
        return loads.stream().min(Comparator.comparingDouble(Load::wall)).orElseThrow();
    }

    private static void print(String engine, List<Load> loads, String startup, Load s) {
        Load first = loads.get(0), best = best(loads);
        System.out.printf("%s: load first %.2f s (CPU %.2f s), best of %d %.2f s (CPU %.2f s); %s %.2f s (CPU %.2f s)"
                + " not included%n", engine, first.wall, first.cpu, loads.size(), best.wall, best.cpu, startup, s.wall, s.cpu);
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Reads every safetensors file of {@code folder} once (into the page cache); returns the bytes read. */
    static long warmPageCache(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(8 << 20);
        long total = 0;
        for (Path f : files) {
            try (FileChannel ch = FileChannel.open(f)) {
                for (int n; (n = ch.read(buffer.clear())) >= 0; ) total += n;
            }
        }
        return total;
    }
}
