package org.reasonbridge.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps} as transformers' {@code tojson} filter calls it: {@code ensure_ascii=False} by
 * default, separators {@code ", "} and {@code ": "} (or {@code ","} with an indent), optional key sorting.
 */
final class Json {

    private final String indent;
    private final String itemSeparator;
    private final String keySeparator;
    private final boolean ensureAscii;
    private final boolean sortKeys;
    private final int maxDepth;
    private final StringBuilder out = new StringBuilder();

    private Json(String indent, String itemSeparator, String keySeparator, boolean ensureAscii, boolean sortKeys, int maxDepth) {
        this.indent = indent;
        this.itemSeparator = itemSeparator;
        this.keySeparator = keySeparator;
        this.ensureAscii = ensureAscii;
        this.sortKeys = sortKeys;
        this.maxDepth = maxDepth;
    }

    static String dumps(Object value, Object indent, Object separators, boolean ensureAscii, boolean sortKeys, int maxDepth) {
        String pad = null;
        if (indent instanceof String s) pad = s;
        else if (indent instanceof Long || indent instanceof Boolean) pad = " ".repeat((int) Math.max(0, Math.min(1000, Py.toLong(indent))));
        else if (indent != null && !(indent instanceof Undefined)) {
            throw new TemplateException("TypeError: indent must be an int or a string, not " + Py.typeName(indent));
        }
        String item = pad == null ? ", " : ",";
        String key = ": ";
        if (separators != null) {
            List<Object> seps = Py.sequence(separators);
            if (seps == null || seps.size() != 2 || !(seps.get(0) instanceof String) || !(seps.get(1) instanceof String)) {
                throw new TemplateException("TypeError: separators must be a pair of strings");
            }
            item = (String) seps.get(0);
            key = (String) seps.get(1);
        }
        Json json = new Json(pad, item, key, ensureAscii, sortKeys, maxDepth);
        json.write(value, 0);
        return json.out.toString();
    }

    private void write(Object v, int depth) {
        if (depth > maxDepth) throw new SandboxException("value nested too deeply for tojson");
        if (v == null) out.append("null");
        else if (v instanceof Boolean b) out.append(b ? "true" : "false");
        else if (v instanceof Long l) out.append(l);
        else if (v instanceof Double d) out.append(number(d));
        else if (v instanceof String s) string(s);
        else if (v instanceof Map<?, ?> m) object(m, depth);
        else if (Py.sequence(v) != null) array(Py.sequence(v), depth);
        else throw new TemplateException("TypeError: Object of type " + Py.typeName(v) + " is not JSON serializable");
    }

    private static String number(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        return Py.floatRepr(d);
    }

    private void newline(int depth) {
        if (indent != null) out.append('\n').append(indent.repeat(depth));
    }

    private void array(List<Object> items, int depth) {
        if (items.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) out.append(itemSeparator);
            newline(depth + 1);
            write(items.get(i), depth + 1);
        }
        newline(depth);
        out.append(']');
    }

    private void object(Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) entries.add(Map.entry(key(e.getKey()), e.getValue() == null ? NULL : e.getValue()));
        if (sortKeys) entries.sort((x, y) -> Py.compareStrings(x.getKey(), y.getKey()));
        out.append('{');
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) out.append(itemSeparator);
            newline(depth + 1);
            string(entries.get(i).getKey());
            out.append(keySeparator);
            Object value = entries.get(i).getValue();
            write(value == NULL ? null : value, depth + 1);
        }
        newline(depth);
        out.append('}');
    }

    /** Map.entry refuses null values; this stands in for a JSON null. */
    private static final Object NULL = new Object();

    /** JSON object keys: Python converts int, float, bool and None keys to strings. */
    private static String key(Object k) {
        if (k instanceof String s) return s;
        if (k == null) return "null";
        if (k instanceof Boolean b) return b ? "true" : "false";
        if (k instanceof Long l) return l.toString();
        if (k instanceof Double d) return number(d);
        throw new TemplateException("TypeError: keys must be str, int, float, bool or None, not " + Py.typeName(k));
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
