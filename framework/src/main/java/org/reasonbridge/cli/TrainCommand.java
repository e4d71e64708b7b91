package org.reasonbridge.cli;

import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.training.StepMetrics;
import org.reasonbridge.training.TrainingConfig;
import org.reasonbridge.training.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Trains adapters (or LoRA, or the full model) on examples with the hierarchical loss; resumable. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train adapters on JSONL examples {problem, trace, solution} with the hierarchical loss.",
                "Writes OUT/adapter_model.safetensors + OUT/adapter_config.json, OUT/metrics.jsonl and OUT/checkpoint/;",
                "the same command after a kill resumes from the last checkpoint."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Base model folder (frozen).")
    Path model;
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Training examples, JSON Lines.")
    Path data;
    @Option(names = "--config", paramLabel = "FILE", description = "TrainingConfig JSON; absent keys take defaults.")
    Path config;
    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: runs/<data>-<config>.")
    Path out;

    @Override
    public Integer call() {
        TrainingConfig cfg = config == null ? TrainingConfig.defaults() : TrainingConfig.read(config);
        Path dir = out != null ? out : Path.of("runs", stem(data) + "-" + (config == null ? "defaults" : stem(config)));
        boolean tty = System.console() != null;
        List<StepMetrics> history = TrainingRun.train(model, data, cfg, dir, (m, total) -> {
            String line = String.format("step %d/%d [%s] loss %.4f (out %.4f) lr %.2e |g| %.3f %.0f tok/s",
                    m.step(), total, bar(m.step(), total), m.loss(), m.levelLoss(ReasoningLevel.OUTPUT), m.lr(), m.gradNorm(),
                    m.tokensPerSecond());
            if (tty) System.err.print("\r" + line + (m.step() == total ? "\n" : ""));
            else if (m.step() == 1 || m.step() == total || m.step() % 10 == 0) System.err.println(line);
        });
        if (history.isEmpty()) {
            System.err.println("nothing to train: the run in " + dir + " is complete");
        } else {
            System.err.printf("trained %d steps: loss %.4f -> %.4f; adapters in %s%n", history.get(history.size() - 1).step(),
                    history.get(0).loss(), history.get(history.size() - 1).loss(), dir);
        }
        return 0;
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static String bar(int step, int total) {
        int width = 20, done = (int) ((long) width * step / Math.max(1, total));
        return "=".repeat(done) + " ".repeat(width - done);
    }
}
