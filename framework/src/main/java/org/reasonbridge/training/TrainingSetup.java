package org.reasonbridge.training;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.adapters.AdapterSet;
import org.reasonbridge.model.adapters.bottleneck.BottleneckConfig;
import org.reasonbridge.model.adapters.lora.LoraConfig;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelConfigReader;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.model.io.SafetensorsWriter;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.model.loss.HierarchicalLoss;
import org.reasonbridge.model.loss.LossKind;
import org.reasonbridge.model.transformer.Decoder;
import org.reasonbridge.model.transformer.LayerHooks;
import org.reasonbridge.model.transformer.ModelNames;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run trains: the base model with the method's modules spliced in (bottleneck adapters, LoRA, or none for
 * full fine-tuning), the configured loss on its logits (hierarchical, or the plain sft baseline), and the list of
 * trainable variables; everything else is turned into constants, so it stays bit-identical.
 */
public final class TrainingSetup {
    static final List<String> LOSS_OUTPUTS = HierarchicalLoss.outputNames();
    private static final String EMBEDDING = ModelNames.weight(ModelNames.EMBED_TOKENS);

    private final TrainingConfig config;
    private final Path modelDir;
    private final Model model;
    private final AdapterSet adapters; // null for full fine-tuning
    private final HierarchicalLoss loss;
    private final List<String> trainable;
    private final List<String> notices;
    private final GradientPlan gradients;
    private final Recompute recompute;

    private TrainingSetup(TrainingConfig config, Path modelDir, Model model, AdapterSet adapters, List<String> notices) {
        this.notices = List.copyOf(notices);
        this.config = config;
        this.modelDir = modelDir;
        this.model = model;
        this.adapters = adapters;
        this.loss = LossKind.of(config.loss()) == LossKind.SFT ? HierarchicalLoss.sft(model.decoder())
                : HierarchicalLoss.attach(model.decoder(), config.lambdas());
        SameDiff sd = model.decoder().graph();
        this.trainable = adapters != null ? adapters.trainableNames() : sd.variables().stream()
                .filter(v -> v.getVariableType() == VariableType.VARIABLE && !v.name().equals(EMBEDDING))
                .map(SDVariable::name).toList();
        // The embedding stays frozen even in full fine-tuning: SameDiff M2.1 cannot differentiate through gather.
        AdapterSet.freezeBase(sd, trainable);
        this.gradients = new GradientPlan(sd, LOSS_OUTPUTS, trainable);
        this.recompute = Recompute.resolve(config.recompute());
    }

    /** Loads the base model from {@code modelDir} and prepares the method {@code config} names. */
    public static TrainingSetup create(Path modelDir, TrainingConfig config) {
        ModelConfig base = ModelConfigReader.read(modelDir);
        List<String> notices = new ArrayList<>();
        AdapterSet adapters = switch (config.method()) {
            case "bottleneck" -> {
                BottleneckConfig b = BottleneckConfig.preset(config.preset()).withBottleneckSize(config.bottleneck());
                for (String level : config.dropLevels()) b = b.drop(ReasoningLevel.ofThinking(level));
                notices.addAll(levelsWithoutLayers(b, config, base.numLayers()));
                yield AdapterSet.init(base, b, config.seed());
            }
            case "lora" -> AdapterSet.init(base, new LoraConfig(config.loraRank(), config.loraAlpha(),
                    config.loraTargets()), config.seed());
            default -> null;
        };
        if (adapters != null && adapters.trainableNames().isEmpty()) {
            throw new IllegalArgumentException("nothing to train: " + String.join("; ", notices) + ". Choose another "
                    + "preset or drop fewer levels");
        }
        Model model = Model.load(modelDir, adapters == null ? LayerHooks.NONE : adapters.hooks());
        return new TrainingSetup(config, modelDir, model, adapters, notices);
    }

    /**
     * A placed level whose span of depth holds no layer of this model: a preset by thirds (paper) on a model of fewer
     * than 3 layers. Every third holds at least one layer from 3 layers up.
     */
    private static List<String> levelsWithoutLayers(BottleneckConfig b, TrainingConfig config, int layers) {
        List<String> out = new ArrayList<>();
        b.placements().forEach((level, placement) -> {
            if (b.dropped().contains(level) || placement.layers(layers).length > 0) return;
            out.add("the " + config.preset() + " preset puts the " + level.id() + " adapters in layers ["
                    + fraction(placement.from()) + ", " + fraction(placement.to()) + ") of the depth, and this " + layers
                    + "-layer model has none there, so " + level.id() + " gets no adapter: " + StepMetrics.key(level)
                    + " is still computed and weighted, and the other adapters train on it (every third holds a layer "
                    + "from 3 layers up; preset houlsby or pfeiffer adapt every layer)");
        });
        return out;
    }

    private static String fraction(double f) {
        return f == 0 ? "0" : f == 1 ? "1" : Math.abs(f - 1.0 / 3) < 1e-9 ? "1/3" : Math.abs(f - 2.0 / 3) < 1e-9 ? "2/3"
                : String.valueOf(f);
    }

    /** What the user should know about this setup (see {@link TrainingListener#onNotice}). */
    public List<String> notices() {
        return notices;
    }

    /** Whether {@link #save} has written its files into {@code outDir}. */
    public boolean isSaved(Path outDir) {
        if (adapters != null) {
            return Files.isRegularFile(outDir.resolve(AdapterSet.WEIGHTS_FILE))
                    && Files.isRegularFile(outDir.resolve(AdapterSet.CONFIG_FILE));
        }
        return Files.isRegularFile(outDir.resolve("model").resolve(SafetensorsWriter.SINGLE_FILE));
    }

    public TrainingConfig config() {
        return config;
    }

    public Model model() {
        return model;
    }

    public SameDiff graph() {
        return model.decoder().graph();
    }

    /** Names of the variables that train. */
    public List<String> trainable() {
        return trainable;
    }

    /**
     * The loss outputs ({@code loss}, {@code loss.output}, ...) and the trainable variables' gradients on a batch,
     * through the {@link GradientPlan}; the arrays are the caller's.
     */
    public OutAndGrad lossAndGradients(Batch batch) {
        Map<String, INDArray> feed = feed(batch);
        OutAndGrad result = null;
        try {
            result = gradients.run(feed, recomputes(batch));
            return result;
        } finally { // the step's mask alone is [B, 1, g·T, T] floats: freed now, not by the garbage collector
            List<INDArray> keep = new ArrayList<>();
            if (result != null) {
                keep.addAll(result.getOutputs().values());
                keep.addAll(result.getGradients().values());
            }
            model.decoder().release(feed, keep);
        }
    }

    /** Whether {@link #lossAndGradients} recomputes layer activations on {@code batch} ({@link Recompute}). */
    boolean recomputes(Batch batch) {
        ModelConfig c = model.config();
        return recompute.at(Recompute.keptBytes(batch.tokens().length, batch.tokens()[0].length, c.numLayers(),
                c.hiddenSize(), c.intermediateSize()));
    }

    /** Whether the gradient plan, once compiled by a first step, can recompute activations. */
    boolean canRecompute() {
        return gradients.canRecompute();
    }

    /**
     * Frees the gradient plan's pooled intermediates and op contexts (up to {@code reasonbridge.trainPoolBytes}); a
     * later {@link #lossAndGradients} compiles it again.
     */
    public void releaseGradientPlan() {
        gradients.close();
    }

    /** The placeholders of the training graph for a batch. */
    Map<String, INDArray> feed(Batch batch) {
        Decoder d = model.decoder();
        Map<String, INDArray> feed = new HashMap<>(d.feed(d.newCache(batch.tokens().length), batch.tokens(),
                Decoder.Rows.ALL));
        feed.putAll(loss.feed(batch.targets(), batch.masks()));
        return feed;
    }

    /**
     * Writes the trained result into {@code outDir}: the adapters ({@code adapter_model.safetensors} +
     * {@code adapter_config.json}), or for full fine-tuning a complete model folder {@code outDir/model}.
     */
    public void save(Path outDir) {
        if (adapters != null) {
            adapters.withValuesFrom(graph()).save(outDir);
            return;
        }
        Path dir = outDir.resolve("model");
        try {
            Files.createDirectories(dir);
            SafetensorsWriter w = new SafetensorsWriter(DType.F32).metadata("format", "pt");
            for (String name : ModelNames.expected(model.config()).keySet()) {
                w.add(name, graph().getArrForVarName(name));
            }
            w.write(dir.resolve(SafetensorsWriter.SINGLE_FILE));
            try (var files = Files.list(modelDir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json")
                        && !f.getFileName().toString().startsWith("model.safetensors")).toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot write the fine-tuned model", e);
        }
    }
}
