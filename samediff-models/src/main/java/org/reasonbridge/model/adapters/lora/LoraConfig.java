package org.reasonbridge.model.adapters.lora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.adapters.AdapterConfig;
import org.reasonbridge.model.adapters.AdapterHooks;
import org.reasonbridge.model.adapters.Initializers;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.transformer.LayerNames;
import org.reasonbridge.model.transformer.ModelNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LoRA, the baseline (PEFT's {@code LoraConfig}): {@code y = x W^T + (alpha/r) · x A^T B^T} on the target projections,
 * no dropout. Tensors as PEFT names them: {@code model.layers.{i}.self_attn.q_proj.lora_A.weight} [r, in] and
 * {@code .lora_B.weight} [out, r]. A starts Kaiming-uniform as PEFT's (bound 1/√in), B at zero, so a fresh LoRA is
 * a no-op.
 *
 * @param rank          r (default 8, PEFT's)
 * @param alpha         the scale numerator (default 16: scale alpha/r = 2, the common r=8/alpha=16 recipe)
 * @param targetModules projection names as the checkpoint spells their last part (default q_proj, v_proj, as in
 *                      the LoRA paper); any of q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj
 */
public record LoraConfig(int rank, double alpha, List<String> targetModules) implements AdapterConfig {
    public static final String METHOD = "lora";
    public static final int DEFAULT_RANK = 8;
    public static final double DEFAULT_ALPHA = 16;
    public static final List<String> DEFAULT_TARGETS = List.of("q_proj", "v_proj");
    /** The projections the decoder offers to hooks, by the last part of their name ({@link LayerNames#PROJECTIONS}). */
    public static final List<String> KNOWN_TARGETS = LayerNames.PROJECTIONS.stream().map(LoraConfig::lastPart).toList();

    public LoraConfig {
        if (rank < 1) throw new IllegalArgumentException("LoRA rank must be >= 1, got " + rank);
        if (!(alpha > 0) || Double.isInfinite(alpha)) throw new IllegalArgumentException("LoRA alpha must be > 0, got " + alpha);
        if (targetModules == null || targetModules.isEmpty()) throw new IllegalArgumentException("LoRA needs target modules");
        targetModules = List.copyOf(targetModules);
        for (String t : targetModules) {
            if (!KNOWN_TARGETS.contains(t)) {
                throw new IllegalArgumentException("unknown LoRA target '" + t + "' (known: "
                        + String.join(", ", KNOWN_TARGETS) + ")");
            }
        }
        if (targetModules.stream().distinct().count() != targetModules.size()) {
            throw new IllegalArgumentException("LoRA targets repeat: " + targetModules);
        }
    }

    public static LoraConfig defaults() {
        return new LoraConfig(DEFAULT_RANK, DEFAULT_ALPHA, DEFAULT_TARGETS);
    }

    /** Rank r with alpha = 2r, keeping the default scale. */
    public static LoraConfig rank(int r) {
        return new LoraConfig(r, 2.0 * r, DEFAULT_TARGETS);
    }

    public LoraConfig withTargets(String... modules) {
        return new LoraConfig(rank, alpha, List.of(modules));
    }

    /** alpha / r, the factor on B·A. */
    public double scale() {
        return alpha / rank;
    }

    /** Whether a hook's projection module ({@code model.layers.3.self_attn.q_proj}) is a target. */
    public boolean targets(String projection) {
        return targetModules.contains(lastPart(projection));
    }

    private static String lastPart(String module) {
        return module.substring(module.lastIndexOf('.') + 1);
    }

    /** The module of A below a target projection module: {@code ....q_proj.lora_A}, tensor {@code .lora_A.weight} [r, in]. */
    public static String loraA(String projection) {
        return projection + ".lora_A";
    }

    /** The module of B below a target projection module: {@code ....q_proj.lora_B}, tensor {@code .lora_B.weight} [out, r]. */
    public static String loraB(String projection) {
        return projection + ".lora_B";
    }

    @Override
    public String method() {
        return METHOD;
    }

    /** Fails when a target is no projection of {@code base} (Mixtral's experts are not hooked: mlp targets). */
    @Override
    public Map<String, long[]> shapes(ModelConfig base) {
        Map<String, long[]> weights = ModelNames.expected(base);
        Map<String, long[]> m = new LinkedHashMap<>();
        List<String> unmatched = new ArrayList<>(targetModules);
        for (int i = 0; i < base.numLayers(); i++) {
            for (String path : LayerNames.PROJECTIONS) {
                String projection = ModelNames.layer(i).child(path);
                long[] w = weights.get(ModelNames.weight(projection));                  // [out, in]
                if (!targets(projection) || w == null) continue;
                unmatched.remove(lastPart(projection));
                m.put(ModelNames.weight(loraA(projection)), new long[]{rank, w[1]});
                m.put(ModelNames.weight(loraB(projection)), new long[]{w[0], rank});
            }
        }
        if (!unmatched.isEmpty()) {
            throw new IllegalArgumentException("LoRA targets " + unmatched + " match no projection of this "
                    + base.family().modelType() + " model");
        }
        return m;
    }

    @Override
    public INDArray initialValue(String name, long[] shape, long seed) {
        // PEFT: kaiming_uniform_(A, a=sqrt(5)) = U(-1/sqrt(in), 1/sqrt(in)); B = 0
        return name.endsWith(".lora_A.weight") ? Initializers.uniform(name, shape, seed, 1.0 / Math.sqrt(shape[1]))
                : Initializers.zeros(shape);
    }

    @Override
    public AdapterHooks hooks(ModelConfig base, Map<String, INDArray> tensors) {
        return new LoraHooks(base, this, tensors);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("r", rank);
        o.put("lora_alpha", alpha);
        targetModules.forEach(t -> o.withArray("target_modules").add(t));
        return o;
    }

    public static LoraConfig fromJson(JsonNode o, String where) {
        try {
            List<String> targets = new ArrayList<>();
            o.required("target_modules").forEach(n -> targets.add(n.asText()));
            return new LoraConfig(o.required("r").asInt(), o.required("lora_alpha").asDouble(), targets);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": bad LoRA config: " + e.getMessage(), e);
        }
    }
}
