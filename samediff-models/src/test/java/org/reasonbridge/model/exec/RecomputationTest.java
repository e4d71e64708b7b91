package org.reasonbridge.model.exec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.adapters.AdapterConfig;
import org.reasonbridge.model.adapters.AdapterSet;
import org.reasonbridge.model.adapters.TinyModels;
import org.reasonbridge.model.adapters.bottleneck.Activation;
import org.reasonbridge.model.adapters.bottleneck.BottleneckConfig;
import org.reasonbridge.model.adapters.lora.LoraConfig;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.io.Checkpoint;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.model.loss.Gradients;
import org.reasonbridge.model.loss.HierarchicalLoss;
import org.reasonbridge.model.loss.LossWeights;
import org.reasonbridge.model.transformer.Decoder;
import org.reasonbridge.model.transformer.FusedAttention;
import org.reasonbridge.model.transformer.LayerNames;
import org.reasonbridge.model.transformer.ModelNames;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gradient function's plan with each layer's activations recomputed gives the plan's results without
 * recomputation exactly (the same ops on the same inputs: every bit of the loss outputs and of every gradient), in
 * float32 and float64, for adapters of every kind, dense and MoE layers and both attention paths, while holding
 * fewer intermediates at its peak. Segmentations the plan cannot use fall back, with the reason, to the same numbers.
 */
class RecomputationTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("paper bottleneck", ModelFamily.QWEN2, BottleneckConfig.paper().withBottleneckSize(8),
                        DataType.FLOAT, true),
                Arguments.of("paper bottleneck", ModelFamily.QWEN2, BottleneckConfig.paper().withBottleneckSize(8),
                        DataType.DOUBLE, true),
                Arguments.of("houlsby silu", ModelFamily.LLAMA, BottleneckConfig.houlsby().withBottleneckSize(8)
                        .withActivation(Activation.SILU), DataType.DOUBLE, true),
                Arguments.of("houlsby, unfused attention", ModelFamily.LLAMA,
                        BottleneckConfig.houlsby().withBottleneckSize(8), DataType.FLOAT, false),
                Arguments.of("lora q,v", ModelFamily.QWEN2, LoraConfig.rank(4), DataType.FLOAT, true),
                Arguments.of("lora every projection", ModelFamily.LLAMA, LoraConfig.rank(2).withTargets("q_proj",
                        "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"), DataType.DOUBLE, true),
                Arguments.of("pfeiffer, sliding window", ModelFamily.MISTRAL,
                        BottleneckConfig.pfeiffer().withBottleneckSize(8), DataType.FLOAT, true),
                Arguments.of("houlsby, experts", ModelFamily.MIXTRAL, BottleneckConfig.houlsby().withBottleneckSize(8),
                        DataType.FLOAT, true));
    }

    @ParameterizedTest(name = "{0} on {1} in {3}")
    @MethodSource("cases")
    void recomputedGradientsAreTheKeptOnesExactly(String label, ModelFamily family, AdapterConfig adapters,
                                                  DataType dtype, boolean fused) {
        Setup s = setup(family, adapters, dtype, fused);
        try (ExecutionPlan plan = s.compile(new Segmentation(s.forward::contains, LayerNames::layerOf))) {
            assertTrue(plan.canRecompute(), plan.recomputeFallback());
            assertNull(plan.recomputeFallback());
            assertTrue(plan.reruns() > 0);
            for (int run = 0; run < 2; run++) { // the second run takes its arrays from the pool
                Map<String, INDArray> kept = plan.run(s.feed, false);
                long keptPeak = plan.peakBytes();
                Map<String, INDArray> recomputed = plan.run(s.feed, true);
                long recomputedPeak = plan.peakBytes();
                assertBitEqual(kept, recomputed, label + " run " + run);
                assertTrue(recomputedPeak < keptPeak, label + ": peak " + recomputedPeak + " bytes with recomputation, "
                        + keptPeak + " without");
            }
        }
    }

    /**
     * Each layer more adds its checkpoint to the recomputing schedule's peak, not its activations: were a layer's
     * rerun placed before the backward of the layers above it (a backward op computed from forward values alone
     * visited too early), every layer's activations would be alive at once again, as without recomputation.
     */
    @org.junit.jupiter.api.Test
    void aLayerMoreCostsItsCheckpointNotItsActivations() throws java.io.IOException {
        long[] kept = new long[2], recomputed = new long[2];
        int[] depths = {2, 6};
        for (int k = 0; k < depths.length; k++) {
            ModelConfig config = TinyModels.config(ModelFamily.QWEN2).withNumLayers(depths[k]);
            Path dir = Files.createTempDirectory("recompute-depth");
            RandomCheckpoint.write(dir, config, 7, DType.F32);
            Map<String, INDArray> weights = new HashMap<>();
            try (Checkpoint c = Checkpoint.open(dir)) {
                for (String n : ModelNames.expected(config).keySet()) weights.put(n, c.readFloat(n));
            }
            Setup s = setup(config, weights::get, BottleneckConfig.houlsby().withBottleneckSize(8), DataType.FLOAT, true);
            try (ExecutionPlan plan = s.compile(new Segmentation(s.forward::contains, LayerNames::layerOf))) {
                plan.run(s.feed, false);
                kept[k] = plan.peakBytes();
                plan.run(s.feed, true);
                recomputed[k] = plan.peakBytes();
            }
        }
        long keptPerLayer = (kept[1] - kept[0]) / 4, recomputedPerLayer = (recomputed[1] - recomputed[0]) / 4;
        System.out.printf("peak per layer more: %d bytes kept, %d recomputed%n", keptPerLayer, recomputedPerLayer);
        assertTrue(recomputedPerLayer * 5 < keptPerLayer, "a layer more adds " + recomputedPerLayer
                + " bytes to the recomputing peak, " + keptPerLayer + " without recomputation");
    }

    /** Segmentations that leave nothing to recompute, or break the forward-then-backward order. */
    static Stream<Arguments> fallbacks() {
        return Stream.of(
                Arguments.of("no segments", (Fallback) f -> new Segmentation(f::contains, name -> -1),
                        "no backward op reads an intermediate of a segment"),
                Arguments.of("every op called forward", (Fallback) f -> new Segmentation(name -> true,
                        LayerNames::layerOf), "the plan has no backward ops"),
                Arguments.of("a backward op called forward", (Fallback) f -> new Segmentation(
                        name -> f.contains(name) || name.startsWith("matmul_bp"), LayerNames::layerOf),
                        "the forward ops cannot all run first"));
    }

    interface Fallback {
        Segmentation of(Set<String> forward);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fallbacks")
    void segmentationsItCannotUseFallBackWithAReason(String label, Fallback segmentation, String reason) {
        Setup s = setup(ModelFamily.QWEN2, BottleneckConfig.houlsby().withBottleneckSize(8), DataType.FLOAT, true);
        try (ExecutionPlan plan = s.compile(segmentation.of(s.forward))) {
            assertFalse(plan.canRecompute());
            assertTrue(plan.recomputeFallback().contains(reason), plan.recomputeFallback());
            assertBitEqual(plan.run(s.feed, false), plan.run(s.feed, true), label);
        }
    }

    private record Setup(SameDiff grad, Set<String> forward, Map<String, INDArray> feed, List<String> outputs) {
        ExecutionPlan compile(Segmentation segmentation) {
            return ExecutionPlan.compile(grad, 1L << 30, segmentation, outputs.toArray(String[]::new));
        }
    }

    /** A tiny decoder with {@code adapters} (started non-zero), its hierarchical loss, gradient function and a feed. */
    private static Setup setup(ModelFamily family, AdapterConfig adapters, DataType dtype, boolean fused) {
        return setup(TinyModels.config(family), TinyModels.weights(family)::get, adapters, dtype, fused);
    }

    private static Setup setup(ModelConfig config, Function<String, INDArray> weights, AdapterConfig adapters,
                               DataType dtype, boolean fused) {
        AdapterSet set = TinyModels.nonZero(AdapterSet.init(config, adapters, 3), 4, 0.1);
        Decoder decoder;
        if (fused) {
            decoder = Decoder.build(config, weights, set.hooks(), dtype);
        } else {
            System.setProperty(FusedAttention.PROPERTY, "false");
            try {
                decoder = Decoder.build(config, weights, set.hooks(), dtype);
            } finally {
                System.clearProperty(FusedAttention.PROPERTY);
            }
        }
        SameDiff sd = decoder.graph();
        AdapterSet.freezeBase(sd, set.trainableNames());
        HierarchicalLoss loss = HierarchicalLoss.attach(decoder, LossWeights.DEFAULT);
        int b = 2, t = 12, n = b * t, v = decoder.config().vocabSize();
        Map<String, INDArray> feed = decoder.feed(decoder.newCache(b), TinyModels.tokens(b, t, v, 11), Decoder.Rows.ALL);
        feed.putAll(loss.feed(TinyModels.labels(n, v, 12), TinyModels.masks(n, 13)));
        SameDiff grad = Gradients.function(sd);
        List<String> outputs = new ArrayList<>(HierarchicalLoss.outputNames());
        for (String name : set.trainableNames()) outputs.add(sd.getVariable(name).gradient().name());
        return new Setup(grad, Set.copyOf(sd.getOps().keySet()), feed, outputs);
    }

    private static void assertBitEqual(Map<String, INDArray> want, Map<String, INDArray> got, String label) {
        assertEquals(want.keySet(), got.keySet(), label);
        for (String name : want.keySet()) {
            INDArray a = want.get(name), b = got.get(name);
            assertArrayEquals(a.shape(), b.shape(), label + ": " + name);
            assertArrayEquals(a.dup().data().asDouble(), b.dup().data().asDouble(), label + ": " + name);
        }
    }
}
