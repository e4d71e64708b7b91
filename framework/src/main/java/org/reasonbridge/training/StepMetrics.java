package org.reasonbridge.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One optimizer step's numbers, as written to {@code metrics.jsonl}: the mean loss over its micro-batches, the
 * mean loss of each level, the learning rate used, the gradient norm before clipping and throughput. One JSON
 * object per line with the keys {@code step, epoch, loss}, then {@code "loss"} + each level's capitalised id in
 * {@link ReasoningLevel} order ({@code lossOutput, lossStrategic, lossTactical, lossOperational}), then
 * {@code lr, gradNorm, tokens, tokensPerSecond}.
 *
 * @param levelLosses each level's mean token cross-entropy (what the hierarchical loss weighs; with the sft loss
 *                    reported for analysis only)
 */
public record StepMetrics(int step, int epoch, double loss, Map<ReasoningLevel, Double> levelLosses, double lr,
                          double gradNorm, int tokens, double tokensPerSecond) {

    public StepMetrics {
        Map<ReasoningLevel, Double> m = new EnumMap<>(ReasoningLevel.class);
        for (ReasoningLevel level : ReasoningLevel.values()) {
            Double v = levelLosses.get(level);
            if (v == null) throw new IllegalArgumentException("step " + step + ": no loss for level " + level.id());
            m.put(level, v);
        }
        levelLosses = Collections.unmodifiableMap(m);
    }

    /** The {@code metrics.jsonl} key of {@code level}'s loss, e.g. {@code lossStrategic}. */
    public static String key(ReasoningLevel level) {
        return level.key("loss");
    }

    /** {@code level}'s mean token cross-entropy in this step. */
    public double levelLoss(ReasoningLevel level) {
        return levelLosses.get(level);
    }

    /** The line's object, keys in the documented order. */
    @JsonValue
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("epoch", epoch);
        m.put("loss", loss);
        levelLosses.forEach((level, v) -> m.put(key(level), v));
        m.put("lr", lr);
        m.put("gradNorm", gradNorm);
        m.put("tokens", tokens);
        m.put("tokensPerSecond", tokensPerSecond);
        return m;
    }

    /** Reads a line's object back; a missing or non-numeric key is an error naming it. */
    @JsonCreator
    public static StepMetrics fromJson(Map<String, Object> m) {
        Map<ReasoningLevel, Double> levels = new EnumMap<>(ReasoningLevel.class);
        for (ReasoningLevel level : ReasoningLevel.values()) levels.put(level, number(m, key(level)).doubleValue());
        return new StepMetrics(number(m, "step").intValue(), number(m, "epoch").intValue(),
                number(m, "loss").doubleValue(), levels, number(m, "lr").doubleValue(),
                number(m, "gradNorm").doubleValue(), number(m, "tokens").intValue(),
                number(m, "tokensPerSecond").doubleValue());
    }

    private static Number number(Map<String, Object> m, String key) {
        if (m.get(key) instanceof Number n) return n;
        throw new IllegalArgumentException("key '" + key + "': " + (m.containsKey(key) ? "not a number" : "missing"));
    }
}
