package org.reasonbridge.jinja;

/** A template tried something the sandbox forbids (private attributes, foreign objects) or exceeded a {@link Limits} bound. */
public final class SandboxException extends TemplateException {

    public SandboxException(String message) {
        super(message);
    }
}
