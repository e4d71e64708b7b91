package org.reasonbridge.training;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.reasonbridge.model.adapters.bottleneck.BottleneckConfig;
import org.reasonbridge.model.input.JsonFile;
import org.reasonbridge.model.input.JsonFileException;
import org.reasonbridge.model.input.Names;
import org.reasonbridge.model.json.Json;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.model.loss.LossKind;
import org.reasonbridge.model.loss.LossWeights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training run's settings, read from a JSON file whose keys are the field names below; absent keys take the
 * documented defaults, unknown keys are an error (a typo must not silently train with a default). The λ of each
 * {@link ReasoningLevel} has its own key, {@code "lambda"} + the level's capitalised id.
 *
 * @param method                 {@code bottleneck} (default), {@code lora} or {@code full} (every base weight but
 *                               the embedding; gather's backward is broken in SameDiff, see SAMEDIFF.md)
 * @param preset                 bottleneck placement preset: {@code paper} (default), {@code houlsby}, {@code pfeiffer}
 * @param bottleneck             adapter width, default 64
 * @param dropLevels             adapter levels left out (ablations): any of the thinking levels (strategic,
 *                               tactical, operational)
 * @param loraRank               LoRA rank, default 8
 * @param loraAlpha              LoRA alpha, default 16
 * @param loraTargets            projections LoRA adapts, default q_proj and v_proj
 * @param learningRate           peak rate, default 5e-5 (the paper's)
 * @param warmupRatio            share of steps spent warming up linearly, default 0.05
 * @param minLearningRateRatio   floor of the cosine decay as a share of the peak, default 0
 * @param epochs                 passes over the data, default 3
 * @param maxSteps               stop after this many optimizer steps, 0 = no limit (default)
 * @param batchSize              sequences per micro-batch (right-padded), default 1
 * @param gradientAccumulation   micro-batches per optimizer step, default 16 (s1's effective batch of 16)
 * @param maxSequenceLength      tokens an example may take, prompt included, default 4096
 * @param overLength             what becomes of a longer example ({@link OverLength}): {@code truncate} (default)
 *                               cuts the end of its thinking, keeping the prompt, the end of thinking, the answer
 *                               and the end of turn; {@code skip} leaves it out; {@code error} stops the run naming
 *                               it. Each one truncated or skipped is a line of {@code OUT/over-length.jsonl}
 * @param weightDecay            decoupled (AdamW) weight decay, default 1e-4 (s1's)
 * @param beta1                  default 0.9
 * @param beta2                  default 0.95 (s1's)
 * @param epsilon                default 1e-8
 * @param maxGradNorm            global-norm clipping, 0 = off, default 1.0
 * @param seed                   data order and adapter initialisation, default 0
 * @param groupByLength          cut each epoch's shuffled order into windows of 64 micro-batches and batch each
 *                               window's examples by length, the batches then shuffled (Hugging Face's
 *                               {@code group_by_length}): far less padding when lengths vary, at the price of batches
 *                               of similar examples; default false
 * @param checkpointEvery        optimizer steps between checkpoints, default 50 (and always at the end)
 * @param format                 {@code chat} renders through the model's chat template with the trace in
 *                               {@code <think>}; {@code plain} uses a fixed text layout for models without one;
 *                               {@code auto} (default) picks chat when the tokenizer has a template
 * @param loss                   {@code hierarchical} (default): the method's {@code Σ λ_k · mean CE over level k};
 *                               {@code sft}: the plain fine-tuning baseline, one token-mean cross-entropy over
 *                               every supervised token of the assistant turn, no level masks, no λ (the λ keys are
 *                               then ignored). For every method.
 * @param recompute              whether a step recomputes each layer's activations for the backward pass instead of
 *                               keeping them ({@link Recompute}): {@code auto} (default) once the activations a
 *                               micro-batch would keep are estimated at 1 GiB or more, {@code layers} always,
 *                               {@code off} never. The gradients are the
 *                               same to the bit, so it trades time for memory only (and a checkpoint resumes under
 *                               any value); {@code -Dreasonbridge.recompute} overrides it
 * @param lambdas                λ per level, keys {@code lambdaOutput} (the answer part, default 1.0),
 *                               {@code lambdaStrategic} (0.5), {@code lambdaTactical} (0.3), {@code lambdaOperational}
 *                               (0.2); see {@link LossWeights}
 */
public record TrainingConfig(String method, String preset, int bottleneck, List<String> dropLevels, int loraRank,
                             double loraAlpha, List<String> loraTargets, double learningRate, double warmupRatio,
                             double minLearningRateRatio, int epochs, int maxSteps, int batchSize,
                             int gradientAccumulation, int maxSequenceLength, String overLength, double weightDecay,
                             double beta1, double beta2, double epsilon, double maxGradNorm, long seed,
                             boolean groupByLength,
                             int checkpointEvery, String format, String loss, String recompute,
                             @JsonIgnore LossWeights lambdas) {

    /** Strict: no duplicate keys, no "3" for 3, no 2.5 for an integer (a config must say what it means). */
    private static final ObjectMapper JSON = Json.STRICT;
    /** A config file is a few hundred bytes. */
    private static final long MAX_CONFIG_BYTES = 1L << 20;

    @JsonCreator
    public TrainingConfig(@JsonProperty("method") String method, @JsonProperty("preset") String preset,
                          @JsonProperty("bottleneck") Integer bottleneck,
                          @JsonProperty("dropLevels") List<String> dropLevels,
                          @JsonProperty("loraRank") Integer loraRank, @JsonProperty("loraAlpha") Double loraAlpha,
                          @JsonProperty("loraTargets") List<String> loraTargets,
                          @JsonProperty("learningRate") Double learningRate,
                          @JsonProperty("warmupRatio") Double warmupRatio,
                          @JsonProperty("minLearningRateRatio") Double minLearningRateRatio,
                          @JsonProperty("epochs") Integer epochs, @JsonProperty("maxSteps") Integer maxSteps,
                          @JsonProperty("batchSize") Integer batchSize,
                          @JsonProperty("gradientAccumulation") Integer gradientAccumulation,
                          @JsonProperty("maxSequenceLength") Integer maxSequenceLength,
                          @JsonProperty("overLength") String overLength,
                          @JsonProperty("weightDecay") Double weightDecay, @JsonProperty("beta1") Double beta1,
                          @JsonProperty("beta2") Double beta2, @JsonProperty("epsilon") Double epsilon,
                          @JsonProperty("maxGradNorm") Double maxGradNorm, @JsonProperty("seed") Long seed,
                          @JsonProperty("groupByLength") Boolean groupByLength,
                          @JsonProperty("checkpointEvery") Integer checkpointEvery,
                          @JsonProperty("format") String format, @JsonProperty("loss") String loss,
                          @JsonProperty("recompute") String recompute,
                          @JsonAnySetter Map<String, Object> otherKeys) {
        this(or(method, "bottleneck"), or(preset, "paper"), i(bottleneck, 64), or(dropLevels, List.of()),
                i(loraRank, 8), d(loraAlpha, 16.0), or(loraTargets, List.of("q_proj", "v_proj")),
                d(learningRate, 5e-5), d(warmupRatio, 0.05), d(minLearningRateRatio, 0.0), i(epochs, 3),
                i(maxSteps, 0), i(batchSize, 1), i(gradientAccumulation, 16), i(maxSequenceLength, 4096),
                or(overLength, OverLength.TRUNCATE.id()), d(weightDecay, 1e-4), d(beta1, 0.9), d(beta2, 0.95),
                d(epsilon, 1e-8), d(maxGradNorm, 1.0),
                l(seed, 0L), groupByLength != null && groupByLength, i(checkpointEvery, 50), or(format, "auto"),
                or(loss, LossKind.HIERARCHICAL.id()), or(recompute, Recompute.AUTO.id()), lambdas(otherKeys));
    }

    /**
     * The λ keys among the keys no other parameter took, over the defaults; any other key is an error (the
     * any-setter sees every unknown key, so this is where a typo is caught).
     */
    private static LossWeights lambdas(Map<String, Object> keys) {
        Map<ReasoningLevel, Double> lambdas = new EnumMap<>(LossWeights.DEFAULT.lambdas());
        for (Map.Entry<String, Object> e : keys == null ? Map.<String, Object>of().entrySet() : keys.entrySet()) {
            ReasoningLevel level = Arrays.stream(ReasoningLevel.values()).filter(l -> lambdaKey(l).equals(e.getKey()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("key '" + e.getKey() + "': unknown"
                            + Names.closest(e.getKey(), keys()).map(k -> " (did you mean '" + k + "'?)")
                            .orElse("; the keys are " + String.join(", ", keys()))
                            + " (./reasonbridge train --help lists every key with its default)"));
            if (e.getValue() == null) continue;
            if (!(e.getValue() instanceof Number n) || !(n.doubleValue() >= 0) || Double.isInfinite(n.doubleValue())) {
                throw new IllegalArgumentException("key '" + e.getKey() + "': must be a finite number >= 0, got "
                        + e.getValue());
            }
            lambdas.put(level, n.doubleValue());
        }
        return new LossWeights(lambdas);
    }

    /** The JSON key of {@code level}'s λ, e.g. {@code lambdaStrategic}. */
    public static String lambdaKey(ReasoningLevel level) {
        return level.key("lambda");
    }

    /** Every key a config file may hold, in the order {@link #toJson()} writes them. */
    public static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (RecordComponent c : TrainingConfig.class.getRecordComponents()) {
            if (!c.getName().equals("lambdas")) keys.add(c.getName());
        }
        for (ReasoningLevel level : ReasoningLevel.values()) keys.add(lambdaKey(level));
        return keys;
    }

    /** The λ keys and values as {@link #toJson()} writes them, after the other keys. */
    @JsonAnyGetter
    private Map<String, Double> lambdaKeys() {
        Map<String, Double> m = new LinkedHashMap<>();
        lambdas.lambdas().forEach((level, l) -> m.put(lambdaKey(level), l));
        return m;
    }

    public TrainingConfig {
        dropLevels = List.copyOf(dropLevels);
        loraTargets = List.copyOf(loraTargets);
        oneOf("method", method, METHODS);
        if (method.equals("bottleneck")) oneOf("preset", preset, BottleneckConfig.PRESETS);
        oneOf("format", format, FORMATS);
        oneOf("overLength", overLength, OverLength.ids());
        oneOf("loss", loss, Arrays.stream(LossKind.values()).map(LossKind::id).toList());
        oneOf("recompute", recompute, Recompute.ids());
        List<String> thinking = ReasoningLevel.thinkingLevels().stream().map(ReasoningLevel::id).toList();
        for (String l : dropLevels) {
            check(thinking.contains(l), "unknown level in dropLevels: " + l + Names.didYouMean(l, thinking) + " ("
                    + String.join(", ", thinking) + ")");
        }
        check(bottleneck > 0, "bottleneck must be > 0");
        check(loraRank > 0 && loraAlpha > 0 && Double.isFinite(loraAlpha), "loraRank and loraAlpha must be > 0");
        check(lambdas != null, "loss weights missing");
        check(learningRate > 0 && Double.isFinite(learningRate), "learningRate must be > 0 and finite, got " + learningRate);
        check(warmupRatio >= 0 && warmupRatio < 1, "warmupRatio must be in [0, 1)");
        check(minLearningRateRatio >= 0 && minLearningRateRatio <= 1, "minLearningRateRatio must be in [0, 1], got "
                + minLearningRateRatio);
        check(epochs > 0 && maxSteps >= 0 && batchSize > 0 && gradientAccumulation > 0,
                "epochs, batchSize and gradientAccumulation must be > 0, maxSteps >= 0");
        check(maxSequenceLength > 1, "maxSequenceLength must be > 1");
        check(weightDecay >= 0 && Double.isFinite(weightDecay), "weightDecay must be >= 0 and finite, got " + weightDecay);
        check(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), got " + beta1);
        check(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), got " + beta2);
        check(epsilon > 0 && Double.isFinite(epsilon), "epsilon must be > 0 and finite, got " + epsilon);
        check(maxGradNorm >= 0 && Double.isFinite(maxGradNorm), "maxGradNorm must be >= 0 and finite (0 = off), got "
                + maxGradNorm);
        check(checkpointEvery > 0, "checkpointEvery must be > 0");
    }

    private static void oneOf(String key, String value, List<String> allowed) {
        if (allowed.contains(value)) return;
        String list = allowed.size() == 1 ? allowed.get(0) : String.join(", ", allowed.subList(0, allowed.size() - 1))
                + " or " + allowed.get(allowed.size() - 1);
        throw new IllegalArgumentException(key + " must be " + list + ", got " + value + Names.didYouMean(value, allowed));
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    private static final List<String> METHODS = List.of("bottleneck", "lora", "full");
    private static final List<String> FORMATS = List.of("auto", "chat", "plain");

    private static <T> T or(T value, T dflt) {
        return value == null ? dflt : value;
    }

    private static int i(Integer value, int dflt) {
        return value == null ? dflt : value;
    }

    private static double d(Double value, double dflt) {
        return value == null ? dflt : value;
    }

    private static long l(Long value, long dflt) {
        return value == null ? dflt : value;
    }

    /** All defaults. */
    public static TrainingConfig defaults() {
        return parse("{}", "defaults");
    }

    /** Reads a config file (UTF-8, a byte-order mark accepted); errors name the file, and the key or line. */
    public static TrainingConfig read(Path file) {
        JsonNode json;
        try {
            json = JsonFile.object(file, MAX_CONFIG_BYTES, "a training config (JSON)");
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) throw e;
            throw new IllegalArgumentException(file + ": no such file (a training config, JSON, was expected)", e.getCause());
        }
        return bind(json, file.toString());
    }

    /** Parses config JSON; {@code where} names its origin in errors. */
    public static TrainingConfig parse(String json, String where) {
        JsonNode node;
        try {
            node = JsonFile.parseObject(json, Path.of(where));
        } catch (JsonFileException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return bind(node, where);
    }

    private static TrainingConfig bind(JsonNode json, String where) {
        try {
            return JSON.treeToValue(json, TrainingConfig.class);
        } catch (IOException e) {
            // Jackson's text names Java types and quotes the input back; the key and the rule say more
            throw new IllegalArgumentException(where + ": " + explain(e));
        }
    }

    private static String explain(IOException e) {
        String key = e instanceof JsonMappingException j && !j.getPath().isEmpty() ? j.getPath().get(0).getFieldName() : null;
        if (e instanceof MismatchedInputException m && key != null) {
            return "key '" + key + "': must be " + kind(m.getTargetType()) + (m.getTargetType() != null
                    && Number.class.isAssignableFrom(m.getTargetType()) ? " (a JSON number, not text)" : "");
        }
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t instanceof com.fasterxml.jackson.core.JacksonException j ? j.getOriginalMessage() : t.getMessage();
        m = m == null ? "invalid" : m.lines().findFirst().orElse(m);
        return key != null && !m.startsWith("key '") ? "key '" + key + "': " + m : m;
    }

    /** A Java type as the JSON a user writes. */
    private static String kind(Class<?> type) {
        if (type == null) return "of another type";
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "an integer";
        if (type == Double.class || type == double.class) return "a number";
        if (type == String.class) return "a string";
        if (List.class.isAssignableFrom(type)) return "a list of strings";
        return "of another type";
    }

    // ---- documentation: train --help lists every key with its default (from defaults(), so it cannot drift)

    private static final Map<String, String> HELP = help();

    private static Map<String, String> help() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("method", "bottleneck, lora or full (every base weight but the embedding)");
        h.put("preset", "bottleneck placement: paper (strategic early, tactical middle, operational late), houlsby, pfeiffer");
        h.put("bottleneck", "adapter width");
        h.put("dropLevels", "levels given no adapter (ablations): strategic, tactical, operational");
        h.put("loraRank", "LoRA rank");
        h.put("loraAlpha", "LoRA alpha");
        h.put("loraTargets", "projections LoRA adapts");
        h.put("learningRate", "peak learning rate");
        h.put("warmupRatio", "share of steps warming up linearly, in [0, 1)");
        h.put("minLearningRateRatio", "floor of the cosine decay, as a share of the peak");
        h.put("epochs", "passes over the data");
        h.put("maxSteps", "stop after this many optimizer steps (0 = no limit)");
        h.put("batchSize", "sequences per micro-batch");
        h.put("gradientAccumulation", "micro-batches per optimizer step");
        h.put("maxSequenceLength", "tokens an example may take, prompt included");
        h.put("overLength", "a longer example: truncate (cut the end of its thinking, keep the prompt, the end of "
                + "thinking and the answer), skip, or error (stop naming it); each one truncated or skipped is listed "
                + "in OUT/over-length.jsonl");
        h.put("weightDecay", "decoupled (AdamW) weight decay");
        h.put("beta1", "AdamW beta1");
        h.put("beta2", "AdamW beta2");
        h.put("epsilon", "AdamW epsilon");
        h.put("maxGradNorm", "global-norm gradient clipping (0 = off)");
        h.put("seed", "data order and adapter initialisation");
        h.put("groupByLength", "batch examples of similar length together (less padding), as Hugging Face's group_by_length");
        h.put("checkpointEvery", "optimizer steps between checkpoints (and always at the end)");
        h.put("format", "chat (the model's chat template), plain (a fixed layout) or auto");
        h.put("loss", "hierarchical (the λ-weighted levels) or sft (plain fine-tuning)");
        h.put("recompute", "recompute each layer's activations in the backward pass, trading time for memory (same "
                + "gradients): auto (once a micro-batch's kept activations are estimated at 1 GiB: tokens x layers x "
                + "(12 hidden + 3 MLP) floats), layers (always) or off");
        for (ReasoningLevel level : ReasoningLevel.values()) {
            h.put(lambdaKey(level), "λ of the " + level.id() + " part of the loss");
        }
        return h;
    }

    /** What a key sets, in a few words (for {@code train --help}). */
    public static String describe(String key) {
        String d = HELP.get(key);
        if (d == null) throw new IllegalArgumentException("unknown key " + key);
        return d;
    }

    public String toJson() {
        try {
            return Json.pretty().writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
