package org.reasonbridge.training;

/**
 * Linear warm-up from 0 to the peak, then cosine decay to {@code minRatio} of the peak at the last step
 * (transformers' {@code get_cosine_schedule_with_warmup} with a floor).
 */
public record LearningRateSchedule(double peak, int warmupSteps, int totalSteps, double minRatio) {
    public LearningRateSchedule {
        if (!(peak > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + peak);
        if (warmupSteps < 0 || totalSteps <= 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("need 0 <= warmup (" + warmupSteps + ") <= total steps (" + totalSteps + ")");
        }
        if (minRatio < 0 || minRatio > 1) throw new IllegalArgumentException("minRatio must be in [0, 1]");
    }

    /** The rate for optimizer step {@code step} (0-based). */
    public double at(int step) {
        if (step < warmupSteps) return peak * (step + 1) / (warmupSteps + 1);
        int decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return peak * (minRatio + (1 - minRatio) * cosine);
    }
}
