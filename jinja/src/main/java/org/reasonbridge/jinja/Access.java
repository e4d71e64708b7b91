package org.reasonbridge.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Attribute and item access as Jinja2's sandbox does it: {@code x.name} prefers a method and falls back to the
 * key, {@code x[key]} prefers the key and falls back to the method; anything missing is undefined; names
 * starting with an underscore are refused.
 */
final class Access {

    private Access() {
    }

    static Object getattr(Object target, String name) {
        if (name.startsWith("_")) {
            throw new SandboxException("access to attribute '" + name + "' of '" + Py.typeName(target) + "' object is unsafe");
        }
        if (target instanceof Undefined u) throw u.error();
        if (Methods.has(target, name)) return Methods.bind(target, name);
        if (target instanceof Map<?, ?> m) {
            return m.containsKey(name) ? m.get(name) : Undefined.attribute(target, name);
        }
        if (target instanceof Namespace ns) {
            return ns.attributes.containsKey(name) ? ns.attributes.get(name) : Undefined.attribute(target, name);
        }
        if (target instanceof LoopState loop) return loop.attribute(name);
        if (target instanceof Macro macro && name.equals("name")) return macro.name();
        return Undefined.attribute(target, name);
    }

    static Object getitem(Object target, Object key) {
        if (target instanceof Undefined u) throw u.error();
        if (target instanceof Map<?, ?> m) {
            Object k = key instanceof Boolean || key instanceof Double ? normaliseKey(key) : key;
            if (m.containsKey(k)) return m.get(k);
        } else if (Py.sequence(target) != null && (key instanceof Long || key instanceof Boolean)) {
            List<Object> items = Py.sequence(target);
            long i = Py.toLong(key);
            if (i < 0) i += items.size();
            return i >= 0 && i < items.size() ? items.get((int) i) : Undefined.because(Py.typeName(target) + " index out of range");
        } else if (target instanceof String s && (key instanceof Long || key instanceof Boolean)) {
            List<String> chars = Py.chars(s);
            long i = Py.toLong(key);
            if (i < 0) i += chars.size();
            return i >= 0 && i < chars.size() ? chars.get((int) i) : Undefined.because("string index out of range");
        }
        if (key instanceof String name) return getattr(target, name);
        return Undefined.because(Py.typeName(target) + " object has no element " + Py.repr(key));
    }

    /** Python dicts treat {@code True} as {@code 1} and {@code 1.0} as {@code 1}. */
    private static Object normaliseKey(Object key) {
        if (key instanceof Boolean b) return b ? 1L : 0L;
        double d = (Double) key;
        return d == Math.rint(d) && Math.abs(d) < 9e15 ? (Object) (long) d : key;
    }

    static Object hashable(Object key) {
        if (key instanceof List || key instanceof Map || key instanceof Namespace) {
            throw new TemplateException("TypeError: unhashable type: '" + Py.typeName(key) + "'");
        }
        if (key instanceof Undefined u) throw u.error();
        return key instanceof Double ? normaliseKey(key) : key;
    }

    static Object slice(Object target, Object start, Object stop, Object step) {
        if (target instanceof Undefined u) throw u.error();
        List<Object> items;
        if (target instanceof String s) items = new ArrayList<>(Py.chars(s));
        else items = Py.sequence(target);
        if (items == null) throw new TemplateException("TypeError: '" + Py.typeName(target) + "' object is not subscriptable");
        long n = items.size();
        long st = step == null ? 1 : index(step);
        if (st == 0) throw new TemplateException("ValueError: slice step cannot be zero");
        long lo;
        long hi;
        if (st > 0) {
            lo = start == null ? 0 : clamp(index(start), n, 0, n);
            hi = stop == null ? n : clamp(index(stop), n, 0, n);
        } else {
            lo = start == null ? n - 1 : clamp(index(start), n, -1, n - 1);
            hi = stop == null ? -1 : clamp(index(stop), n, -1, n - 1);
        }
        List<Object> out = new ArrayList<>();
        for (long i = lo; st > 0 ? i < hi : i > hi; i += st) out.add(items.get((int) i));
        if (target instanceof String) {
            StringBuilder sb = new StringBuilder();
            for (Object c : out) sb.append((String) c);
            return sb.toString();
        }
        return target instanceof PyTuple ? new PyTuple(out) : new TemplateList(out);
    }

    private static long index(Object v) {
        if (v instanceof Long || v instanceof Boolean) return Py.toLong(v);
        throw new TemplateException("TypeError: slice indices must be integers or None, not " + Py.typeName(v));
    }

    /** Python's {@code slice.indices}: negative counts from the end, then clamp into [low, high]. */
    private static long clamp(long i, long n, long low, long high) {
        if (i < 0) i += n;
        return Math.max(low, Math.min(high, i));
    }
}
