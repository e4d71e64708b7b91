package org.reasonbridge.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.reasonbridge.model.adapters.AdapterSet;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelConfigReader;
import org.reasonbridge.model.generate.DecodeHook;
import org.reasonbridge.model.generate.Generation;
import org.reasonbridge.model.generate.GenerationConfig;
import org.reasonbridge.model.generate.Generator;
import org.reasonbridge.model.generate.TokenListener;
import org.reasonbridge.model.input.JsonFile;
import org.reasonbridge.model.io.Checkpoint;
import org.reasonbridge.model.tokenizer.ChatTemplate;
import org.reasonbridge.model.tokenizer.Tokenizer;
import org.reasonbridge.model.transformer.Decoder;
import org.reasonbridge.model.transformer.LayerHooks;
import org.reasonbridge.model.transformer.ModelNames;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Hugging Face model folder, ready to use from a notebook cell or a script:
 * {@code Model m = Model.load("path"); m.generate("2+2=")}, {@code m.chat("Hi")}, {@code m.logits(ids)}.
 * Weights load to FP32 (BF16/F16 widened exactly); the tokenizer is optional for id-level use.
 */
public final class Model implements AutoCloseable {
    private static final String GENERATION_CONFIG = "generation_config.json";

    private final Path folder;
    private final ModelConfig config;
    private final Decoder decoder;
    private final Tokenizer tokenizer; // null when the folder has no tokenizer.json
    private final Generator generator;
    private final Set<Integer> stopTokenIds;

    private Model(Path folder, ModelConfig config, Decoder decoder, Tokenizer tokenizer, Set<Integer> stops) {
        this.stopTokenIds = Set.copyOf(stops);
        this.folder = folder;
        this.config = config;
        this.decoder = decoder;
        this.tokenizer = tokenizer;
        this.generator = new Generator(decoder, ids -> tokenizer().decode(ids), stops);
    }

    public static Model load(String folder) {
        return load(Path.of(folder));
    }

    /** Loads config, weights (checked by name and shape) and, when present, the tokenizer. */
    public static Model load(Path folder) {
        return load(folder, LayerHooks.NONE);
    }

    /**
     * The base model with trained adapters ({@code adapter_model.safetensors} + {@code adapter_config.json} in
     * {@code adapterFolder}); an adapter file made for another base is an error naming the file.
     */
    public static Model load(Path folder, Path adapterFolder) {
        ModelConfig base = ModelConfigReader.read(folder);
        return load(folder, AdapterSet.load(adapterFolder, base).hooks());
    }

    /** As {@link #load(Path)}, with modules spliced into each layer (adapters). */
    public static Model load(Path folder, LayerHooks hooks) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + ": " + (Files.exists(folder) ? "a file, not a model folder"
                    : "no such folder") + " (a Hugging Face model folder with config.json, *.safetensors and "
                    + "tokenizer.json was expected)");
        }
        ModelConfig config = ModelConfigReader.read(folder);
        Decoder decoder;
        try (Checkpoint ckpt = Checkpoint.open(folder)) {
            ckpt.checkAgainst(ModelNames.expected(config), ModelNames.ignorablePatterns(config), true);
            decoder = Decoder.build(config, name -> {
                try {
                    return ckpt.readFloat(name);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, hooks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Tokenizer tokenizer = Files.exists(folder.resolve("tokenizer.json")) ? Tokenizer.load(folder) : null;
        return new Model(folder, config, decoder, tokenizer, stopIds(folder, config, tokenizer));
    }

    /** End-of-sequence ids from config.json, generation_config.json and the tokenizer's eos token. */
    private static Set<Integer> stopIds(Path folder, ModelConfig config, Tokenizer tokenizer) {
        Set<Integer> ids = new LinkedHashSet<>(config.eosTokenIds());
        Path gen = folder.resolve(GENERATION_CONFIG);
        if (Files.exists(gen)) {
            // the one key read from it; a value that is not a token id must not silently leave generation unstoppable
            JsonNode eos = JsonFile.object(gen, 16L << 20, "a generation_config.json").get("eos_token_id");
            if (eos != null && !eos.isNull()) {
                for (JsonNode e : eos.isArray() ? eos : List.of(eos)) {
                    if (!e.isIntegralNumber() || !e.canConvertToInt() || e.intValue() < 0
                            || e.intValue() >= config.vocabSize()) {
                        throw new IllegalArgumentException(gen + ": 'eos_token_id' must be a token id (an integer in "
                                + "[0, " + config.vocabSize() + ")) or a list of them, got " + eos);
                    }
                    ids.add(e.intValue());
                }
            }
        }
        if (tokenizer != null) tokenizer.eosToken().flatMap(t -> boxed(tokenizer, t)).ifPresent(ids::add);
        return ids;
    }

    private static Optional<Integer> boxed(Tokenizer t, String token) {
        var id = t.tokenId(token);
        return id.isPresent() ? Optional.of(id.getAsInt()) : Optional.empty();
    }

    public Path folder() {
        return folder;
    }

    public ModelConfig config() {
        return config;
    }

    public Decoder decoder() {
        return decoder;
    }

    public Generator generator() {
        return generator;
    }

    /** The end-of-sequence ids generation stops at by default (config, generation_config and tokenizer). */
    public Set<Integer> stopTokenIds() {
        return stopTokenIds;
    }

    /** The tokenizer; an error naming the folder when it has none. */
    public Tokenizer tokenizer() {
        if (tokenizer == null) throw new IllegalStateException(folder + ": no tokenizer.json, only token ids can be used");
        return tokenizer;
    }

    /** Logits [T, V] of every position (full recomputation, no cache). */
    public float[][] logits(int[] ids) {
        return decoder.logits(ids);
    }

    /** Greedy continuation of {@code prompt} (no special tokens added), up to 256 tokens. */
    public Generation generate(String prompt) {
        return generate(prompt, GenerationConfig.defaults());
    }

    public Generation generate(String prompt, GenerationConfig cfg) {
        return generate(prompt, cfg, DecodeHook.NONE, TokenListener.NONE);
    }

    public Generation generate(String prompt, GenerationConfig cfg, DecodeHook hook, TokenListener listener) {
        return generator.generate(List.of(tokenizer().encode(prompt)), cfg, hook, listener).get(0);
    }

    /** Several prompts as one batch; results in prompt order. */
    public List<Generation> generate(List<String> prompts, GenerationConfig cfg) {
        return generator.generate(prompts.stream().map(p -> tokenizer().encode(p)).toList(), cfg,
                DecodeHook.NONE, TokenListener.NONE);
    }

    /** One user turn through the chat template, answered greedily. */
    public Generation chat(String userMessage) {
        return chat(List.of(Map.of("role", "user", "content", userMessage)), GenerationConfig.defaults());
    }

    public Generation chat(List<Map<String, Object>> messages, GenerationConfig cfg) {
        return chat(messages, cfg, Map.of(), DecodeHook.NONE, TokenListener.NONE);
    }

    /** A conversation through the chat template; {@code templateVariables} such as {@code enable_thinking}. */
    public Generation chat(List<Map<String, Object>> messages, GenerationConfig cfg, Map<String, Object> templateVariables,
                           DecodeHook hook, TokenListener listener) {
        String prompt = applyChatTemplate(messages, true, templateVariables);
        return generator.generate(List.of(tokenizer().encode(prompt)), cfg, hook, listener).get(0);
    }

    /** The chat template rendered as transformers' {@code apply_chat_template(tokenize=False)} does. */
    public String applyChatTemplate(List<Map<String, Object>> messages, boolean addGenerationPrompt,
                                    Map<String, Object> templateVariables) {
        ChatTemplate template = tokenizer().chatTemplate().orElseThrow(() -> new IllegalStateException(
                folder + ": tokenizer_config.json has no chat_template"));
        return template.render(messages, addGenerationPrompt, templateVariables);
    }

    @Override
    public void close() {
        if (tokenizer != null) tokenizer.close();
        decoder.releasePlans();
    }
}
