package org.reasonbridge.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.model.json.Json;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.model.loss.HierarchicalLoss;
import org.reasonbridge.model.transformer.Decoder;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The training loop: micro-batches through the graph's loss (hierarchical or sft), gradients of the trainable
 * variables only (the base stays frozen unless the method is full fine-tuning), accumulation, global-norm clipping,
 * warm-up + cosine AdamW. Writes {@code metrics.jsonl} (one line per step) and atomic checkpoints; a run started
 * on a folder that holds a checkpoint of the same config and data continues from it exactly.
 */
public final class Trainer {
    private static final ObjectMapper JSON = Json.MAPPER;
    static final String METRICS = "metrics.jsonl";

    private final TrainingSetup setup;
    private final TrainingConfig cfg;
    private final Path outDir;

    public Trainer(TrainingSetup setup, Path outDir) {
        this.setup = setup;
        this.cfg = setup.config();
        this.outDir = outDir;
    }

    /** Trains until the configured end; returns every step's metrics of this run and earlier runs. */
    public List<StepMetrics> run(List<EncodedExample> data, TrainingListener listener) {
        return run(data, OverLengthReport.NONE, listener);
    }

    /**
     * {@link #run(List, TrainingListener)} on data that left out or truncated the examples of {@code overLength}: its
     * file is written, and its note given, once the output folder is known to hold this run (a refused resume
     * leaves the earlier run's file as it was).
     */
    public List<StepMetrics> run(List<EncodedExample> data, OverLengthReport overLength, TrainingListener listener) {
        SameDiff sd = setup.graph();
        Batcher batcher = new Batcher(data, cfg.batchSize(), cfg.seed(), Decoder.PAD, cfg.groupByLength());
        long micro = (long) cfg.epochs() * batcher.batchesPerEpoch();
        int total = (int) ((micro + cfg.gradientAccumulation() - 1) / cfg.gradientAccumulation());
        if (cfg.maxSteps() > 0) total = Math.min(total, cfg.maxSteps());
        LearningRateSchedule schedule = new LearningRateSchedule(cfg.learningRate(),
                (int) Math.floor(cfg.warmupRatio() * total), total, cfg.minLearningRateRatio());
        AdamW adam = new AdamW(cfg.beta1(), cfg.beta2(), cfg.epsilon(), cfg.weightDecay());
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (String name : setup.trainable()) params.put(name, sd.getArrForVarName(name));

        String digest = Digests.of(data);
        CheckpointStore store = new CheckpointStore(outDir);
        TrainerState state = new TrainerState(0, 0, 0, cfg.toJson(), digest);
        List<StepMetrics> history = new ArrayList<>();
        try {
            Files.createDirectories(outDir);
            Optional<Path> resume = store.latest();
            if (resume.isPresent()) state = resume(resume.get(), state, params, adam, history);
            else Files.deleteIfExists(outDir.resolve(METRICS));
        } catch (IOException e) {
            throw new UncheckedIOException(outDir + ": cannot prepare the output folder", e);
        }
        overLength.write(outDir);
        overLength.note(outDir).ifPresent(listener::onNotice);
        setup.notices().forEach(listener::onNotice);
        boolean finished = state.step() >= total;
        listener.onStart(Math.min(state.step(), total), total, outDir);
        if (finished && setup.isSaved(outDir)) return history; // a rerun of a finished run: nothing to do

        int epoch = state.epoch(), index = state.batch();
        int lastCheckpoint = state.step();
        try (BufferedWriter metrics = Files.newBufferedWriter(outDir.resolve(METRICS), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (int step = state.step(); step < total && epoch < cfg.epochs(); step++) {
                long t0 = System.nanoTime();
                Map<String, INDArray> grads = new LinkedHashMap<>();
                double loss = 0;
                Map<ReasoningLevel, Double> levelLosses = new EnumMap<>(ReasoningLevel.class);
                int micros = 0, tokens = 0;
                while (micros < cfg.gradientAccumulation() && epoch < cfg.epochs()) {
                    Batch batch = batcher.batch(epoch, index);
                    tokens += batch.tokenCount(Decoder.PAD);
                    OutAndGrad og = setup.lossAndGradients(batch);
                    // the arrays are ours (lossAndGradients): the first micro-batch's gradients are the sums
                    og.getGradients().forEach((k, g) -> grads.merge(k, g, (sum, more) -> {
                        sum.addi(more);
                        more.close();
                        return sum;
                    }));
                    Map<String, INDArray> out = og.getOutputs();
                    loss += out.get(HierarchicalLoss.LOSS).getDouble(0);
                    for (ReasoningLevel level : ReasoningLevel.values()) {
                        levelLosses.merge(level, out.get(HierarchicalLoss.lossName(level)).getDouble(0), Double::sum);
                    }
                    out.values().forEach(INDArray::close);
                    micros++;
                    if (++index == batcher.batchesPerEpoch()) {
                        index = 0;
                        epoch++;
                    }
                }
                int n = micros;
                grads.values().forEach(g -> g.divi(n));
                double norm = AdamW.clipByGlobalNorm(grads, cfg.maxGradNorm());
                // checked before the update: a NaN must reach neither the weights nor a checkpoint
                if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
                    throw diverged(step + 1, total, loss / n, norm, schedule.at(step), lastCheckpoint);
                }
                double lr = schedule.at(step);
                adam.update(params, grads, lr);
                grads.values().forEach(INDArray::close);
                double seconds = (System.nanoTime() - t0) / 1e9;
                levelLosses.replaceAll((level, sum) -> sum / n);
                StepMetrics m = new StepMetrics(step + 1, epoch, loss / n, levelLosses, lr, norm, tokens,
                        tokens / seconds);
                history.add(m);
                metrics.write(JSON.writeValueAsString(m));
                metrics.newLine();
                metrics.flush();
                state = new TrainerState(step + 1, epoch, index, cfg.toJson(), digest);
                if ((step + 1) % cfg.checkpointEvery() == 0 || step + 1 == total) {
                    store.save(state, params, adam.state());
                    lastCheckpoint = step + 1;
                }
                listener.onStep(m, total);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(outDir.resolve(METRICS) + ": cannot write metrics", e);
        } finally {
            setup.releaseGradientPlan(); // its pooled intermediates, now rather than when the GC finds the setup
        }
        setup.save(outDir);
        return history;
    }

    /** The stop at a non-finite step: which step, what was not finite, what is kept and what to change. */
    private TrainingDivergedException diverged(int step, int total, double loss, double gradNorm, double lr,
                                               int lastCheckpoint) {
        String what = !Double.isFinite(loss) ? "the loss is " + loss + " (gradient norm " + gradNorm + ")"
                : "the gradient norm is " + gradNorm + " (loss " + loss + ")";
        String kept = lastCheckpoint > 0 ? outDir.resolve("checkpoint") + " still holds step " + lastCheckpoint
                + ", the last one saved" : "no checkpoint was saved";
        return new TrainingDivergedException(step, "training diverged at step " + step + " of " + total + ": " + what
                + "; stopped before this step changed any weight. " + kept + ", and no adapters were written. "
                + "Lower learningRate (now " + cfg.learningRate() + "; this step's rate " + lr + "), keep maxGradNorm > 0 "
                + "(now " + cfg.maxGradNorm() + ") or raise warmupRatio (now " + cfg.warmupRatio() + "), then train into a "
                + "new --out folder (a checkpoint resumes only under its own config)");
    }

    /**
     * Whether a checkpoint's config JSON is {@code cfg}: compared as settings, not text, so a checkpoint written
     * before a key was added (which then takes its default) or with keys in another order still resumes. The
     * {@code recompute} key is left out: it changes memory and time, never a number, so a run that ran out of memory
     * may resume with recomputation on.
     */
    private static boolean sameConfig(String savedJson, TrainingConfig cfg) {
        try {
            JsonNode saved = JSON.readTree(savedJson);
            if (!(saved instanceof ObjectNode o)) return false;
            o.put("recompute", cfg.recompute());
            return TrainingConfig.parse(o.toString(), "checkpoint").equals(cfg);
        } catch (IllegalArgumentException | IOException unreadable) {
            return false;
        }
    }

    /** Restores parameters, optimizer and position; keeps the metrics lines up to the checkpoint's step. */
    private TrainerState resume(Path checkpoint, TrainerState fresh, Map<String, INDArray> params, AdamW adam,
                                List<StepMetrics> history) throws IOException {
        TrainerState saved = CheckpointStore.state(checkpoint);
        if (!sameConfig(saved.config(), cfg)) {
            throw new IllegalStateException(checkpoint + ": the checkpoint was made with another training config; "
                    + "use a new output folder or the same config");
        }
        if (!saved.dataDigest().equals(fresh.dataDigest())) {
            throw new IllegalStateException(checkpoint + ": the checkpoint was made on other training data");
        }
        Map<String, INDArray> savedParams = CheckpointStore.tensors(checkpoint.resolve(CheckpointStore.PARAMS));
        if (!savedParams.keySet().equals(params.keySet())) {
            throw new IllegalStateException(checkpoint + ": its trainable tensors do not match this model");
        }
        savedParams.forEach((k, a) -> params.get(k).assign(a));
        adam.restore(CheckpointStore.tensors(checkpoint.resolve(CheckpointStore.OPTIMIZER)), saved.step());
        Path metricsFile = outDir.resolve(METRICS);
        List<String> kept = new ArrayList<>();
        if (Files.exists(metricsFile)) {
            for (String line : Files.readAllLines(metricsFile)) {
                if (line.isBlank()) continue;
                StepMetrics m;
                try {
                    m = JSON.readValue(line, StepMetrics.class);
                } catch (com.fasterxml.jackson.core.JsonProcessingException cutByAKill) {
                    continue; // a line the kill cut short comes after the checkpoint anyway
                }
                if (m.step() <= saved.step()) {
                    kept.add(line);
                    history.add(m);
                }
            }
        }
        JsonLines.write(metricsFile, kept); // atomically: a kill now must not lose the kept lines
        return saved;
    }

}
