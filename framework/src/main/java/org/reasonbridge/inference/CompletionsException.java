package org.reasonbridge.inference;

/** A completions endpoint failed: the HTTP status (0 when no response came) and what it said. */
public final class CompletionsException extends RuntimeException {
    private final int status;

    public CompletionsException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
