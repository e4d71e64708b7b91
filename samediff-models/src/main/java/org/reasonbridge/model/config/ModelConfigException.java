package org.reasonbridge.model.config;

/** A {@code config.json} that cannot describe a supported model; the message names the file and the key. */
public final class ModelConfigException extends IllegalArgumentException {
    public ModelConfigException(String message) {
        super(message);
    }

    public ModelConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
