package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.reasonbridge.model.json.Json;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.training.StepMetrics;
import org.reasonbridge.training.TrainingConfig;
import org.reasonbridge.training.TrainingListener;
import org.reasonbridge.training.TrainingRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Trains adapters (or LoRA, or the full model) on examples with the hierarchical loss; resumable. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train adapters on JSONL examples {problem, trace, solution} with the hierarchical loss.",
                "Writes OUT/adapter_model.safetensors + OUT/adapter_config.json, OUT/metrics.jsonl and OUT/checkpoint/;",
                "the same command after a kill resumes from the last checkpoint, and after a finished run does nothing."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Base model folder (frozen).")
    Path model;
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Training examples, JSON Lines.")
    Path data;
    @Option(names = "--config", paramLabel = "FILE",
            description = "TrainingConfig JSON; absent keys take the defaults listed below.")
    Path config;
    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: runs/<data>-<config>.")
    Path out;

    /** Adds the config keys, with their defaults and meaning, to {@code train --help}: read from TrainingConfig. */
    static void document(CommandLine train) {
        JsonNode defaults;
        try {
            defaults = Json.MAPPER.readTree(TrainingConfig.defaults().toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Config keys (--config FILE, a JSON object; a key left out takes this default):");
        for (String k : TrainingConfig.keys()) {
            lines.add("  " + k + ": " + defaults.get(k));
            lines.addAll(wrap(TrainingConfig.describe(k), "      ", 78));
        }
        lines.replaceAll(l -> l.replace("%", "%%")); // picocli formats footers
        train.getCommandSpec().usageMessage().footer(lines.toArray(String[]::new));
    }

    @Override
    public Integer call() {
        PathArgs.inputFolder(model, "--model", "a Hugging Face model folder");
        PathArgs.inputFile(data, "--data", "a JSON Lines file of training examples");
        if (config != null) PathArgs.inputFile(config, "--config", "a training config (JSON)");
        TrainingConfig cfg = config == null ? TrainingConfig.defaults() : TrainingConfig.read(config);
        Path dir = out != null ? out : Path.of("runs", stem(data) + "-" + (config == null ? "defaults" : stem(config)));
        PathArgs.outputFolder(dir, "--out");
        boolean tty = System.console() != null;
        int[] start = {0};
        List<StepMetrics> history = TrainingRun.train(model, data, cfg, dir, new TrainingListener() {
            @Override
            public void onStep(StepMetrics m, int total) {
                String line = String.format("step %d/%d [%s] loss %.4f (out %.4f) lr %.2e |g| %.3f %.0f tok/s",
                        m.step(), total, bar(m.step(), total), m.loss(), m.levelLoss(ReasoningLevel.OUTPUT), m.lr(),
                        m.gradNorm(), m.tokensPerSecond());
                if (tty) System.err.print("\r" + line + (m.step() == total ? "\n" : ""));
                else if (m.step() == start[0] + 1 || m.step() == total || m.step() % 10 == 0) System.err.println(line);
            }

            @Override
            public void onStart(int done, int total, Path outDir) {
                start[0] = done;
                if (done == total) {
                    System.err.println("nothing to do: " + outDir + " already holds this finished run (" + total + " of "
                            + total + " steps; the same model, data and config); its adapters are there. To train again, "
                            + "give another --out or delete " + outDir);
                } else if (done > 0) {
                    System.err.println("resuming " + outDir + " from its checkpoint at step " + done + " of " + total);
                } else {
                    System.err.println("training " + total + " steps into " + outDir);
                }
            }

            @Override
            public void onNotice(String message) {
                System.err.println("note: " + message);
            }
        });
        int trained = history.size() - Math.min(start[0], history.size());
        if (trained > 0) {
            System.err.printf("trained %d steps%s: loss %.4f -> %.4f; adapters in %s%n", trained,
                    start[0] > 0 ? " (resumed after step " + start[0] + ")" : "", history.get(history.size() - trained).loss(),
                    history.get(history.size() - 1).loss(), dir);
        }
        return 0;
    }

    /** {@code text} in lines of at most {@code width} characters, each starting with {@code indent}. */
    private static List<String> wrap(String text, String indent, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) line.append(' ');
            line.append(word);
        }
        out.add(line.toString());
        return out;
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
