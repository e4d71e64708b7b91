package org.reasonbridge.training;

/**
 * One optimizer step's numbers, as written to {@code metrics.jsonl}: the mean loss over its micro-batches, the
 * mean loss of each part, the learning rate used, the gradient norm before clipping and throughput.
 */
public record StepMetrics(int step, int epoch, double loss, double lossOutput, double lossStrategic,
                          double lossTactical, double lossOperational, double lr, double gradNorm, int tokens,
                          double tokensPerSecond) {
}
