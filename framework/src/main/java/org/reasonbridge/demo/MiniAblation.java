package org.reasonbridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.reasonbridge.curation.Ablation;
import org.reasonbridge.eval.JsonlBenchmark;
import org.reasonbridge.experiment.AblationSetup;
import org.reasonbridge.experiment.Progress;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.model.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The ablation study's setup in the mini world: the demo's world, base models and curation (a finished demo
 * folder's, or built under the study's own folder through {@link MiniWorldStages}), the comparison sets the variants
 * need (curated again from the demo's journals, so no teacher reply or solver verdict is asked twice), the demo's
 * adapter config, guided intervention as the full method's policy, and the in-domain test set (Table 2's).
 */
public final class MiniAblation {
    /** Table 2's test set in the mini world (the demo evaluates its ablations on it too). */
    public static final String SET = "in-domain";

    private MiniAblation() {
    }

    /**
     * The setup for {@code out}, reusing {@code demo} (a folder {@code ./reasonbridge demo} wrote with the same
     * settings) when it is not null.
     *
     * @throws IllegalArgumentException when {@code demo} is not a finished demo folder of these settings
     */
    public static AblationSetup setup(DemoSettings settings, Path demo, Path out, Set<Ablation> needed, Progress progress) {
        out = out.toAbsolutePath().normalize();
        Path root = demo == null ? out : demo.toAbsolutePath().normalize();
        if (demo != null) checkDemo(settings, root);
        MiniWorldStages stages = new MiniWorldStages(settings, root, progress);
        WorldFiles world = stages.world();
        Path tokenizer = stages.tokenizer(world);
        Path student = stages.student(tokenizer);
        Path solver = stages.solver(tokenizer);
        Path curation = out.resolve("curation");
        if (!curation.equals(root.resolve("curation"))) seed(root.resolve("curation"), curation);
        // the demo's random set always stays (a demo rerun over this folder needs it), and so does every set written before
        Set<Ablation> sets = EnumSet.of(Ablation.RANDOM);
        sets.addAll(needed);
        for (Ablation a : Ablation.values()) if (Files.exists(curation.resolve(a.file()))) sets.add(a);
        stages.curate(world, student, solver, curation, sets);
        Path file = stages.testSets(world).get(SET);
        Map<String, AblationSetup.EvalSet> tests = new LinkedHashMap<>();
        tests.put(SET, new AblationSetup.EvalSet(new JsonlBenchmark().load(SET, file), file));
        Path data = out.resolve("data");
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("world", settings.name());
        inputs.put("world_seed", settings.world().seed());
        inputs.put("demo", root.toString());
        return new AblationSetup(student, curation, tests, Demo.adapterTraining(settings) + "}",
                // full fine-tuning moves every weight: the rate the base models were trained at (the adapters' is the same
                // since it was lowered from 0.01; stated here so a change to the adapters' leaves this one alone)
                Map.of("full-finetune", "{\"learningRate\": 0.003}"), TestTimePolicy.GII, Demo.evalSettings(settings),
                settings.world().seed(), (curated, name) -> MiniWorldStages.posed(curated, data.resolve(name + ".jsonl"), false), inputs);
    }

    /** A demo folder of these settings whose base models and curation are finished. */
    private static void checkDemo(DemoSettings settings, Path demo) {
        Path world = demo.resolve("world").resolve("world.json");
        if (!Files.exists(world)) throw new IllegalArgumentException("--demo " + demo + ": no world/world.json; not a demo folder");
        try {
            JsonNode written = Json.MAPPER.readTree(world.toFile()).get("config");
            if (written == null || !settings.world().equals(Json.MAPPER.treeToValue(written, WorldConfig.class))) {
                throw new IllegalArgumentException("--demo " + demo + ": its world was built with other settings (" + written
                        + "); pass the --quick and --seed the demo ran with");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(world + ": unreadable", e);
        }
        for (String model : java.util.List.of("student", "solver")) {
            if (!Files.exists(demo.resolve("models").resolve(model).resolve(BaseModels.DONE))) {
                throw new IllegalArgumentException("--demo " + demo + ": its " + model + " model is not finished; run "
                        + "./reasonbridge demo --out " + demo + " to the end first, or leave out --demo");
            }
        }
        if (!Files.exists(demo.resolve("curation").resolve(MiniWorldStages.SELECTED))) {
            throw new IllegalArgumentException("--demo " + demo + ": no curation/" + MiniWorldStages.SELECTED + "; run the demo to the end first");
        }
    }

    /** Copies the demo's curation files (stage files and journals) into a new curation folder. */
    private static void seed(Path from, Path to) {
        if (Files.exists(to) || !Files.isDirectory(from)) return;
        try {
            Path tmp = to.resolveSibling(to.getFileName() + ".partial");
            Files.createDirectories(tmp);
            try (var files = Files.list(from)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, tmp.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the demo's curation " + from + " to " + to, e);
        }
    }
}
