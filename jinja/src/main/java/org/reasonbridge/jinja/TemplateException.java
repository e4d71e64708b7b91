package org.reasonbridge.jinja;

/** A template failed to render: a Jinja2 {@code TypeError}, {@code UndefinedError} or similar, with its line. */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
