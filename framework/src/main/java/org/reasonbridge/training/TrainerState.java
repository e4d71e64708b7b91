package org.reasonbridge.training;

/**
 * Where a run stands after an optimizer step: enough, with the saved tensors, to continue it exactly.
 *
 * @param step        optimizer steps done
 * @param epoch       epoch of the next micro-batch
 * @param batch       index of the next micro-batch within {@code epoch}
 * @param config      the run's TrainingConfig as JSON (a resume with other settings is refused)
 * @param dataDigest  SHA-256 of the encoded training data (a resume on other data is refused)
 */
public record TrainerState(int step, int epoch, int batch, String config, String dataDigest) {
}
