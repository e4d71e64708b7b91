package org.reasonbridge.cli;

import org.reasonbridge.demo.DemoSettings;
import org.reasonbridge.demo.MiniAblation;
import org.reasonbridge.experiment.AblationConfig;
import org.reasonbridge.experiment.AblationSetup;
import org.reasonbridge.experiment.AblationStudy;
import org.reasonbridge.experiment.Progress;
import org.reasonbridge.experiment.Table2Variant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** The paper's Table 2: the full method against each variant with one part changed, on the mini world or real models. */
@Command(name = "ablate", mixinStandardHelpOptions = true,
        description = {"Runs the paper's Table 2 ablations: full ReasonBridge and the variants without the quality,",
                "difficulty or diversity step, random N, the full pool, without each level's adapters, LoRA, full",
                "fine-tuning, plain SFT loss and budget forcing instead of guided intervention. On the embedded mini",
                "world by default (reusing a demo folder with --demo), or on real models from --config. Each variant",
                "has its own folder under OUT and is skipped once finished; writes OUT/table2.csv and OUT/table2.md."})
final class AblateCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE",
            description = "A study on real models and endpoints (e.g. configs/qwen2.5-7b.json); without it, the mini world.")
    Path config;
    @Option(names = "--demo", paramLabel = "DIR",
            description = "A finished `demo` folder whose world, base models and curation the mini-world study reuses.")
    Path demo;
    @Option(names = "--quick", description = "The quick mini world (as `demo --quick`; the tests use it).")
    boolean quick;
    @Option(names = "--variants", paramLabel = "LIST",
            description = "Comma-separated variants to run (full is always run: the deltas are against it). Default: all of "
                    + "full, no-quality, no-difficulty, no-diversity, random, full-pool, no-strategic, no-tactical, "
                    + "no-operational, lora, full-finetune, sft, budget-forcing.")
    String variants;
    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder. Default: ablate-out (ablate-out-quick with --quick; ablate-NAME for --config NAME.json).")
    Path out;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "The mini world's seed (as `demo --seed`). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() {
        List<Table2Variant> chosen = Table2Variant.named(variants);
        if (config != null && (demo != null || quick || seed != 0)) {
            throw new IllegalArgumentException("--config describes the whole study: --demo, --quick and --seed are for the mini world only");
        }
        if (config != null) PathArgs.inputFile(config, "--config", "an ablation config (JSON)");
        if (demo != null) PathArgs.inputFolder(demo, "--demo", "a demo folder");
        Path dir = out != null ? out : Path.of(config != null ? "ablate-" + stem(config) : quick ? "ablate-out-quick" : "ablate-out");
        PathArgs.outputFolder(dir, "--out");
        long started = System.nanoTime();
        ProgressLines lines = new ProgressLines();
        Progress progress = new Progress() {
            @Override
            public void stage(String name, String what) {
                System.err.printf("[%4.0fs] %-14s %s%n", (System.nanoTime() - started) / 1e9, name, what);
            }

            @Override
            public void progress(String stage, int done, int total, String note) {
                lines.report(stage, done, total, note);
            }
        };
        AblationSetup setup;
        if (config != null) {
            setup = AblationConfig.read(config).setup(dir, Table2Variant.dataNeeded(chosen), progress);
        } else {
            DemoSettings settings = (quick ? DemoSettings.quick() : DemoSettings.full()).withSeed(seed);
            setup = MiniAblation.setup(settings, demo, dir, Table2Variant.dataNeeded(chosen), progress);
        }
        AblationStudy.Result r = AblationStudy.run(setup, chosen, dir.toAbsolutePath().normalize(), progress);
        System.err.printf("ablate finished in %.0f s (%d variants)%n", (System.nanoTime() - started) / 1e9, chosen.size());
        System.out.println("table: " + r.markdown());
        System.out.println("csv: " + r.csv());
        return 0;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }
}
