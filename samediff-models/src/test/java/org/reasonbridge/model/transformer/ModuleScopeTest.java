package org.reasonbridge.model.transformer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.NameScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reasonbridge.model.adapters.AdapterConfig;
import org.reasonbridge.model.adapters.AdapterSet;
import org.reasonbridge.model.adapters.TinyModels;
import org.reasonbridge.model.adapters.bottleneck.Activation;
import org.reasonbridge.model.adapters.bottleneck.BottleneckConfig;
import org.reasonbridge.model.adapters.lora.LoraConfig;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.RopeScaling;
import org.reasonbridge.model.loss.HierarchicalLoss;
import org.reasonbridge.model.loss.LossWeights;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every op of the decoder graph runs in the name scope of the Hugging Face module it belongs to and names its
 * output; every other name is a checkpoint tensor or a documented top-level name. The module names are written
 * out here independently of {@link ModelNames}, as transformers (and PEFT for LoRA) spell them.
 */
class ModuleScopeTest {
    /** The modules of Llama/Qwen2/Mistral/Mixtral decoders in transformers 4.x, plus PEFT's LoRA and our adapters. */
    private static final Pattern HF_MODULE = Pattern.compile(String.join("|",
            "model", "model\\.embed_tokens", "model\\.norm", "lm_head",
            "model\\.layers\\.\\d+",
            "model\\.layers\\.\\d+\\.(input_layernorm|post_attention_layernorm)",
            "model\\.layers\\.\\d+\\.self_attn(\\.[qkvo]_proj(\\.lora_[AB])?)?",
            "model\\.layers\\.\\d+\\.mlp(\\.act_fn|\\.(gate|up|down)_proj(\\.lora_[AB])?)?",
            "model\\.layers\\.\\d+\\.block_sparse_moe(\\.gate|\\.experts\\.\\d+(\\.w[123])?)?",
            "model\\.layers\\.\\d+\\.adapters\\.(strategic|tactical|operational)(\\.(down|up))?"));
    /** Top-level scopes that are no module: the training loss (transformers computes it outside the modules). */
    private static final Set<String> OTHER_SCOPES = Set.of(HierarchicalLoss.SCOPE);
    private static final String PART = "(output|strategic|tactical|operational)";
    /** Placeholders, outputs and constants documented in GraphNames and HierarchicalLoss (per ReasoningLevel). */
    private static final Pattern TOP_LEVEL = Pattern.compile(String.join("|",
            "input_ids", "rope\\.(cos|sin)", "attention_mask(\\.window\\d+)?", "logits_index", "logits", "logits\\.all",
            "past_key_values\\.\\d+\\.(key|value)", "present\\.\\d+\\.(key|value)",
            "labels", "loss", "loss\\.token_ce", "loss\\.supervised", "loss\\." + PART, "loss_mask\\." + PART, "loss\\.lambda\\." + PART));

    static Stream<Arguments> graphs() {
        return Stream.of(
                graph("qwen2: q/k/v bias, tied head", () -> plain(ModelFamily.QWEN2)),
                graph("llama", () -> plain(ModelFamily.LLAMA)),
                graph("mistral: sliding window", () -> plain(ModelFamily.MISTRAL)),
                graph("mixtral: routed experts", () -> plain(ModelFamily.MIXTRAL)),
                graph("llama: o_proj and mlp bias", ModuleScopeTest::allBiases),
                graph("bottleneck adapters after attention and mlp, gelu",
                        () -> adapted(BottleneckConfig.houlsby(), false)),
                graph("bottleneck adapters, relu", () -> adapted(BottleneckConfig.paper().withActivation(Activation.RELU), false)),
                graph("bottleneck adapters, silu", () -> adapted(BottleneckConfig.pfeiffer().withActivation(Activation.SILU), false)),
                graph("lora on every projection", () -> adapted(LoraConfig.defaults().withTargets(
                        "q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"), false)),
                graph("training graph: adapters and the hierarchical loss", () -> adapted(BottleneckConfig.paper(), true)),
                graph("training graph: adapters and the plain sft loss", ModuleScopeTest::sft));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("graphs")
    void everyNameSitsUnderAModuleScopeOrIsDocumented(String label, Supplier<SameDiff> build) {
        assertEquals(List.of(), problems(build.get()), label);
    }

    /** The check itself finds what it is meant to find. */
    @Test
    void theCheckFindsUnscopedAndUnnamedOps() {
        SameDiff sd = plain(ModelFamily.LLAMA);
        sd.getVariable(GraphNames.LOGITS).mul(2.0);                                  // no scope, no name
        try (NameScope s = ModelNames.scope(sd, ModelNames.NORM)) {
            sd.getVariable(ModelNames.scoped(ModelNames.NORM, "out")).add(1.0);       // scoped, no name
            sd.getVariable(GraphNames.LOGITS).mul("model.layers.0.self_attn/x", 3.0); // named into another scope
        }
        sd.var("stray", Nd4j.ones(DataType.FLOAT, 1));                               // a variable of no module
        List<String> problems = problems(sd);
        // the unscoped op and its output, the unnamed output, the misplaced output (op and variable), the stray
        assertEquals(6, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("op model.norm/") && p.endsWith("leaves its output unnamed")),
                problems.toString());
        assertTrue(problems.contains("VARIABLE stray is neither a tensor, scoped, nor documented"), problems.toString());
    }

    private static List<String> problems(SameDiff sd) {
        List<String> problems = new ArrayList<>();
        for (SameDiffOp op : sd.getOps().values()) {
            String scope = scopeOf(op.getName());
            if (scope == null) {
                problems.add("op " + op.getName() + " is in no module scope");
                continue;
            }
            for (String out : op.getOutputsOfOp()) {
                // SameDiff names an unnamed output after its op: "scope/multiply_3", "scope/split:1"
                if (out.equals(op.getName()) || out.startsWith(op.getName() + ":")) {
                    problems.add("op " + op.getName() + " leaves its output unnamed");
                } else if (!TOP_LEVEL.matcher(out).matches() && !scope.equals(scopeOf(out))) {
                    problems.add("op " + op.getName() + " outputs " + out + " outside its scope");
                }
            }
        }
        for (SDVariable v : sd.variables()) {
            String n = v.name();
            boolean ok = switch (v.getVariableType()) {
                case PLACEHOLDER -> TOP_LEVEL.matcher(n).matches();
                case VARIABLE -> isTensor(n);
                case CONSTANT -> isTensor(n) || scopeOf(n) != null || TOP_LEVEL.matcher(n).matches();
                case ARRAY -> scopeOf(n) != null || TOP_LEVEL.matcher(n).matches();
                default -> false;
            };
            if (!ok) problems.add(v.getVariableType() + " " + n + " is neither a tensor, scoped, nor documented");
        }
        return problems;
    }

    /** The ops computing a module run in a scope named exactly as the module whose tensors they read. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("graphs")
    void everyTensorsModuleComputesInItsOwnScope(String label, Supplier<SameDiff> build) {
        SameDiff sd = build.get();
        Set<String> scopes = new LinkedHashSet<>();
        for (String op : sd.getOps().keySet()) scopes.add(scopeOf(op));
        List<String> missing = new ArrayList<>();
        for (SDVariable v : sd.variables()) {
            if (!isTensor(v.name())) continue;
            String module = v.name().substring(0, v.name().lastIndexOf('.'));
            if (!scopes.contains(module)) missing.add(module);
        }
        assertEquals(List.of(), missing, label + ": modules with tensors but no ops in their scope");
    }

    /** Golden names of a plain decoder: what a notebook passes to {@link Decoder#inspect}. */
    @Test
    void intermediatesAreNamedAfterTheirModules() {
        Decoder d = TinyModels.decoder(ModelFamily.QWEN2, LayerHooks.NONE, DataType.FLOAT);
        SameDiff sd = d.graph();
        for (String n : List.of("model.embed_tokens/out", "model.layers.1.input_layernorm/out",
                "model.layers.1.self_attn.q_proj/out", "model.layers.1.self_attn/context",
                "model.layers.1.self_attn.o_proj/out", "model.layers.1/resid_attn",
                "model.layers.1.post_attention_layernorm/out", "model.layers.1.mlp.act_fn/out",
                "model.layers.1.mlp.down_proj/out", "model.layers.1/resid_mlp", "model.norm/out",
                GraphNames.LOGITS, GraphNames.LOGITS_ALL, GraphNames.presentKey(1), GraphNames.presentValue(1))) {
            assertTrue(sd.hasVariable(n), "graph has no " + n);
        }
        String context = ModelNames.scoped(ModelNames.layer(1).selfAttn(), "context");
        String mlp = ModelNames.scoped(ModelNames.layer(1).downProj(), "out");
        Map<String, INDArray> out = d.inspect(new int[]{5, 6, 7}, context, mlp);
        assertArrayEquals(new long[]{1, 2, 6, 16}, out.get(context).shape()); // [B, Hkv, g*T, d]
        assertArrayEquals(new long[]{3, 64}, out.get(mlp).shape());           // [N, H]
    }

    /** The attention probabilities exist only in the unfused graph (FusedAttention never materialises them). */
    @Test
    void attentionProbabilitiesWithTheUnfusedComposition() {
        String previous = System.setProperty(FusedAttention.PROPERTY, "false");
        try {
            Decoder d = TinyModels.decoder(ModelFamily.QWEN2, LayerHooks.NONE, DataType.FLOAT);
            String probs = ModelNames.scoped(ModelNames.layer(1).selfAttn(), "attn_probs");
            assertArrayEquals(new long[]{1, 2, 6, 3}, d.inspect(new int[]{5, 6, 7}, probs).get(probs).shape()); // [B, Hkv, g*T, S]
        } finally {
            if (previous == null) System.clearProperty(FusedAttention.PROPERTY);
            else System.setProperty(FusedAttention.PROPERTY, previous);
        }
    }

    // ---- graphs

    private static Arguments graph(String label, Supplier<SameDiff> build) {
        return Arguments.of(label, build);
    }

    private static SameDiff plain(ModelFamily family) {
        return TinyModels.decoder(family, LayerHooks.NONE, DataType.FLOAT).graph();
    }

    private static SameDiff allBiases() {
        ModelConfig c = new ModelConfig(ModelFamily.LLAMA, 512, 64, 128, 2, 4, 2, 16, 1e-6, 1e4, RopeScaling.NONE,
                4096, false, true, true, true, Collections.nCopies(2, 0), 0, 0, -1, List.of());
        Map<String, INDArray> w = new HashMap<>();
        ModelNames.expected(c).forEach((n, shape) -> w.put(n, Nd4j.rand(DataType.FLOAT, shape)));
        return Decoder.build(c, w::get, LayerHooks.NONE).graph();
    }

    private static SameDiff sft() {
        AdapterSet set = AdapterSet.init(TinyModels.config(ModelFamily.QWEN2), BottleneckConfig.paper(), 3);
        Decoder d = TinyModels.decoder(ModelFamily.QWEN2, set.hooks(), DataType.FLOAT);
        HierarchicalLoss.sft(d);
        return d.graph();
    }

    private static SameDiff adapted(AdapterConfig config, boolean withLoss) {
        ModelConfig c = TinyModels.config(ModelFamily.QWEN2);
        AdapterSet set = AdapterSet.init(c, config, 3);
        Decoder d = TinyModels.decoder(ModelFamily.QWEN2, set.hooks(), DataType.FLOAT);
        if (withLoss) HierarchicalLoss.attach(d, LossWeights.DEFAULT);
        return d.graph();
    }

    // ---- names

    /** The module scope of a name {@code module/local}, or null when the name is not in a module scope. */
    private static String scopeOf(String name) {
        int slash = name.indexOf('/');
        if (slash < 0 || name.indexOf('/', slash + 1) >= 0) return null;
        String scope = name.substring(0, slash);
        return HF_MODULE.matcher(scope).matches() || OTHER_SCOPES.contains(scope) ? scope : null;
    }

    /** A checkpoint or adapter tensor: {@code module.weight} or {@code module.bias} of a module. */
    private static boolean isTensor(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && (name.endsWith(".weight") || name.endsWith(".bias"))
                && HF_MODULE.matcher(name.substring(0, dot)).matches();
    }
}
