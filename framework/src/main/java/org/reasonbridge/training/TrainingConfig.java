package org.reasonbridge.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A training run's settings, read from a JSON file whose keys are the field names below; absent keys take the
 * documented defaults, unknown keys are an error (a typo must not silently train with a default).
 *
 * @param method                 {@code bottleneck} (default), {@code lora} or {@code full} (every base weight but
 *                               the embedding; gather's backward is broken in SameDiff, see SAMEDIFF.md)
 * @param preset                 bottleneck placement preset: {@code paper} (default), {@code houlsby}, {@code pfeiffer}
 * @param bottleneck             adapter width, default 64
 * @param dropLevels             adapter levels left out (ablations): any of strategic, tactical, operational
 * @param loraRank               LoRA rank, default 8
 * @param loraAlpha              LoRA alpha, default 16
 * @param loraTargets            projections LoRA adapts, default q_proj and v_proj
 * @param lambdaOutput           weight of the loss on the answer part, default 1.0
 * @param lambdaStrategic        weight of the strategic trace tokens' loss, default 0.5
 * @param lambdaTactical         weight of the tactical trace tokens' loss, default 0.3
 * @param lambdaOperational      weight of the operational trace tokens' loss, default 0.2
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
 */
public record TrainingConfig(String method, String preset, int bottleneck, List<String> dropLevels, int loraRank,
                             double loraAlpha, List<String> loraTargets, double lambdaOutput, double lambdaStrategic,
                             double lambdaTactical, double lambdaOperational, double learningRate, double warmupRatio,
                             double minLearningRateRatio, int epochs, int maxSteps, int batchSize,
                             int gradientAccumulation, int maxSequenceLength, double weightDecay, double beta1,
                             double beta2, double epsilon, double maxGradNorm, long seed, int checkpointEvery,
                             String format) {

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
                          @JsonProperty("lambdaOutput") Double lambdaOutput,
                          @JsonProperty("lambdaStrategic") Double lambdaStrategic,
                          @JsonProperty("lambdaTactical") Double lambdaTactical,
                          @JsonProperty("lambdaOperational") Double lambdaOperational,
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
                          @JsonProperty("format") String format) {
        this(or(method, "bottleneck"), or(preset, "paper"), i(bottleneck, 64), or(dropLevels, List.of()),
                i(loraRank, 8), d(loraAlpha, 16.0), or(loraTargets, List.of("q_proj", "v_proj")),
                d(lambdaOutput, 1.0), d(lambdaStrategic, 0.5), d(lambdaTactical, 0.3), d(lambdaOperational, 0.2),
                d(learningRate, 5e-5), d(warmupRatio, 0.05), d(minLearningRateRatio, 0.0), i(epochs, 3),
                i(maxSteps, 0), i(batchSize, 1), i(gradientAccumulation, 16), i(maxSequenceLength, 4096),
                d(weightDecay, 1e-4), d(beta1, 0.9), d(beta2, 0.95), d(epsilon, 1e-8), d(maxGradNorm, 1.0),
                l(seed, 0L), i(checkpointEvery, 50), or(format, "auto"));
    }

    public TrainingConfig {
        dropLevels = List.copyOf(dropLevels);
        loraTargets = List.copyOf(loraTargets);
        check(List.of("bottleneck", "lora", "full").contains(method), "method must be bottleneck, lora or full, got " + method);
        check(List.of("auto", "chat", "plain").contains(format), "format must be auto, chat or plain, got " + format);
        for (String l : dropLevels) {
            check(List.of("strategic", "tactical", "operational").contains(l), "unknown level in dropLevels: " + l);
        }
        check(bottleneck > 0, "bottleneck must be > 0");
        check(loraRank > 0 && loraAlpha > 0, "loraRank and loraAlpha must be > 0");
        check(lambdaOutput >= 0 && lambdaStrategic >= 0 && lambdaTactical >= 0 && lambdaOperational >= 0
                && lambdaOutput + lambdaStrategic + lambdaTactical + lambdaOperational > 0,
                "loss weights must be >= 0 and not all 0");
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
