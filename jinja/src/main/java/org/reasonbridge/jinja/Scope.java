package org.reasonbridge.jinja;

import java.util.HashMap;
import java.util.Map;

/**
 * Variables visible at one point of a render. Loop iterations, macros and {@code with} blocks get a child
 * scope, so a {@code set} inside them does not leak out (Jinja2's scoping); {@code if} blocks share theirs.
 */
final class Scope {

    /** Marks a name no scope defines (distinct from a variable holding None). */
    static final Object MISSING = new Object();

    private final Scope parent;
    private final Map<String, Object> vars = new HashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    Object lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.vars.containsKey(name)) return s.vars.get(name);
        }
        return MISSING;
    }

    void set(String name, Object value) {
        vars.put(name, value);
    }
}
