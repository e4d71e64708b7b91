package org.reasonbridge.jinja;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox boundary: copies host data into template values (read-only maps and lists of None, bool, int,
 * float, str) and refuses every other Java object, so no method of a host object is ever reachable.
 */
final class Values {

    private Values() {
    }

    static Object fromJava(Object v, int maxDepth) {
        return convert(v, 0, maxDepth);
    }

    private static Object convert(Object v, int depth, int maxDepth) {
        if (depth > maxDepth) throw new SandboxException("template input nested deeper than " + maxDepth + " levels");
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) return v;
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Float f) return Double.parseDouble(f.toString()); // 0.1f becomes 0.1, not 0.10000000149
        if (v instanceof BigInteger b) return b.longValueExact();
        if (v instanceof BigDecimal b) return b.doubleValue();
        if (v instanceof Character c) return c.toString();
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object key = convert(e.getKey(), depth + 1, maxDepth);
                if (key instanceof Map || key instanceof List) throw new SandboxException("map keys must be strings or numbers");
                out.put(key, convert(e.getValue(), depth + 1, maxDepth));
            }
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) out.add(convert(o, depth + 1, maxDepth));
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Object[] array) return convert(java.util.Arrays.asList(array), depth, maxDepth);
        if (v instanceof Undefined) return v;
        throw new SandboxException("a value of type " + v.getClass().getName() + " cannot be passed to a template;"
                + " use maps, lists, strings, numbers, booleans or null");
    }

    /** What a host function receives: template values with undefined turned into null. */
    static Object toHost(Object v) {
        return v instanceof Undefined ? null : v;
    }
}
