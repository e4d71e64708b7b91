package org.reasonbridge.cli;

import org.reasonbridge.model.adapters.AdapterSet;
import org.reasonbridge.model.adapters.lora.LoraConfig;
import org.reasonbridge.model.adapters.lora.LoraMerge;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelConfigReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code export}: trained LoRA adapters as the ecosystem loads them: folded into a Hugging Face checkpoint folder
 * ({@code --merge}), or rewritten in PEFT's layout (an adapter folder of an earlier version migrates so).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Exports trained LoRA adapters: --merge folds them into the base weights and writes a Hugging Face",
                "model folder (config, tokenizer files, safetensors) any engine loads; without --merge, the adapters are",
                "rewritten in PEFT's layout (adapter_config.json + adapter_model.safetensors) for PeftModel.from_pretrained.",
                "Bottleneck adapters cannot be folded into the weights: serve them with serve --adapters."})
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The base model folder the adapters were trained on.")
    Path model;
    @Option(names = "--adapters", required = true, paramLabel = "DIR", description = "The adapter folder (train's --out).")
    Path adapters;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the export goes (a new or empty folder).")
    Path out;
    @Option(names = "--merge", description = "Fold LoRA into the base weights (a full model folder).")
    boolean merge;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(model)) throw usage("--model " + model + " is not a folder");
        if (!Files.isDirectory(adapters)) throw usage("--adapters " + adapters + " is not a folder");
        for (Path in : new Path[]{model, adapters}) {
            if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                throw usage("--out " + out + " is an input folder: choose another");
            }
        }
        if (Files.isDirectory(out)) {
            try (var s = Files.list(out)) {
                if (s.findAny().isPresent()) throw usage("--out " + out + " is not empty: choose a new folder");
            }
        }
        ModelConfig base = ModelConfigReader.read(model);
        AdapterSet set = AdapterSet.load(adapters, base);
        if (!(set.config() instanceof LoraConfig)) {
            throw new IllegalArgumentException(adapters + ": " + set.config().method() + " adapters have no PEFT or merged "
                    + "form (they are not linear in the weights); serve them with: serve --model " + model + " --adapters " + adapters);
        }
        if (merge) {
            LoraMerge.export(model, adapters, out);
            System.out.println("wrote the merged model to " + out);
        } else {
            set.save(out, model.toAbsolutePath().normalize().toString());
            System.out.println("wrote the adapters in PEFT's layout to " + out);
        }
        return 0;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
