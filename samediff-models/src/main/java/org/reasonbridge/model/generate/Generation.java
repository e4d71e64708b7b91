package org.reasonbridge.model.generate;

/**
 * The result of generating from one prompt.
 *
 * @param promptIds    the prompt's token ids
 * @param generatedIds generated ids, without a final stop token
 * @param text         the generated text (special tokens kept, cut before a stop string)
 * @param finishReason why generation ended
 * @param stopToken    the stop token that ended it, or -1
 */
public record Generation(int[] promptIds, int[] generatedIds, String text, FinishReason finishReason, int stopToken) {
    public Generation {
        promptIds = promptIds.clone();
        generatedIds = generatedIds.clone();
    }

    @Override
    public int[] promptIds() {
        return promptIds.clone();
    }

    @Override
    public int[] generatedIds() {
        return generatedIds.clone();
    }

    @Override
    public String toString() {
        return text;
    }
}
