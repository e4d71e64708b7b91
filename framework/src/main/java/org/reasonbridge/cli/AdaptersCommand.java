package org.reasonbridge.cli;

import org.reasonbridge.model.adapters.AdapterConfig;
import org.reasonbridge.model.adapters.ParameterReport;
import org.reasonbridge.model.adapters.bottleneck.BottleneckConfig;
import org.reasonbridge.model.adapters.lora.LoraConfig;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelConfigReader;
import org.reasonbridge.model.input.JsonFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code reasonbridge adapters ...}: adapter tools that need no weights. */
@Command(name = "adapters", mixinStandardHelpOptions = true,
        description = "Adapter tools (bottleneck adapters and LoRA).",
        subcommands = {AdaptersCommand.Report.class, CommandLine.HelpCommand.class})
final class AdaptersCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (report)");
    }

    /** Base and trainable parameter counts from a bare config.json. */
    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Print base parameters, trainable adapter parameters and their share of all parameters",
                    "(PEFT's trainable%%), from a config.json alone: no weights are read.",
                    "Without --preset or --lora-rank, one row per bottleneck preset."})
    static final class Report implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE",
                description = "A Hugging Face config.json, or a model folder holding one.")
        Path config;
        @Option(names = "--preset", paramLabel = "NAME", description = "Bottleneck preset: paper, houlsby or pfeiffer.")
        String preset;
        @Option(names = "--bottleneck", paramLabel = "N",
                description = "Bottleneck size for the presets. Default: " + BottleneckConfig.DEFAULT_BOTTLENECK + ".")
        Integer bottleneck;
        @Option(names = "--lora-rank", paramLabel = "N",
                description = "Report LoRA of rank N (alpha 2N, q_proj and v_proj) instead of bottleneck adapters.")
        Integer loraRank;

        @Override
        public Integer call() {
            if (loraRank != null && (preset != null || bottleneck != null)) {
                throw new IllegalArgumentException("--lora-rank reports LoRA; it does not combine with --preset or --bottleneck");
            }
            if (bottleneck != null && bottleneck < 1) throw new IllegalArgumentException("--bottleneck must be >= 1, got " + bottleneck);
            if (loraRank != null && loraRank < 1) throw new IllegalArgumentException("--lora-rank must be >= 1, got " + loraRank);
            ModelConfig base = readConfig(config);
            Map<String, AdapterConfig> rows = new LinkedHashMap<>();
            if (loraRank != null) {
                LoraConfig lora = LoraConfig.rank(loraRank);
                rows.put("lora r=" + lora.rank() + " " + String.join(",", lora.targetModules()), lora);
            } else {
                for (String name : preset == null ? BottleneckConfig.PRESETS : List.of(preset)) {
                    BottleneckConfig c = BottleneckConfig.preset(name);
                    if (bottleneck != null) c = c.withBottleneckSize(bottleneck);
                    rows.put(name + " b=" + c.bottleneckSize(), c);
                }
            }
            print(System.out, base, rows);
            return 0;
        }

        private void print(PrintStream out, ModelConfig base, Map<String, AdapterConfig> rows) {
            out.printf("model: %s, hidden %d, %d layers, vocabulary %d (%s)%n", base.family().modelType(),
                    base.hiddenSize(), base.numLayers(), base.vocabSize(), config);
            out.printf("base parameters: %,d%n", ParameterReport.baseCount(base));
            List<String[]> table = new ArrayList<>();
            table.add(new String[]{"adapters", "trainable", "share"});
            rows.forEach((name, c) -> {
                ParameterReport r = ParameterReport.of(base, c);
                table.add(new String[]{name, String.format("%,d", r.trainable()), String.format("%.4f%%", r.percent())});
            });
            int w0 = table.stream().mapToInt(r -> r[0].length()).max().orElse(0);
            int w1 = table.stream().mapToInt(r -> r[1].length()).max().orElse(0);
            for (String[] r : table) out.printf("%-" + w0 + "s  %" + w1 + "s  %8s%n", r[0], r[1], r[2]);
            rows.forEach((name, c) -> {
                if (!(c instanceof BottleneckConfig b)) return;
                b.placements().forEach((level, p) -> {
                    if (p.layers(base.numLayers()).length == 0) {
                        out.printf("note: %s puts no %s adapter on this %d-layer model (its span of depth holds no "
                                + "layer; every third holds one from 3 layers up)%n", name, level.id(), base.numLayers());
                    }
                });
            });
        }
    }

    /** A config.json file, or a folder's config.json. */
    static ModelConfig readConfig(Path file) {
        if (Files.isDirectory(file)) return ModelConfigReader.read(file);
        PathArgs.inputFile(file, "--config", "a Hugging Face config.json or a model folder");
        return ModelConfigReader.parse(JsonFile.object(file, 16L << 20, "a model's config.json"), file.toString());
    }
}
