package org.reasonbridge.jinja;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Python methods templates call on values: string methods, {@code dict.items/keys/values/get}, and
 * {@code list.index/count} (plus {@code append/extend} on lists the template built itself). Nothing else is
 * callable, so a template cannot reach any Java method.
 */
final class Methods {

    private static final Set<String> STRING = Set.of("strip", "lstrip", "rstrip", "split", "rsplit", "splitlines",
            "startswith", "endswith", "replace", "upper", "lower", "title", "capitalize", "swapcase", "casefold", "find",
            "rfind", "index", "rindex", "count", "join", "format", "isdigit", "isalpha", "isalnum", "isspace", "islower",
            "isupper", "isnumeric", "isdecimal", "partition", "rpartition", "center", "ljust", "rjust", "zfill");
    private static final Set<String> DICT = Set.of("items", "keys", "values", "get");
    private static final Set<String> LIST = Set.of("index", "count");
    private static final Set<String> TEMPLATE_LIST = Set.of("index", "count", "append", "extend");

    private Methods() {
    }

    static boolean has(Object target, String name) {
        if (target instanceof String) return STRING.contains(name);
        if (target instanceof Map) return DICT.contains(name);
        if (target instanceof TemplateList) return TEMPLATE_LIST.contains(name);
        if (Py.sequence(target) != null) return LIST.contains(name);
        return false;
    }

    static Builtin bind(Object self, String name) {
        return new Builtin(Py.typeName(self) + "." + name,
                (in, args, kwargs) -> call(in, self, name, new CallArgs(name, args, kwargs)));
    }

    private static Object call(Interpreter in, Object self, String name, CallArgs a) {
        if (self instanceof String s) return PyStrings.call(in, s, name, a);
        if (self instanceof Map<?, ?> m) return dict(m, name, a);
        List<Object> items = Py.sequence(self);
        switch (name) {
            case "index" -> {
                Object x = a.check(1).required(0, "value");
                for (int i = 0; i < items.size(); i++) {
                    if (Py.eq(items.get(i), x)) return (long) i;
                }
                throw new TemplateException("ValueError: " + Py.repr(x) + " is not in list");
            }
            case "count" -> {
                Object x = a.check(1).required(0, "value");
                return items.stream().filter(o -> Py.eq(o, x)).count();
            }
            case "append" -> {
                in.checkCount(items.size() + 1L);
                items.add(a.check(1).required(0, "object"));
                return null;
            }
            case "extend" -> {
                List<Object> more = Py.iterate(a.check(1).required(0, "iterable"));
                in.checkCount((long) items.size() + more.size());
                items.addAll(more);
                return null;
            }
            default -> throw new IllegalStateException(name);
        }
    }

    private static Object dict(Map<?, ?> m, String name, CallArgs a) {
        switch (name) {
            case "items" -> {
                a.check(0);
                TemplateList out = new TemplateList();
                m.forEach((k, v) -> out.add(new PyTuple(java.util.Arrays.asList(k, v))));
                return out;
            }
            case "keys" -> {
                a.check(0);
                return new TemplateList(m.keySet());
            }
            case "values" -> {
                a.check(0);
                return new TemplateList(m.values());
            }
            case "get" -> {
                a.check(2);
                Object key = a.required(0, "key");
                return m.containsKey(key) ? m.get(key) : a.get(1, "default", null);
            }
            default -> throw new IllegalStateException(name);
        }
    }
}
