package org.reasonbridge.jinja;

import java.util.List;
import java.util.Map;

/**
 * A callable implemented in Java: a global such as {@code range}, a bound method such as {@code str.split},
 * or a host function. Only code in this package creates them, so a template can never name a Java method.
 *
 * @param name the name Python would show
 * @param body what a call does
 */
record Builtin(String name, Body body) implements PyCallable {

    /** The implementation of a call. */
    interface Body {
        Object call(Interpreter interpreter, List<Object> args, Map<String, Object> kwargs);
    }

    @Override
    public Object call(Interpreter interpreter, List<Object> args, Map<String, Object> kwargs) {
        return body.call(interpreter, args, kwargs);
    }
}
