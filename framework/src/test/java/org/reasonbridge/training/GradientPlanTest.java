package org.reasonbridge.training;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.data.ExampleReader;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.loss.Gradients;
import org.reasonbridge.model.transformer.Decoder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gradient plan (SameDiff's gradient function run through an execution plan) gives what SameDiff's gradient
 * session gives on the same feed, to FP32 rounding (the plan runs the cross-entropy and SiLU's derivative through its
 * own loops, {@code SoftmaxCrossEntropyRows} and {@code SwishGradient}, which round differently from libnd4j's
 * kernels; the session runs some ops on views where the plan has contiguous copies): every loss output and every
 * trainable gradient,
 * over batches of different lengths (new shapes, pooled arrays of earlier shapes reused), after the optimizer has
 * updated the parameters in place (the plan must read them afresh), and after the plan was released.
 */
class GradientPlanTest {
    /** Relative tolerance of values that went through sums of FP32 in another order: a few units of its rounding. */
    private static final double FP32 = 1e-6;
    @TempDir
    static Path shared;
    static Path modelDir;

    @BeforeAll
    static void setUp() {
        modelDir = shared.resolve("tiny");
        RandomCheckpoint.write(modelDir, ModelPreset.TINY.config(ModelFamily.QWEN2), 7, DType.F32);
    }

    /** Every method, and the sft loss: the cases of the tests below, as (name, config JSON). */
    static Stream<Arguments> methods() {
        return Stream.of(
                Arguments.of("bottleneck paper", "{\"method\": \"bottleneck\", \"preset\": \"paper\"}"),
                Arguments.of("lora", "{\"method\": \"lora\", \"loraRank\": 4}"),
                Arguments.of("full", "{\"method\": \"full\"}"),
                Arguments.of("bottleneck sft", "{\"method\": \"bottleneck\", \"preset\": \"houlsby\", \"loss\": \"sft\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void planEqualsSession(String name, String json) {
        TrainingConfig cfg = TrainingConfig.parse(json.replace("}", ", \"batchSize\": 2}"), name);
        TrainingSetup setup = TrainingSetup.create(modelDir, cfg);
        Batcher batcher = batcher(cfg, setup);
        AdamW adam = new AdamW(0.9, 0.999, 1e-8, 0.01);
        Map<String, INDArray> params = params(setup);
        for (int step = 0; step < Math.min(5, batcher.batchesPerEpoch()); step++) {
            Batch batch = batcher.batch(0, step);
            OutAndGrad plan = setup.lossAndGradients(batch);
            OutAndGrad session = Gradients.withOutputs(setup.graph(), setup.feed(batch), TrainingSetup.LOSS_OUTPUTS,
                    setup.trainable());
            String at = name + ", step " + step + " (" + batch.tokens()[0].length + " tokens)";
            for (String o : TrainingSetup.LOSS_OUTPUTS) {
                double want = session.getOutputs().get(o).getDouble(0);
                assertEquals(want, plan.getOutputs().get(o).getDouble(0), FP32 * Math.max(1, Math.abs(want)), at + ": " + o);
            }
            assertEquals(session.getGradients().keySet(), plan.getGradients().keySet(), at);
            for (String t : setup.trainable()) {
                INDArray want = session.getGradients().get(t), got = plan.getGradients().get(t);
                double diff = want.sub(got).amaxNumber().doubleValue();
                double scale = Math.max(1, want.amaxNumber().doubleValue());
                // backpropagated through every layer: the loss's rounding difference grows by an order of magnitude
                assertTrue(diff <= 10 * FP32 * scale, at + ": gradient of " + t + " differs by " + diff + " of " + scale);
            }
            adam.update(params, plan.getGradients(), 0.01);
            if (step == 2) setup.releaseGradientPlan(); // as Trainer does at the end of a run: the next step recompiles
        }
    }

    /**
     * Steps that recompute each layer's activations ({@code recompute: layers}) give the loss outputs and gradients of
     * steps that keep them ({@code off}) to the bit, step after step with AdamW updates in between, for every method.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void recomputedStepsEqualKeptStepsExactly(String name, String json) {
        TrainingSetup layers = TrainingSetup.create(modelDir, TrainingConfig.parse(json.replace("}",
                ", \"batchSize\": 2, \"recompute\": \"layers\"}"), name));
        TrainingSetup off = TrainingSetup.create(modelDir, TrainingConfig.parse(json.replace("}",
                ", \"batchSize\": 2, \"recompute\": \"off\"}"), name));
        Batcher batcher = batcher(off.config(), off);
        AdamW adamLayers = new AdamW(0.9, 0.999, 1e-8, 0.01), adamOff = new AdamW(0.9, 0.999, 1e-8, 0.01);
        for (int step = 0; step < Math.min(3, batcher.batchesPerEpoch()); step++) {
            Batch batch = batcher.batch(0, step);
            assertTrue(layers.recomputes(batch) && !off.recomputes(batch));
            OutAndGrad want = off.lossAndGradients(batch), got = layers.lossAndGradients(batch);
            assertTrue(layers.canRecompute(), name);
            String at = name + ", step " + step;
            for (String o : TrainingSetup.LOSS_OUTPUTS) {
                assertEquals(want.getOutputs().get(o).getDouble(0), got.getOutputs().get(o).getDouble(0), 0.0, at + ": " + o);
            }
            for (String t : off.trainable()) {
                assertArrayEquals(want.getGradients().get(t).dup().data().asFloat(),
                        got.getGradients().get(t).dup().data().asFloat(), at + ": gradient of " + t);
            }
            adamOff.update(params(off), want.getGradients(), 0.01);
            adamLayers.update(params(layers), got.getGradients(), 0.01);
        }
        layers.model().close();
        off.model().close();
    }

    /** The trainable arrays, updated in place by AdamW. */
    private static Map<String, INDArray> params(TrainingSetup setup) {
        Map<String, INDArray> params = new java.util.LinkedHashMap<>();
        for (String t : setup.trainable()) params.put(t, setup.graph().getArrForVarName(t));
        return params;
    }

    /**
     * With {@code -Dreasonbridge.plan=false} every step runs on SameDiff's session, and the step's arrays are closed
     * as Trainer closes them (outputs, gradients, and the fed placeholders inside lossAndGradients): later steps still
     * run, and give the plan's numbers.
     */
    @Test
    void sessionStepsSurviveClosedArraysAndMatchThePlan() {
        TrainingConfig cfg = TrainingConfig.parse("{\"method\": \"bottleneck\", \"preset\": \"paper\", \"batchSize\": 2}", "s");
        List<Batch> batches = batches(cfg, TrainingSetup.create(modelDir, cfg));
        double[] plan = losses(cfg, batches);
        System.setProperty(Decoder.PLAN_PROPERTY, "false");
        double[] session;
        try {
            session = losses(cfg, batches);
        } finally {
            System.clearProperty(Decoder.PLAN_PROPERTY);
        }
        for (int i = 0; i < plan.length; i++) {
            assertEquals(session[i], plan[i], FP32 * Math.max(1, Math.abs(session[i])), "step " + i);
        }
    }

    /** The sample reasoning examples in batches of 2, encoded with the setup's tokenizer. */
    private static Batcher batcher(TrainingConfig cfg, TrainingSetup setup) {
        ExampleEncoder enc = ExampleEncoder.of(setup.model().tokenizer(), cfg.format(), 1024, OverLength.ERROR);
        List<EncodedExample> data = ExampleReader.read(Path.of(System.getProperty("reasonbridge.root", ".."))
                .resolve("datasets/samples/reasoning-mini.jsonl")).stream()
                .map(e -> enc.encode(e).example().orElseThrow()).toList();
        return new Batcher(data, 2, 3, Decoder.PAD);
    }

    private static List<Batch> batches(TrainingConfig cfg, TrainingSetup setup) {
        Batcher batcher = batcher(cfg, setup);
        setup.model().close();
        return IntStream.range(0, Math.min(3, batcher.batchesPerEpoch())).mapToObj(i -> batcher.batch(0, i)).toList();
    }

    /** Three steps with AdamW updates, every array closed after its step; the losses. */
    private static double[] losses(TrainingConfig cfg, List<Batch> batches) {
        TrainingSetup setup = TrainingSetup.create(modelDir, cfg);
        try {
            AdamW adam = new AdamW(0.9, 0.999, 1e-8, 0.01);
            Map<String, INDArray> params = params(setup);
            double[] losses = new double[batches.size()];
            for (int i = 0; i < batches.size(); i++) {
                OutAndGrad og = setup.lossAndGradients(batches.get(i));
                losses[i] = og.getOutputs().get(TrainingSetup.LOSS_OUTPUTS.get(0)).getDouble(0);
                adam.update(params, og.getGradients(), 0.01);
                og.getOutputs().values().forEach(INDArray::close);
                og.getGradients().values().forEach(INDArray::close);
            }
            return losses;
        } finally {
            setup.model().close();
        }
    }
}
