package org.reasonbridge.model.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A preset's shape with another depth: only the layer count and the per-layer windows change. */
class ModelConfigWithLayersTest {
    @ParameterizedTest(name = "{0} {1} -> {2} layers")
    @CsvSource({"tiny, qwen2, 3", "tiny, mistral, 6", "small, llama, 1"})
    void changesTheDepthOnly(String preset, String family, int layers) {
        ModelConfig base = ModelPreset.of(preset).config(ModelFamily.of(family, "family"));
        ModelConfig deeper = base.withNumLayers(layers);
        assertEquals(layers, deeper.numLayers());
        assertEquals(Collections.nCopies(layers, base.layerWindows().get(0)), deeper.layerWindows());
        assertEquals(base, deeper.withNumLayers(base.numLayers()));
    }

    @ParameterizedTest
    @CsvSource({"0", "-2"})
    void refusesNoLayers(int layers) {
        assertThrows(ModelConfigException.class, () -> ModelPreset.TINY.config(ModelFamily.QWEN2).withNumLayers(layers));
    }
}
