package org.reasonbridge.model.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.Fixtures;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.RopeScaling;
import org.reasonbridge.model.io.Checkpoint;
import org.reasonbridge.model.io.DType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reasonbridge.model.transformer.ModelNames.weight;

/** Mixtral's routed MLP checked by invariants, on checkpoints the project writes itself and on the fixture. */
class MoeInvariantTest {
    private static ModelConfig config(ModelFamily family, int experts) {
        return new ModelConfig(family, 512, 64, 128, 2, 4, 2, 16, 1e-5, 1e6, RopeScaling.NONE, 32768, false,
                false, false, false, Collections.nCopies(2, 0), experts, experts == 0 ? 0 : 2, 509, List.of(509));
    }

    private static Map<String, INDArray> weights(Path dir) throws IOException {
        Map<String, INDArray> w = new HashMap<>();
        try (Checkpoint c = Checkpoint.open(dir)) {
            for (String n : c.names()) w.put(n, c.readFloat(n));
        }
        return w;
    }

    private static String expertWeights(int layer) {
        return ModelNames.scoped(ModelNames.layer(layer).moe(), "expert_weights");
    }

    private static final int[] PROMPT = {5, 77, 301, 12, 460, 99, 2, 250, 31, 400, 17, 8};

    @Test
    void eightIdenticalExpertsEqualTheDenseMlp(@TempDir Path tmp) throws IOException {
        RandomCheckpoint.write(tmp, config(ModelFamily.LLAMA, 0), 7, DType.F32);
        Map<String, INDArray> dense = weights(tmp);
        Map<String, INDArray> moe = new HashMap<>(dense);
        for (int l = 0; l < 2; l++) {
            LayerNames n = ModelNames.layer(l);
            INDArray gate = moe.remove(weight(n.gateProj()));
            INDArray up = moe.remove(weight(n.upProj()));
            INDArray down = moe.remove(weight(n.downProj()));
            // any router: with identical experts the renormalised weights sum to 1 whichever two are chosen
            moe.put(weight(n.router()), org.nd4j.linalg.factory.Nd4j.randn(8, 64).castTo(gate.dataType()));
            for (int e = 0; e < 8; e++) {
                moe.put(weight(n.w1(e)), gate);
                moe.put(weight(n.w3(e)), up);
                moe.put(weight(n.w2(e)), down);
            }
        }
        float[][] expected = Decoder.build(config(ModelFamily.LLAMA, 0), dense::get, LayerHooks.NONE).logits(PROMPT);
        float[][] actual = Decoder.build(config(ModelFamily.MIXTRAL, 8), moe::get, LayerHooks.NONE).logits(PROMPT);
        double diff = Fixtures.maxAbsDiff(actual, expected);
        assertTrue(diff < 1e-5, "identical experts vs dense MLP: " + diff);
    }

    @Test
    void onlyTheTopTwoExpertsAffectAToken(@TempDir Path tmp) throws IOException {
        ModelConfig c = config(ModelFamily.MIXTRAL, 4);
        RandomCheckpoint.write(tmp, c, 11, DType.F32);
        Map<String, INDArray> w = weights(tmp);
        int[] oneToken = {123};
        Decoder base = Decoder.build(c, w::get, LayerHooks.NONE);
        float[][] reference = base.logits(oneToken);
        for (int l = 0; l < c.numLayers(); l++) {
            INDArray routing = base.inspect(oneToken, expertWeights(l)).get(expertWeights(l));   // [1, E]
            Set<Integer> chosen = new HashSet<>();
            for (int e = 0; e < 4; e++) if (routing.getFloat(0, e) != 0f) chosen.add(e);
            assertEquals(2, chosen.size(), "layer " + l + " routing " + routing);
            assertEquals(1.0, routing.sumNumber().doubleValue(), 1e-6);
            for (int e = 0; e < 4; e++) {
                Map<String, INDArray> changed = new HashMap<>(w);
                String name = weight(ModelNames.layer(l).w2(e));
                changed.put(name, w.get(name).mul(3.0).add(1.0));
                float[][] out = Decoder.build(c, changed::get, LayerHooks.NONE).logits(oneToken);
                double diff = Fixtures.maxAbsDiff(out, reference);
                if (chosen.contains(e)) {
                    assertTrue(diff > 1e-3, "layer " + l + " chosen expert " + e + " must matter");
                } else {
                    assertEquals(0.0, diff, "layer " + l + " unchosen expert " + e + " must not matter");
                }
            }
        }
    }

    @Test
    void routingOfTheFixtureEqualsTheReference() {
        JsonNode meta = Fixtures.meta("mixtral-tiny");
        int[] ids = Fixtures.ints(meta.get("input_ids"));
        try (Model m = Model.load(Fixtures.model("mixtral-tiny"))) {
            JsonNode layers = meta.get("routing").get("prompt");
            for (int l = 0; l < m.config().numLayers(); l++) {
                INDArray weights = m.decoder().inspect(ids, expertWeights(l)).get(expertWeights(l)); // [T, E]
                JsonNode layer = layers.get(l);
                for (int t = 0; t < ids.length; t++) {
                    int[] refIds = Fixtures.ints(layer.get("expert_ids").get(t));
                    for (int j = 0; j < refIds.length; j++) {
                        assertEquals(layer.get("weights").get(t).get(j).asDouble(), weights.getFloat(t, refIds[j]), 1e-5,
                                "layer " + l + " position " + t + " expert " + refIds[j]);
                    }
                    int nonzero = 0;
                    for (int e = 0; e < m.config().numExperts(); e++) if (weights.getFloat(t, e) != 0f) nonzero++;
                    assertEquals(refIds.length, nonzero, "layer " + l + " position " + t);
                }
            }
        }
    }
}
