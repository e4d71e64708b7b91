package org.reasonbridge.training;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.model.loss.LossKind;
import org.reasonbridge.model.loss.LossWeights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
 * @param maxSequenceLength      longer examples are an error naming them, default 4096
 * @param weightDecay            decoupled (AdamW) weight decay, default 1e-4 (s1's)
 * @param beta1                  default 0.9
 * @param beta2                  default 0.95 (s1's)
 * @param epsilon                default 1e-8
 * @param maxGradNorm            global-norm clipping, 0 = off, default 1.0
 * @param seed                   data order and adapter initialisation, default 0
 * @param checkpointEvery        optimizer steps between checkpoints, default 50 (and always at the end)
 * @param format                 {@code chat} renders through the model's chat template with the trace in
 *                               {@code <think>}; {@code plain} uses a fixed text layout for models without one;
 *                               {@code auto} (default) picks chat when the tokenizer has a template
 * @param loss                   {@code hierarchical} (default): the method's {@code Σ λ_k · mean CE over level k};
 *                               {@code sft}: the plain fine-tuning baseline, one token-mean cross-entropy over
 *                               every supervised token of the assistant turn, no level masks, no λ (the λ keys are
 *                               then ignored). For every method.
 * @param lambdas                λ per level, keys {@code lambdaOutput} (the answer part, default 1.0),
 *                               {@code lambdaStrategic} (0.5), {@code lambdaTactical} (0.3), {@code lambdaOperational}
 *                               (0.2); see {@link LossWeights}
 */
public record TrainingConfig(String method, String preset, int bottleneck, List<String> dropLevels, int loraRank,
                             double loraAlpha, List<String> loraTargets, double learningRate, double warmupRatio,
                             double minLearningRateRatio, int epochs, int maxSteps, int batchSize,
                             int gradientAccumulation, int maxSequenceLength, double weightDecay, double beta1,
                             double beta2, double epsilon, double maxGradNorm, long seed, int checkpointEvery,
                             String format, String loss, @JsonIgnore LossWeights lambdas) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT).build();

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
                          @JsonProperty("weightDecay") Double weightDecay, @JsonProperty("beta1") Double beta1,
                          @JsonProperty("beta2") Double beta2, @JsonProperty("epsilon") Double epsilon,
                          @JsonProperty("maxGradNorm") Double maxGradNorm, @JsonProperty("seed") Long seed,
                          @JsonProperty("checkpointEvery") Integer checkpointEvery,
                          @JsonProperty("format") String format, @JsonProperty("loss") String loss,
                          @JsonAnySetter Map<String, Object> otherKeys) {
        this(or(method, "bottleneck"), or(preset, "paper"), i(bottleneck, 64), or(dropLevels, List.of()),
                i(loraRank, 8), d(loraAlpha, 16.0), or(loraTargets, List.of("q_proj", "v_proj")),
                d(learningRate, 5e-5), d(warmupRatio, 0.05), d(minLearningRateRatio, 0.0), i(epochs, 3),
                i(maxSteps, 0), i(batchSize, 1), i(gradientAccumulation, 16), i(maxSequenceLength, 4096),
                d(weightDecay, 1e-4), d(beta1, 0.9), d(beta2, 0.95), d(epsilon, 1e-8), d(maxGradNorm, 1.0),
                l(seed, 0L), i(checkpointEvery, 50), or(format, "auto"), or(loss, LossKind.HIERARCHICAL.id()),
                lambdas(otherKeys));
    }

    /**
     * The λ keys among the keys no other parameter took, over the defaults; any other key is an error (the
     * any-setter sees every unknown key, so this is where a typo is caught).
     */
    private static LossWeights lambdas(Map<String, Object> keys) {
        Map<ReasoningLevel, Double> lambdas = new EnumMap<>(LossWeights.DEFAULT.lambdas());
        for (Map.Entry<String, Object> e : keys == null ? Map.<String, Object>of().entrySet() : keys.entrySet()) {
            ReasoningLevel level = Arrays.stream(ReasoningLevel.values()).filter(l -> lambdaKey(l).equals(e.getKey()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("key '" + e.getKey()
                            + "': unknown (known keys: " + String.join(", ", keys()) + ")"));
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
        check(List.of("bottleneck", "lora", "full").contains(method), "method must be bottleneck, lora or full, got " + method);
        check(List.of("auto", "chat", "plain").contains(format), "format must be auto, chat or plain, got " + format);
        check(Arrays.stream(LossKind.values()).anyMatch(k -> k.id().equals(loss)), "loss must be "
                + Arrays.stream(LossKind.values()).map(LossKind::id).collect(Collectors.joining(" or ")) + ", got " + loss);
        for (String l : dropLevels) {
            check(ReasoningLevel.thinkingLevels().stream().anyMatch(t -> t.id().equals(l)), "unknown level in dropLevels: "
                    + l + " (" + ReasoningLevel.thinkingLevels().stream().map(ReasoningLevel::id)
                    .collect(Collectors.joining(", ")) + ")");
        }
        check(bottleneck > 0, "bottleneck must be > 0");
        check(loraRank > 0 && loraAlpha > 0, "loraRank and loraAlpha must be > 0");
        check(lambdas != null, "loss weights missing");
        check(learningRate > 0, "learningRate must be > 0");
        check(warmupRatio >= 0 && warmupRatio < 1, "warmupRatio must be in [0, 1)");
        check(epochs > 0 && maxSteps >= 0 && batchSize > 0 && gradientAccumulation > 0,
                "epochs, batchSize and gradientAccumulation must be > 0, maxSteps >= 0");
        check(maxSequenceLength > 1, "maxSequenceLength must be > 1");
        check(checkpointEvery > 0, "checkpointEvery must be > 0");
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

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

    public static TrainingConfig read(Path file) {
        try {
            return JSON.readValue(file.toFile(), TrainingConfig.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + rootMessage(e), e);
        }
    }

    public static TrainingConfig parse(String json, String where) {
        try {
            return JSON.readValue(json, TrainingConfig.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException j && !j.getPath().isEmpty()
                && j.getPath().get(0).getFieldName() != null) {
            return "key '" + j.getPath().get(0).getFieldName() + "': " + j.getOriginalMessage().lines().findFirst().orElse("");
        }
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage();
        return m == null ? e.toString() : m.lines().findFirst().orElse(m);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
