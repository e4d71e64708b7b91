package org.reasonbridge.model.transformer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link LayerNames#layerOf}: the layer of an op's graph name, the segments of activation recomputation. */
class LayerOfTest {
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "model.layers.3.self_attn.q_proj/matmul,            3",
            "model.layers.3/add_1,                              3",  // the residual adds
            "model.layers.12.adapters.strategic.down/matmul,   12",  // a bottleneck adapter spliced into the layer
            "model.layers.0.self_attn.q_proj/lora_b,            0",  // a LoRA branch runs in its projection's scope
            "model.layers.7.block_sparse_moe.experts.2.w1/matmul, 7",
            "model.layers.3,                                   -1",  // a layer's own name is no op of it
            "model.layers.x/add,                               -1",
            "model.layers./add,                                -1",
            "model.layers.3x/add,                              -1",
            "model.layers.99999999999/add,                     -1",
            "model.norm/square,                                -1",
            "model/concat,                                     -1",
            "model.embed_tokens/gather,                        -1",
            "lm_head/matmul,                                   -1",
            "matmul_bp_4,                                      -1",  // a backward op of the gradient function
    })
    void namesTheLayerOfAnOp(String name, int layer) {
        assertEquals(layer, LayerNames.layerOf(name));
    }
}
