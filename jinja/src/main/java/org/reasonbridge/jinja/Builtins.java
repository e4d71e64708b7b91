package org.reasonbridge.jinja;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Jinja2's global functions ({@code range}, {@code namespace}, {@code dict}) plus host functions wrapped for templates. */
final class Builtins {

    private Builtins() {
    }

    static Map<String, Object> globals(Map<String, TemplateFunction> hostFunctions, int maxDepth) {
        Map<String, Object> g = new HashMap<>();
        g.put("range", new Builtin("range", Builtins::range));
        g.put("namespace", new Builtin("namespace", (in, args, kwargs) -> {
            Namespace ns = new Namespace();
            for (Object a : args) {
                if (!(a instanceof Map<?, ?> m)) throw new TemplateException("TypeError: namespace() takes mappings as positional arguments");
                m.forEach((k, v) -> ns.attributes.put(Py.str(k), v));
            }
            ns.attributes.putAll(kwargs);
            return ns;
        }));
        g.put("dict", new Builtin("dict", (in, args, kwargs) -> {
            Map<Object, Object> d = new LinkedHashMap<>();
            for (Object a : args) {
                if (!(a instanceof Map<?, ?> m)) throw new TemplateException("TypeError: dict() takes a mapping");
                d.putAll(m);
            }
            d.putAll(kwargs);
            return d;
        }));
        hostFunctions.forEach((name, f) -> g.put(name, new Builtin(name, (in, args, kwargs) -> {
            List<Object> hostArgs = new ArrayList<>();
            for (Object a : args) hostArgs.add(Values.toHost(a));
            Map<String, Object> hostKwargs = new LinkedHashMap<>();
            kwargs.forEach((k, v) -> hostKwargs.put(k, Values.toHost(v)));
            return Values.fromJava(f.call(java.util.Collections.unmodifiableList(hostArgs),
                    java.util.Collections.unmodifiableMap(hostKwargs)), maxDepth);
        })));
        return g;
    }

    private static Object range(Interpreter in, List<Object> args, Map<String, Object> kwargs) {
        if (!kwargs.isEmpty()) throw new TemplateException("TypeError: range() takes no keyword arguments");
        if (args.isEmpty() || args.size() > 3) throw new TemplateException("TypeError: range expected 1 to 3 arguments, got " + args.size());
        long[] v = new long[args.size()];
        for (int i = 0; i < v.length; i++) {
            Object a = args.get(i);
            if (!(a instanceof Long || a instanceof Boolean)) {
                throw new TemplateException("TypeError: '" + Py.typeName(a) + "' object cannot be interpreted as an integer");
            }
            v[i] = Py.toLong(a);
        }
        long start = v.length == 1 ? 0 : v[0];
        long stop = v.length == 1 ? v[0] : v[1];
        long step = v.length == 3 ? v[2] : 1;
        if (step == 0) throw new TemplateException("ValueError: range() arg 3 must not be zero");
        // ceil((stop - start) / step) in exact arithmetic, so huge bounds fail the limit instead of wrapping
        java.math.BigInteger span = java.math.BigInteger.valueOf(stop).subtract(java.math.BigInteger.valueOf(start));
        java.math.BigInteger[] qr = span.divideAndRemainder(java.math.BigInteger.valueOf(step));
        java.math.BigInteger n = qr[0].add(qr[1].signum() != 0 ? java.math.BigInteger.ONE : java.math.BigInteger.ZERO);
        long count = n.signum() <= 0 ? 0 : n.bitLength() > 62 ? Long.MAX_VALUE : n.longValueExact();
        in.checkCount(count);
        TemplateList out = new TemplateList();
        for (long i = 0; i < count; i++) out.add(start + i * step);
        return out;
    }
}
