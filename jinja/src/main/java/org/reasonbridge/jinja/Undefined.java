package org.reasonbridge.jinja;

/**
 * Jinja2's default {@code Undefined}: prints as the empty string, is falsy, iterates as empty, and fails (with
 * the hint below) when an attribute, item, call or arithmetic needs a real value.
 */
final class Undefined {

    private final String hint;

    private Undefined(String hint) {
        this.hint = hint;
    }

    static Undefined name(String name) {
        return new Undefined("'" + name + "' is undefined");
    }

    static Undefined attribute(Object owner, Object attribute) {
        return new Undefined("'" + Py.typeName(owner) + " object' has no attribute " + Py.repr(attribute));
    }

    static Undefined because(String hint) {
        return new Undefined(hint);
    }

    TemplateException error() {
        return new TemplateException("UndefinedError: " + hint);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Undefined;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return "";
    }
}
