package org.reasonbridge.model.adapters.lora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEFT's on-disk layout of a LoRA adapter, so a student trained here loads with {@code PeftModel.from_pretrained}
 * and a PEFT adapter loads here: {@code adapter_config.json} with {@code LoraConfig}'s fields ({@code peft_type
 * "LORA"}, {@code r}, {@code lora_alpha}, {@code target_modules}, ...), and tensors named as {@code save_pretrained}
 * names them: {@code base_model.model.} (the PeftModel and LoraModel wrappers) + the module path, the adapter name
 * stripped: {@code base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight} [r, in].
 */
public final class PeftFormat {
    /** What PeftModel and LoraModel put before a module's path. */
    public static final String PREFIX = "base_model.model.";
    /** An adapter name left in a key ({@code lora_A.default.weight}), as the in-memory state dict has it. */
    private static final Pattern NAMED = Pattern.compile("^(.*\\.lora_[AB])\\.[^.]+(\\.weight)$");

    private PeftFormat() {
    }

    /** The PEFT key of one of our tensor names ({@code model.layers.0....lora_A.weight}). */
    public static String key(String name) {
        return PREFIX + name;
    }

    /** Our tensor name of a PEFT key: the wrappers' prefix and any adapter name removed. */
    public static String name(String key) {
        String n = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
        Matcher m = NAMED.matcher(n);
        return m.matches() ? m.group(1) + m.group(2) : n;
    }

    /** Whether an {@code adapter_config.json} is PEFT's (it names a {@code peft_type}). */
    public static boolean isPeft(JsonNode config) {
        return config.hasNonNull("peft_type");
    }

    /**
     * The {@code adapter_config.json} PEFT writes for {@code c}: inference mode, no dropout at inference, no bias,
     * plain (not rank-stabilised) scaling alpha / r, as {@link LoraHooks} computes.
     *
     * @param baseModel the base model's name or folder ({@code base_model_name_or_path}), or null
     */
    public static ObjectNode config(LoraConfig c, String baseModel) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.putObject("alpha_pattern");
        o.putNull("auto_mapping");
        if (baseModel == null) o.putNull("base_model_name_or_path");
        else o.put("base_model_name_or_path", baseModel);
        o.put("bias", "none");
        o.put("fan_in_fan_out", false);
        o.put("inference_mode", true);
        o.put("init_lora_weights", true);
        o.putNull("layer_replication");
        o.putNull("layers_pattern");
        o.putNull("layers_to_transform");
        o.putObject("loftq_config");
        // an integral alpha is written as PEFT's own configs write it (16, not 16.0)
        if (c.alpha() == Math.rint(c.alpha())) o.put("lora_alpha", (long) c.alpha());
        else o.put("lora_alpha", c.alpha());
        o.put("lora_dropout", 0.0);
        o.putNull("megatron_config");
        o.put("megatron_core", "megatron.core");
        o.putNull("modules_to_save");
        o.put("peft_type", "LORA");
        o.put("r", c.rank());
        o.putObject("rank_pattern");
        o.putNull("revision");
        c.targetModules().forEach(t -> o.withArray("target_modules").add(t)); // PEFT reads a set; the order is ours
        o.put("task_type", "CAUSAL_LM");
        o.put("use_dora", false);
        o.put("use_rslora", false);
        return o;
    }

    /**
     * The LoRA config of a PEFT {@code adapter_config.json}; what this project's LoRA cannot reproduce (DoRA,
     * rank-stabilised scaling, per-module ranks, biases, a subset of layers, saved full modules, regex targets) is
     * refused, naming the field.
     */
    public static LoraConfig fromConfig(JsonNode o, String where) {
        String type = o.path("peft_type").asText();
        if (!type.equals("LORA")) throw new IllegalArgumentException(where + ": peft_type '" + type + "' is not LORA");
        refuse(o, "use_dora", o.path("use_dora").asBoolean(false), where);
        refuse(o, "use_rslora", o.path("use_rslora").asBoolean(false), where);
        refuse(o, "fan_in_fan_out", o.path("fan_in_fan_out").asBoolean(false), where);
        refuse(o, "bias", !o.path("bias").asText("none").equals("none"), where);
        refuse(o, "rank_pattern", o.path("rank_pattern").size() > 0, where);
        refuse(o, "alpha_pattern", o.path("alpha_pattern").size() > 0, where);
        refuse(o, "layers_to_transform", o.hasNonNull("layers_to_transform"), where);
        refuse(o, "layer_replication", o.hasNonNull("layer_replication"), where);
        refuse(o, "modules_to_save", o.path("modules_to_save").size() > 0, where);
        JsonNode t = o.path("target_modules");
        List<String> targets = new ArrayList<>();
        if (t.isArray()) t.forEach(n -> targets.add(n.asText()));
        else if (t.isTextual() && LoraConfig.KNOWN_TARGETS.contains(t.asText())) targets.add(t.asText());
        else throw new IllegalArgumentException(where + ": target_modules " + t + " is not a list of projection names");
        if (!o.path("r").canConvertToInt()) throw new IllegalArgumentException(where + ": missing or non-integer 'r'");
        if (!o.path("lora_alpha").isNumber()) throw new IllegalArgumentException(where + ": missing or non-numeric 'lora_alpha'");
        try {
            return new LoraConfig(o.get("r").asInt(), o.get("lora_alpha").asDouble(), targets);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": bad LoRA config: " + e.getMessage(), e);
        }
    }

    private static void refuse(JsonNode o, String field, boolean set, String where) {
        if (set) throw new IllegalArgumentException(where + ": '" + field + "' = " + o.get(field) + " is not supported here");
    }
}
