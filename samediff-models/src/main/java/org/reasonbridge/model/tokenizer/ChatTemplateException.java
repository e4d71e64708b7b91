package org.reasonbridge.model.tokenizer;

/** A chat template called {@code raise_exception(message)}, e.g. "Conversation roles must alternate user/assistant". */
public final class ChatTemplateException extends RuntimeException {

    public ChatTemplateException(String message) {
        super(message);
    }
}
