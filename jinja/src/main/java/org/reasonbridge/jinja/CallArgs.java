package org.reasonbridge.jinja;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Positional and keyword arguments of a filter, test or method call, bound Python-style by position or name.
 *
 * @param function name used in error messages
 * @param positional positional arguments, in order
 * @param keyword keyword arguments
 */
record CallArgs(String function, List<Object> positional, Map<String, Object> keyword) {

    CallArgs {
        positional = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(positional));
        keyword = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(keyword));
    }

    static CallArgs of(String function, Object... positional) {
        return new CallArgs(function, java.util.Arrays.asList(positional), Map.of());
    }

    /** Argument {@code index} (0-based, after the value a filter applies to; -1 for keyword-only) or keyword {@code name}, else {@code dflt}. */
    Object get(int index, String name, Object dflt) {
        if (index >= 0 && index < positional.size()) {
            if (keyword.containsKey(name)) {
                throw new TemplateException("TypeError: " + function + "() got multiple values for argument '" + name + "'");
            }
            return positional.get(index);
        }
        return keyword.containsKey(name) ? keyword.get(name) : dflt;
    }

    Object required(int index, String name) {
        if ((index < 0 || index >= positional.size()) && !keyword.containsKey(name)) {
            throw new TemplateException("TypeError: " + function + "() missing required argument '" + name + "'");
        }
        return get(index, name, null);
    }

    /** Rejects more positional arguments than {@code max} and keywords outside {@code names}. */
    CallArgs check(int max, String... names) {
        if (positional.size() > max) {
            throw new TemplateException("TypeError: " + function + "() takes at most " + max + " argument(s) ("
                    + positional.size() + " given)");
        }
        Set<String> allowed = Set.of(names);
        for (String k : keyword.keySet()) {
            if (!allowed.contains(k)) {
                throw new TemplateException("TypeError: " + function + "() got an unexpected keyword argument '" + k + "'");
            }
        }
        return this;
    }

    String string(int index, String name, String dflt) {
        Object v = get(index, name, dflt);
        if (v instanceof Undefined) return dflt;
        if (v != null && !(v instanceof String)) {
            throw new TemplateException("TypeError: " + function + "() argument '" + name + "' must be str, not " + Py.typeName(v));
        }
        return (String) v;
    }

    long integer(int index, String name, long dflt) {
        Object v = get(index, name, dflt);
        if (v instanceof Long || v instanceof Boolean) return Py.toLong(v);
        throw new TemplateException("TypeError: " + function + "() argument '" + name + "' must be int, not " + Py.typeName(v));
    }

    boolean bool(int index, String name, boolean dflt) {
        return Py.truthy(get(index, name, dflt));
    }
}
