package org.reasonbridge.jinja;

import java.util.Map;
import java.util.Set;

/** Jinja2's built-in tests ({@code x is defined}, {@code x is string}, {@code x is divisibleby 3}, ...). */
final class Tests {

    static final Set<String> NAMES = Set.of("defined", "undefined", "none", "boolean", "true", "false", "integer",
            "float", "number", "string", "mapping", "iterable", "sequence", "callable", "sameas", "escaped", "in",
            "lower", "upper", "even", "odd", "divisibleby", "eq", "equalto", "==", "ne", "!=", "lt", "lessthan", "<",
            "le", "<=", "gt", "greaterthan", ">", "ge", ">=", "filter", "test");

    private Tests() {
    }

    static boolean apply(Interpreter in, String name, Object v, CallArgs a) {
        switch (name) {
            case "defined": return !(v instanceof Undefined);
            case "undefined": return v instanceof Undefined;
            case "none": return v == null;
            case "boolean": return v instanceof Boolean;
            case "true": return Boolean.TRUE.equals(v);
            case "false": return Boolean.FALSE.equals(v);
            case "integer": return v instanceof Long;
            case "float": return v instanceof Double;
            case "number": return Py.isNumber(v);
            case "string": return v instanceof String;
            case "mapping": return v instanceof Map;
            // Jinja2's Undefined iterates (as empty) and has len(), so it passes both of these
            case "iterable": return v instanceof String || v instanceof Map || Py.sequence(v) != null || v instanceof Undefined;
            case "sequence": return v instanceof String || v instanceof Map || Py.sequence(v) != null || v instanceof Undefined;
            case "callable": return v instanceof PyCallable || v instanceof Undefined;
            case "sameas": return sameAs(v, a.check(1).required(0, "other"));
            case "escaped": return false;
            case "in": return Operators.contains(a.check(1).required(0, "seq"), v);
            case "lower": return (Boolean) PyStrings.call(in, Py.str(v), "islower", CallArgs.of("islower"));
            case "upper": return (Boolean) PyStrings.call(in, Py.str(v), "isupper", CallArgs.of("isupper"));
            case "even": return Py.eq(Operators.binary(in, "%", v, 2L), 0L);
            case "odd": return Py.eq(Operators.binary(in, "%", v, 2L), 1L);
            case "divisibleby": return Py.eq(Operators.binary(in, "%", v, a.check(1).required(0, "num")), 0L);
            case "eq", "equalto", "==": return Py.eq(v, a.check(1).required(0, "other"));
            case "ne", "!=": return !Py.eq(v, a.check(1).required(0, "other"));
            case "lt", "lessthan", "<": return Py.compare(v, a.check(1).required(0, "other")) < 0;
            case "le", "<=": return Py.compare(v, a.check(1).required(0, "other")) <= 0;
            case "gt", "greaterthan", ">": return Py.compare(v, a.check(1).required(0, "other")) > 0;
            case "ge", ">=": return Py.compare(v, a.check(1).required(0, "other")) >= 0;
            case "filter": return v instanceof String s && Filters.NAMES.contains(s);
            case "test": return v instanceof String s && NAMES.contains(s);
            default: throw new TemplateException("No test named '" + name + "'.");
        }
    }

    /** Python's {@code is}: None, booleans and small cached ints are singletons; other values only by identity. */
    private static boolean sameAs(Object a, Object b) {
        if (a == null || b == null) return a == b;
        if (a instanceof Boolean || b instanceof Boolean) return a.equals(b);
        if (a instanceof Long x && b instanceof Long y) return x.equals(y) && x >= -5 && x <= 256;
        return a == b;
    }
}
