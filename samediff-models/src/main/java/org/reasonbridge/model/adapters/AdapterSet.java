package org.reasonbridge.model.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.adapters.lora.LoraConfig;
import org.reasonbridge.model.adapters.lora.PeftFormat;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.input.JsonFile;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.model.io.SafetensorsFile;
import org.reasonbridge.model.io.SafetensorsWriter;
import org.reasonbridge.model.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A set of adapter tensors for one base model (PEFT's {@code PeftModel} minus the model): made fresh from a seed,
 * taken back from a trained graph, saved to and loaded from a folder with {@value #WEIGHTS_FILE} (FP32) and
 * {@value #CONFIG_FILE}. LoRA is saved in PEFT's layout ({@link PeftFormat}: PEFT's config fields, keys
 * {@code base_model.model.<module>.lora_A.weight}), so {@code PeftModel.from_pretrained} loads it; bottleneck adapters,
 * which PEFT has no method for, in the project's layout (method, config fields, the base model it fits). Both
 * layouts load, and so do LoRA folders saved by PEFT and by earlier versions of this project (keys without the
 * prefix). The safetensors metadata repeats the project's description (base model included), so a weights file
 * and a config from different saves are caught. {@link #hooks()} splices it into {@code Decoder.build}.
 */
public final class AdapterSet {
    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    public static final String CONFIG_FILE = "adapter_config.json";
    /** The safetensors metadata key that repeats the config, so a weights file and a config from different saves are caught. */
    static final String METADATA_CONFIG = "reasonbridge.adapter_config";
    private static final ObjectMapper JSON = Json.MAPPER;

    private final ModelConfig base;
    private final AdapterConfig config;
    private final Map<String, INDArray> tensors;
    private final AdapterHooks hooks;

    private AdapterSet(ModelConfig base, AdapterConfig config, Map<String, INDArray> tensors) {
        this.base = base;
        this.config = config;
        this.hooks = config.hooks(base, tensors); // validates names and shapes
        Map<String, INDArray> copy = new LinkedHashMap<>();
        hooks.trainableNames().forEach(n -> copy.put(n, tensors.get(n)));
        this.tensors = Collections.unmodifiableMap(copy);
    }

    /** Fresh adapters: a no-op on {@code base} until trained. */
    public static AdapterSet init(ModelConfig base, AdapterConfig config, long seed) {
        return new AdapterSet(base, config, config.initialise(base, seed));
    }

    /** Adapters with given values; names and shapes must be exactly {@code config.shapes(base)}. */
    public static AdapterSet of(ModelConfig base, AdapterConfig config, Map<String, INDArray> tensors) {
        return new AdapterSet(base, config, tensors);
    }

    public ModelConfig base() {
        return base;
    }

    public AdapterConfig config() {
        return config;
    }

    /** The tensors by name, in a stable order. */
    public Map<String, INDArray> tensors() {
        return tensors;
    }

    /** Hooks for {@code Decoder.build} that add these adapters as graph variables. */
    public AdapterHooks hooks() {
        return hooks;
    }

    public List<String> trainableNames() {
        return hooks.trainableNames();
    }

    public ParameterReport report() {
        return ParameterReport.of(base, config);
    }

    /** The same adapters with the current values of their variables in {@code graph} (after training). */
    public AdapterSet withValuesFrom(SameDiff graph) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (String n : trainableNames()) {
            if (!graph.hasVariable(n)) throw new IllegalArgumentException("graph has no adapter variable " + n);
            m.put(n, graph.getVariable(n).getArr().castTo(DataType.FLOAT).dup());
        }
        return new AdapterSet(base, config, m);
    }

    /**
     * Turns every trainable variable of {@code graph} that is not one of these adapters into a constant, so an
     * updater ({@code sd.fit}) can only change the adapters.
     *
     * @return the names frozen
     */
    public static List<String> freezeBase(SameDiff graph, List<String> trainable) {
        Set<String> keep = new HashSet<>(trainable);
        List<SDVariable> frozen = new ArrayList<>();
        for (SDVariable v : graph.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE && !keep.contains(v.name())) frozen.add(v);
        }
        if (!frozen.isEmpty()) graph.convertToConstants(frozen);
        return frozen.stream().map(SDVariable::name).toList();
    }

    // ---- files

    /** Writes {@value #WEIGHTS_FILE} and {@value #CONFIG_FILE} into {@code folder}; each file appears atomically. */
    public void save(Path folder) {
        save(folder, null);
    }

    /**
     * {@link #save(Path)}, naming the base model ({@code base_model_name_or_path} of a PEFT config, which PEFT
     * loads the base from), or null.
     */
    public void save(Path folder, String baseModel) {
        try {
            Files.createDirectories(folder);
            ObjectNode description = describe();
            boolean peft = config instanceof LoraConfig;
            ObjectNode json = peft ? PeftFormat.config((LoraConfig) config, baseModel) : description;
            SafetensorsWriter w = new SafetensorsWriter(DType.F32).metadata("format", "pt")
                    .metadata(METADATA_CONFIG, JSON.writeValueAsString(description));
            tensors.forEach((name, value) -> w.add(peft ? PeftFormat.key(name) : name, value));
            w.write(folder.resolve(WEIGHTS_FILE));
            Path target = folder.resolve(CONFIG_FILE);
            // not createTempFile: its owner-only mode (0600) would stay on a file meant to be shared with the weights
            Path tmp = folder.resolve("." + CONFIG_FILE + "." + ProcessHandle.current().pid() + ".tmp");
            try {
                Files.writeString(tmp, Json.pretty().writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot save adapters", e);
        }
    }

    private ObjectNode describe() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", "reasonbridge-adapters");
        o.put("version", 1);
        o.put("method", config.method());
        o.set("config", config.toJson());
        o.putObject("base_model").put("model_type", base.family().modelType()).put("hidden_size", base.hiddenSize())
                .put("num_hidden_layers", base.numLayers());
        return o;
    }

    /**
     * Reads adapters saved by {@link #save} for {@code base}. Fails, naming the file, when they were made for another
     * model (model_type, hidden_size or num_hidden_layers differ) or a tensor is missing or misshapen.
     */
    public static AdapterSet load(Path folder, ModelConfig base) {
        Path configFile = folder.resolve(CONFIG_FILE);
        Path weightsFile = folder.resolve(WEIGHTS_FILE);
        if (!Files.isDirectory(folder)) {
            throw new AdapterFileException(folder + ": " + (Files.exists(folder) ? "a file, not an adapter folder"
                    : "no such folder") + " (the --out folder of a train run, holding " + CONFIG_FILE + " and "
                    + WEIGHTS_FILE + ", was expected)");
        }
        if (!Files.exists(configFile)) {
            throw new AdapterFileException(configFile + ": no such file: " + folder + " is not an adapter folder (a "
                    + "finished train run writes " + CONFIG_FILE + " and " + WEIGHTS_FILE + ")");
        }
        JsonNode json;
        try {
            json = JsonFile.object(configFile, 16L << 20, "an adapter_config.json");
        } catch (RuntimeException e) {
            throw new AdapterFileException(e.getMessage(), e);
        }
        String where = configFile.toString();
        boolean peft = json != null && PeftFormat.isPeft(json);
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        JsonNode saved;
        try (SafetensorsFile f = SafetensorsFile.open(weightsFile)) {
            String s = f.metadata().get(METADATA_CONFIG);
            saved = s == null ? null : JSON.readTree(s);
            for (String name : f.tensors().keySet()) tensors.put(peft ? PeftFormat.name(name) : name, f.readFloat(name));
        } catch (IOException e) {
            throw new AdapterFileException(weightsFile + ": cannot read: " + e.getMessage(), e);
        }
        AdapterConfig config;
        JsonNode description;
        try {
            if (peft) {
                config = PeftFormat.fromConfig(json, where);
                // our own PEFT-layout saves say which base they fit in the weights' metadata; PEFT's do not
                description = saved;
                if (saved != null && !(saved.path("method").asText().equals(LoraConfig.METHOD)
                        && sameLora(LoraConfig.fromJson(saved.path("config"), weightsFile.toString()), (LoraConfig) config))) {
                    throw new AdapterFileException(weightsFile + " and " + CONFIG_FILE + " do not come from the same save");
                }
            } else {
                if (saved == null || !saved.equals(json)) {
                    throw new AdapterFileException(weightsFile + " and " + CONFIG_FILE + " do not come from the same save");
                }
                config = AdapterConfig.fromJson(json.path("method").asText("?"), json.path("config"), where);
                description = json;
            }
        } catch (IllegalArgumentException e) {
            throw new AdapterFileException(e.getMessage(), e);
        }
        if (description != null) checkBase(description, base, where);
        try {
            return new AdapterSet(base, config, tensors);
        } catch (IllegalArgumentException e) {
            throw new AdapterFileException(weightsFile + ": " + e.getMessage(), e);
        }
    }

    private static boolean sameLora(LoraConfig a, LoraConfig b) {
        return a.rank() == b.rank() && a.alpha() == b.alpha()
                && new java.util.TreeSet<>(a.targetModules()).equals(new java.util.TreeSet<>(b.targetModules()));
    }

    /** Fails, naming the file, when a description says the adapters were made for another base model. */
    private static void checkBase(JsonNode description, ModelConfig base, String where) {
        JsonNode b = description.path("base_model");
        String type = b.path("model_type").asText("?");
        int hidden = b.path("hidden_size").asInt(-1), layers = b.path("num_hidden_layers").asInt(-1);
        List<String> mismatch = new ArrayList<>();
        if (!type.equals(base.family().modelType())) mismatch.add("model_type " + type + " != " + base.family().modelType());
        if (hidden != base.hiddenSize()) mismatch.add("hidden_size " + hidden + " != " + base.hiddenSize());
        if (layers != base.numLayers()) mismatch.add("num_hidden_layers " + layers + " != " + base.numLayers());
        if (!mismatch.isEmpty()) {
            throw new AdapterFileException(where + ": adapters made for another base model (adapters vs this model: "
                    + String.join(", ", mismatch) + ")");
        }
    }

    /** A saved adapter folder that cannot be used on this model; the message names the file. */
    public static final class AdapterFileException extends RuntimeException {
        AdapterFileException(String message) {
            super(message);
        }

        AdapterFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
