package org.reasonbridge.jinja;

/** The template source is not valid Jinja2 (or uses a tag this interpreter does not support). */
public final class TemplateSyntaxException extends TemplateException {

    private final int line;

    public TemplateSyntaxException(String message, int line) {
        super(message + " (line " + line + ")");
        this.line = line;
    }

    public int line() {
        return line;
    }
}
