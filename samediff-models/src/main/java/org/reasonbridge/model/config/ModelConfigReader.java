package org.reasonbridge.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import org.reasonbridge.model.input.JsonFile;
import org.reasonbridge.model.input.JsonFileException;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Hugging Face {@code config.json} into a {@link ModelConfig}, in the transformers v4 layout
 * ({@code rope_theta}, {@code rope_scaling}) and the v5 layout ({@code rope_parameters}, {@code layer_types}).
 * Defaults for absent keys are transformers' own per family. Every error names the file and the key.
 */
public final class ModelConfigReader {
    /** A config.json is a few KiB; refuse anything absurd before parsing it. */
    private static final long MAX_CONFIG_BYTES = 16L << 20;

    // Upper bounds far above any published decoder (Llama 3.1 405B: 126 layers, hidden 16384, vocab 128k;
    // Qwen2.5: vocab 152k), so that a hostile or mistyped config is refused before anything is sized from it.
    static final int MAX_LAYERS = 1024;
    static final int MAX_HIDDEN = 1 << 17;
    static final int MAX_INTERMEDIATE = 1 << 20;
    static final int MAX_HEADS = 1 << 12;
    static final int MAX_HEAD_DIM = 1 << 12;
    static final int MAX_VOCAB = 1 << 23;
    static final int MAX_EXPERTS = 1 << 10;

    private ModelConfigReader() {
    }

    /** Reads {@code dir/config.json}. */
    public static ModelConfig read(Path modelDir) {
        Path file = modelDir.resolve("config.json");
        try {
            return parse(JsonFile.object(file, MAX_CONFIG_BYTES, "a model's config.json"), file.toString());
        } catch (JsonFileException e) {
            throw new ModelConfigException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) throw e;
            throw new ModelConfigException(Files.isDirectory(modelDir) ? file + ": no such file (a model folder needs "
                    + "config.json; is " + modelDir + " a Hugging Face model folder?)"
                    : modelDir + ": " + (Files.exists(modelDir) ? "not a folder" : "no such folder")
                    + " (a Hugging Face model folder with config.json was expected)", e.getCause());
        }
    }

    /** Parses an already-read config; {@code where} names its origin in error messages. */
    public static ModelConfig parse(JsonNode root, String where) {
        if (root == null || !root.isObject()) throw new ModelConfigException(where + ": top level must be a JSON object");
        Keys k = new Keys(root, where);
        ModelFamily family = ModelFamily.of(k.requiredString("model_type"), where);
        String act = k.optionalString("hidden_act", k.optionalString("hidden_activation", "silu"));
        if (!act.equals("silu")) {
            throw new ModelConfigException(where + ": hidden_act '" + act + "' is not supported (silu only)");
        }
        int hidden = k.requiredInt("hidden_size", MAX_HIDDEN);
        int layers = k.requiredInt("num_hidden_layers", MAX_LAYERS);
        int heads = k.requiredInt("num_attention_heads", MAX_HEADS);
        int vocab = k.requiredInt("vocab_size", MAX_VOCAB);
        int intermediate = k.requiredInt("intermediate_size", MAX_INTERMEDIATE);
        int kvHeads = k.optionalInt("num_key_value_heads", heads, MAX_HEADS);
        int headDim = k.optionalInt("head_dim", hidden / heads, MAX_HEAD_DIM);

        JsonNode ropeParams = k.optionalObject("rope_parameters");
        double theta = ropeParams != null && ropeParams.hasNonNull("rope_theta")
                ? k.number(ropeParams.get("rope_theta"), "rope_parameters.rope_theta")
                : k.optionalDouble("rope_theta", family.defaultRopeTheta);
        JsonNode scalingNode = k.optionalObject("rope_scaling");
        if (scalingNode == null) scalingNode = ropeParams;
        RopeScaling scaling = ropeScaling(scalingNode, k);

        boolean attentionBias = family == ModelFamily.LLAMA && k.optionalBool("attention_bias", false);
        boolean qkvBias = family == ModelFamily.QWEN2 || attentionBias;
        boolean mlpBias = family == ModelFamily.LLAMA && k.optionalBool("mlp_bias", false);

        int experts = 0;
        int perToken = 0;
        if (family.isMixtureOfExperts()) {
            experts = k.optionalInt("num_local_experts", k.optionalInt("num_experts", 8, MAX_EXPERTS), MAX_EXPERTS);
            perToken = k.optionalInt("num_experts_per_tok", 2, MAX_EXPERTS);
        }
        List<Integer> windows;
        try {
            windows = layerWindows(family, k, layers);
        } catch (ModelConfigException e) {
            throw new ModelConfigException(where + ": " + e.getMessage(), e);
        }
        try {
            return new ModelConfig(family, vocab, hidden, intermediate,
                    layers, heads, kvHeads, headDim, k.optionalDouble("rms_norm_eps", family.defaultRmsNormEps), theta,
                    scaling, k.optionalNonNegative("max_position_embeddings"), k.optionalBool("tie_word_embeddings", false),
                    qkvBias, attentionBias, mlpBias, windows, experts, perToken, k.optionalInt("bos_token_id", -1),
                    k.intOrIntList("eos_token_id"));
        } catch (ModelConfigException e) {
            if (e.getMessage().startsWith(where)) throw e;
            throw new ModelConfigException(where + ": " + e.getMessage(), e);
        }
    }

    private static RopeScaling ropeScaling(JsonNode node, Keys k) {
        if (node == null) return RopeScaling.NONE;
        String type = node.hasNonNull("rope_type") ? node.get("rope_type").asText()
                : node.hasNonNull("type") ? node.get("type").asText() : "default";
        try {
            return switch (type) {
                case "default" -> RopeScaling.NONE;
                case "linear" -> new RopeScaling(type, k.number(node.get("factor"), "rope_scaling.factor"), 0, 0, 0);
                case "llama3" -> new RopeScaling(type, k.number(node.get("factor"), "rope_scaling.factor"),
                        k.number(node.get("low_freq_factor"), "rope_scaling.low_freq_factor"),
                        k.number(node.get("high_freq_factor"), "rope_scaling.high_freq_factor"),
                        (int) k.number(node.get("original_max_position_embeddings"),
                                "rope_scaling.original_max_position_embeddings"));
                default -> new RopeScaling(type, 1, 0, 0, 0); // the constructor refuses it with the list
            };
        } catch (ModelConfigException e) {
            throw new ModelConfigException(k.where + ": " + e.getMessage(), e);
        }
    }

    /** Per-layer window sizes, as transformers derives {@code layer_types} when the config does not list them. */
    private static List<Integer> layerWindows(ModelFamily family, Keys k, int layers) {
        Integer window = switch (family) {
            case LLAMA -> null;
            // MistralConfig defaults sliding_window to 4096 when the key is absent; MixtralConfig to None.
            case MISTRAL -> k.root.has("sliding_window") ? k.optionalInteger("sliding_window") : Integer.valueOf(4096);
            case MIXTRAL -> k.optionalInteger("sliding_window");
            case QWEN2 -> k.optionalBool("use_sliding_window", false) ? k.optionalInteger("sliding_window") : null;
        };
        if (window != null && window <= 0) throw new ModelConfigException("sliding_window must be > 0, got " + window);
        List<Integer> out = new ArrayList<>(layers);
        JsonNode types = k.root.get("layer_types");
        if (types != null && !types.isNull()) {
            if (!types.isArray() || types.size() != layers) {
                throw new ModelConfigException("layer_types must list num_hidden_layers (" + layers + ") entries");
            }
            for (JsonNode t : types) {
                switch (t.asText()) {
                    case "full_attention" -> out.add(0);
                    case "sliding_attention" -> {
                        if (window == null) {
                            throw new ModelConfigException("layer_types has sliding_attention but sliding_window is not set");
                        }
                        out.add(window);
                    }
                    default -> throw new ModelConfigException("layer_types entry '" + t.asText() + "' is not supported");
                }
            }
            return out;
        }
        int firstSliding = family == ModelFamily.QWEN2 ? k.optionalInt("max_window_layers", layers) : 0;
        for (int i = 0; i < layers; i++) out.add(window != null && i >= firstSliding ? window : 0);
        return out;
    }

    /** Typed access to the keys of one config object, with errors naming the file and the key. */
    private record Keys(JsonNode root, String where) {
        String requiredString(String key) {
            JsonNode n = root.get(key);
            if (n == null || n.isNull()) throw new ModelConfigException(where + ": missing key '" + key + "'");
            if (!n.isTextual()) throw new ModelConfigException(where + ": '" + key + "' must be a string, got " + n);
            return n.asText();
        }

        String optionalString(String key, String dflt) {
            JsonNode n = root.get(key);
            if (n == null || n.isNull()) return dflt;
            if (!n.isTextual()) throw new ModelConfigException(where + ": '" + key + "' must be a string, got " + n);
            return n.asText();
        }

        /** A size: present, and in [1, max]. */
        int requiredInt(String key, int max) {
            Integer v = optionalInteger(key);
            if (v == null) throw new ModelConfigException(where + ": missing key '" + key + "'");
            return inRange(key, v, max);
        }

        /** A size in [1, max], {@code dflt} when absent. */
        int optionalInt(String key, int dflt, int max) {
            Integer v = optionalInteger(key);
            return v == null ? dflt : inRange(key, v, max);
        }

        int optionalInt(String key, int dflt) {
            Integer v = optionalInteger(key);
            return v == null ? dflt : v;
        }

        int optionalNonNegative(String key) {
            Integer v = optionalInteger(key);
            if (v != null && v < 0) throw new ModelConfigException(where + ": '" + key + "' must be >= 0, got " + v);
            return v == null ? 0 : v;
        }

        private int inRange(String key, int v, int max) {
            if (v < 1 || v > max) {
                throw new ModelConfigException(where + ": '" + key + "' must be between 1 and " + max + ", got " + v);
            }
            return v;
        }

        Integer optionalInteger(String key) {
            JsonNode n = root.get(key);
            if (n == null || n.isNull()) return null;
            return integer(n, key);
        }

        int integer(JsonNode n, String key) {
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw new ModelConfigException(where + ": '" + key + "' must be an integer, got " + n);
            }
            return n.intValue();
        }

        double optionalDouble(String key, double dflt) {
            JsonNode n = root.get(key);
            return n == null || n.isNull() ? dflt : number(n, key);
        }

        double number(JsonNode n, String key) {
            if (n == null || n.isNull()) throw new ModelConfigException(where + ": missing key '" + key + "'");
            if (!n.isNumber()) throw new ModelConfigException(where + ": '" + key + "' must be a number, got " + n);
            return n.doubleValue();
        }

        boolean optionalBool(String key, boolean dflt) {
            JsonNode n = root.get(key);
            if (n == null || n.isNull()) return dflt;
            if (!n.isBoolean()) throw new ModelConfigException(where + ": '" + key + "' must be true or false, got " + n);
            return n.booleanValue();
        }

        JsonNode optionalObject(String key) {
            JsonNode n = root.get(key);
            if (n == null || n.isNull()) return null;
            if (!n.isObject()) throw new ModelConfigException(where + ": '" + key + "' must be an object, got " + n);
            return n;
        }

        List<Integer> intOrIntList(String key) {
            JsonNode n = root.get(key);
            if (n == null || n.isNull()) return List.of();
            if (!n.isArray()) return List.of(integer(n, key));
            List<Integer> out = new ArrayList<>();
            for (JsonNode e : n) out.add(integer(e, key));
            return out;
        }
    }
}
