package org.reasonbridge.jinja;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Jinja2's built-in filters used by chat templates, with transformers' {@code tojson} override. */
final class Filters {

    static final Set<String> NAMES = Set.of("abs", "attr", "batch", "capitalize", "center", "count", "d", "default",
            "dictsort", "e", "escape", "first", "float", "forceescape", "format", "indent", "int", "items", "join",
            "last", "length", "list", "lower", "map", "max", "min", "reject", "rejectattr", "replace", "reverse",
            "round", "safe", "select", "selectattr", "sort", "string", "sum", "title", "tojson", "trim", "truncate",
            "unique", "upper", "wordcount");

    private static final Pattern TITLE_SPLIT = Pattern.compile("([-\\s({\\[<]+)");
    private static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);

    private Filters() {
    }

    static Object apply(Interpreter in, String name, Object v, CallArgs a) {
        switch (name) {
            case "abs": {
                Object x = Operators.unary("+", v);
                return x instanceof Double d ? (Object) Math.abs(d) : (Object) Math.abs((Long) x);
            }
            case "attr": {
                // attr() is getattr only: a dict's keys are items, not attributes
                String attribute = a.check(1).string(0, "name", null);
                if (v instanceof Map && !attribute.startsWith("_")) {
                    return Methods.has(v, attribute) ? Methods.bind(v, attribute) : Undefined.attribute(v, attribute);
                }
                return Access.getattr(v, attribute);
            }
            case "batch": return batch(v, a.check(2, "linecount", "fill_with").integer(0, "linecount", 1), a.get(1, "fill_with", null), a);
            case "capitalize": return PyStrings.capitalize(Py.str(v));
            case "center": return PyStrings.call(in, Py.str(v), "center", CallArgs.of("center", a.check(1, "width").integer(0, "width", 80)));
            case "count", "length": return Py.len(v);
            case "d", "default": {
                a.check(2, "default_value", "boolean");
                return v instanceof Undefined || (a.bool(1, "boolean", false) && !Py.truthy(v)) ? a.get(0, "default_value", "") : v;
            }
            case "dictsort": return dictsort(v, a.check(3, "case_sensitive", "by", "reverse"));
            case "e", "escape", "forceescape": return escape(Py.str(v));
            case "first": {
                List<Object> items = Py.iterate(v);
                return items.isEmpty() ? Undefined.because("No first item, sequence was empty.") : items.get(0);
            }
            case "last": {
                List<Object> items = Py.iterate(v);
                return items.isEmpty() ? Undefined.because("No last item, sequence was empty.") : items.get(items.size() - 1);
            }
            case "float": return toFloat(v, a.check(1, "default").get(0, "default", 0.0));
            case "format": {
                if (!a.positional().isEmpty() && !a.keyword().isEmpty()) {
                    throw new TemplateException("FilterArgumentError: can't handle positional and keyword arguments at the same time");
                }
                return Format.percent(in, Py.str(v), new PyTuple(a.positional()));
            }
            case "indent": return indent(Py.str(v), a.check(3, "width", "first", "blank"));
            case "int": return toInt(v, a.check(2, "default", "base").get(0, "default", 0L), a.integer(1, "base", 10));
            case "items": {
                if (v instanceof Undefined) return new TemplateList();
                if (!(v instanceof Map)) throw new TemplateException("FilterArgumentError: Can only get item pairs from a mapping.");
                return Access.getattr(v, "items") instanceof Builtin b ? b.call(in, List.of(), Map.of()) : null;
            }
            case "join": return join(in, v, a.check(2, "d", "attribute"));
            case "list": return new TemplateList(Py.iterate(v));
            case "lower": return Py.str(v).toLowerCase(java.util.Locale.ROOT);
            case "upper": return Py.str(v).toUpperCase(java.util.Locale.ROOT);
            case "map": return map(in, v, a);
            case "max", "min": return extreme(v, name.equals("max"), a.check(2, "case_sensitive", "attribute"));
            case "select", "reject": return select(in, v, a, null, name.equals("select"));
            case "selectattr", "rejectattr": {
                String attribute = a.string(0, "attr", null);
                List<Object> rest = a.positional().size() > 1 ? a.positional().subList(1, a.positional().size()) : List.of();
                return select(in, v, new CallArgs(name, rest, Map.of()), attribute, name.equals("selectattr"));
            }
            case "replace": {
                a.check(3, "old", "new", "count");
                Object count = a.get(2, "count", null);
                return PyStrings.replace(in, Py.str(v), a.string(0, "old", null), a.string(1, "new", null),
                        count == null ? -1 : Py.toLong(count));
            }
            case "reverse": {
                if (v instanceof String s) return new StringBuilder(s).reverse().toString(); // surrogate pairs stay whole
                List<Object> items = new TemplateList(Py.iterate(v));
                java.util.Collections.reverse(items);
                return items;
            }
            case "round": return round(v, a.check(2, "precision", "method"));
            case "safe", "string": return v instanceof String ? v : Py.str(v);
            case "sort": return sort(v, a.check(3, "reverse", "case_sensitive", "attribute"));
            case "sum": return sum(in, v, a.check(2, "attribute", "start"));
            case "title": return title(Py.str(v));
            case "tojson": return tojson(in, v, a.check(1, "indent", "ensure_ascii", "separators", "sort_keys"));
            case "trim": return PyStrings.strip(Py.str(v), a.check(1, "chars").string(0, "chars", null), true, true);
            case "truncate": return truncate(Py.str(v), a.check(4, "length", "killwords", "end", "leeway"));
            case "unique": return unique(v, a.check(2, "case_sensitive", "attribute"));
            case "wordcount": {
                Matcher m = WORD.matcher(Py.str(v));
                long n = 0;
                while (m.find()) n++;
                return n;
            }
            default: throw new TemplateException("No filter named '" + name + "'.");
        }
    }

    // ---- attribute getters, as Jinja2's make_attrgetter: "a.b.0" walks items, digits become indices

    static Object attribute(Object item, String path) {
        Object v = item;
        for (String part : path.split("\\.")) {
            v = Access.getitem(v, part.chars().allMatch(Character::isDigit) && !part.isEmpty() ? (Object) Long.parseLong(part) : part);
        }
        return v;
    }

    private static Object sortKey(Object item, String attribute, boolean caseSensitive) {
        Object key = attribute == null ? item : attribute(item, attribute);
        return !caseSensitive && key instanceof String s ? s.toLowerCase(java.util.Locale.ROOT) : key;
    }

    private static List<Object> sort(Object v, CallArgs a) {
        boolean reverse = a.bool(0, "reverse", false);
        boolean caseSensitive = a.bool(1, "case_sensitive", false);
        String attribute = attributeArg(a.get(2, "attribute", null));
        List<Object> items = new TemplateList(Py.iterate(v));
        Comparator<Object> cmp = (x, y) -> Py.compare(sortKey(x, attribute, caseSensitive), sortKey(y, attribute, caseSensitive));
        items.sort(reverse ? cmp.reversed() : cmp);
        return items;
    }

    private static String attributeArg(Object a) {
        return a == null ? null : a instanceof Long l ? l.toString() : Py.str(a);
    }

    private static List<Object> dictsort(Object v, CallArgs a) {
        if (!(v instanceof Map<?, ?> m)) throw new TemplateException("FilterArgumentError: dictsort needs a mapping");
        boolean caseSensitive = a.bool(0, "case_sensitive", false);
        String by = a.string(1, "by", "key");
        int pos = by.equals("key") ? 0 : by.equals("value") ? 1 : -1;
        if (pos < 0) throw new TemplateException("FilterArgumentError: You can only sort by either \"key\" or \"value\"");
        List<Object> items = new TemplateList();
        m.forEach((k, val) -> items.add(new PyTuple(java.util.Arrays.asList(k, val))));
        Comparator<Object> cmp = (x, y) -> Py.compare(sortKey(((PyTuple) x).items().get(pos), null, caseSensitive),
                sortKey(((PyTuple) y).items().get(pos), null, caseSensitive));
        items.sort(a.bool(2, "reverse", false) ? cmp.reversed() : cmp);
        return items;
    }

    private static List<Object> unique(Object v, CallArgs a) {
        boolean caseSensitive = a.bool(0, "case_sensitive", false);
        String attribute = attributeArg(a.get(1, "attribute", null));
        List<Object> seen = new ArrayList<>();
        List<Object> out = new TemplateList();
        for (Object item : Py.iterate(v)) {
            Object key = Access.hashable(sortKey(item, attribute, caseSensitive)); // Jinja2 keeps a set of keys
            if (seen.stream().noneMatch(s -> Py.eq(s, key))) {
                seen.add(key);
                out.add(item);
            }
        }
        return out;
    }

    private static Object extreme(Object v, boolean max, CallArgs a) {
        boolean caseSensitive = a.bool(0, "case_sensitive", false);
        String attribute = attributeArg(a.get(1, "attribute", null));
        Object best = null;
        boolean found = false;
        for (Object item : Py.iterate(v)) {
            if (!found) {
                best = item;
                found = true;
                continue;
            }
            int c = Py.compare(sortKey(item, attribute, caseSensitive), sortKey(best, attribute, caseSensitive));
            if (max ? c > 0 : c < 0) best = item;
        }
        return found ? best : Undefined.because("No aggregated item, sequence was empty.");
    }

    private static Object sum(Interpreter in, Object v, CallArgs a) {
        String attribute = attributeArg(a.get(0, "attribute", null));
        Object total = a.get(1, "start", 0L);
        for (Object item : Py.iterate(v)) {
            total = Operators.binary(in, "+", total, attribute == null ? item : attribute(item, attribute));
        }
        return total;
    }

    private static String join(Interpreter in, Object v, CallArgs a) {
        String sep = Py.str(a.get(0, "d", ""));
        String attribute = attributeArg(a.get(1, "attribute", null));
        StringBuilder sb = new StringBuilder();
        List<Object> items = Py.iterate(v);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) sb.append(sep);
            sb.append(Py.str(attribute == null ? items.get(i) : attribute(items.get(i), attribute)));
            in.checkSize(sb.length());
        }
        return sb.toString();
    }

    private static List<Object> map(Interpreter in, Object v, CallArgs a) {
        List<Object> out = new TemplateList();
        if (a.positional().isEmpty() && a.keyword().containsKey("attribute")) {
            a.check(0, "attribute", "default");
            String attribute = attributeArg(a.keyword().get("attribute"));
            Object dflt = a.keyword().getOrDefault("default", Scope.MISSING);
            for (Object item : Py.iterate(v)) {
                Object x = attribute(item, attribute);
                out.add(x instanceof Undefined && dflt != Scope.MISSING ? dflt : x);
            }
            return out;
        }
        if (a.positional().isEmpty()) throw new TemplateException("FilterArgumentError: map requires a filter argument");
        String filter = Py.str(a.positional().get(0));
        CallArgs rest = new CallArgs(filter, a.positional().subList(1, a.positional().size()), a.keyword());
        for (Object item : Py.iterate(v)) out.add(apply(in, filter, item, rest));
        return out;
    }

    private static List<Object> select(Interpreter in, Object v, CallArgs a, String attribute, boolean keep) {
        String test = a.positional().isEmpty() ? null : Py.str(a.positional().get(0));
        CallArgs rest = new CallArgs(test == null ? "select" : test,
                a.positional().isEmpty() ? List.of() : a.positional().subList(1, a.positional().size()), Map.of());
        List<Object> out = new TemplateList();
        for (Object item : Py.iterate(v)) {
            Object x = attribute == null ? item : attribute(item, attribute);
            boolean ok = test == null ? Py.truthy(x) : Py.truthy(Tests.apply(in, test, x, rest));
            if (ok == keep) out.add(item);
        }
        return out;
    }

    private static List<Object> batch(Object v, long size, Object fill, CallArgs a) {
        if (size <= 0) throw new TemplateException("ValueError: batch size must be positive");
        List<Object> out = new TemplateList();
        TemplateList current = new TemplateList();
        for (Object item : Py.iterate(v)) {
            if (current.size() == size) {
                out.add(current);
                current = new TemplateList();
            }
            current.add(item);
        }
        if (!current.isEmpty()) {
            if (a.positional().size() > 1 || a.keyword().containsKey("fill_with")) {
                while (current.size() < size) current.add(fill);
            }
            out.add(current);
        }
        return out;
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&#34;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String indent(String s, CallArgs a) {
        Object width = a.get(0, "width", 4L);
        String pad = width instanceof String w ? w : " ".repeat((int) Math.max(0, Math.min(1000, Py.toLong(width))));
        List<String> lines = PyStrings.splitlines(s + "\n", false);
        StringBuilder sb = new StringBuilder();
        if (a.bool(2, "blank", false)) {
            sb.append(String.join("\n" + pad, lines));
        } else {
            sb.append(lines.get(0));
            for (String line : lines.subList(1, lines.size())) sb.append('\n').append(line.isEmpty() ? "" : pad + line);
        }
        return a.bool(1, "first", false) ? pad + sb : sb.toString();
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder();
        Matcher m = TITLE_SPLIT.matcher(s);
        int last = 0;
        while (m.find()) {
            sb.append(titleChunk(s.substring(last, m.start()))).append(titleChunk(m.group()));
            last = m.end();
        }
        return sb.append(titleChunk(s.substring(last))).toString();
    }

    private static String titleChunk(String chunk) {
        if (chunk.isEmpty()) return chunk;
        int first = Character.charCount(chunk.codePointAt(0));
        return chunk.substring(0, first).toUpperCase(java.util.Locale.ROOT) + chunk.substring(first).toLowerCase(java.util.Locale.ROOT);
    }

    private static String truncate(String s, CallArgs a) {
        long length = a.integer(0, "length", 255);
        boolean killwords = a.bool(1, "killwords", false);
        String end = a.string(2, "end", "...");
        long leeway = a.integer(3, "leeway", 5);
        List<String> chars = Py.chars(s);
        if (chars.size() <= length + leeway) return s;
        String head = String.join("", chars.subList(0, (int) Math.max(0, length - end.length())));
        if (killwords) return head + end;
        return PyStrings.rsplit(head, " ", 1).get(0) + end;
    }

    private static Object round(Object v, CallArgs a) {
        long precision = a.integer(0, "precision", 0);
        String method = a.string(1, "method", "common");
        if (!Py.isNumber(v)) throw new TemplateException("TypeError: type " + Py.typeName(v) + " doesn't define __round__ method");
        if (method.equals("common")) {
            if (!(v instanceof Double)) return Py.toLong(v);
            double d = (Double) v;
            if (Double.isNaN(d) || Double.isInfinite(d)) return d;
            return new BigDecimal(d).setScale((int) precision, RoundingMode.HALF_EVEN).doubleValue();
        }
        if (!method.equals("ceil") && !method.equals("floor")) {
            throw new TemplateException("FilterArgumentError: method must be common, ceil or floor");
        }
        double scale = Math.pow(10, precision);
        double x = Py.toDouble(v) * scale;
        return (method.equals("ceil") ? Math.ceil(x) : Math.floor(x)) / scale;
    }

    private static Object toInt(Object v, Object dflt, long base) {
        if (v instanceof Long || v instanceof Boolean) return Py.toLong(v);
        if (v instanceof Double d) return Double.isFinite(d) ? (Object) (long) (double) d : dflt;
        if (v instanceof String s) {
            String t = PyStrings.strip(s, null, true, true).replace("_", "");
            try {
                return parseInt(t, (int) base);
            } catch (NumberFormatException e) {
                Object f = toFloat(v, null);
                return f instanceof Double d && Double.isFinite(d) ? (Object) (long) (double) d : dflt;
            }
        }
        return dflt;
    }

    /** Python's {@code int(text, base)}: a 0x/0o/0b prefix is allowed when it matches the base; base 0 infers it. */
    private static long parseInt(String text, int base) {
        String t = text;
        String sign = t.startsWith("-") || t.startsWith("+") ? t.substring(0, 1) : "";
        String digits = t.substring(sign.length()).toLowerCase(java.util.Locale.ROOT);
        int b = base;
        for (String[] prefix : new String[][] {{"0x", "16"}, {"0o", "8"}, {"0b", "2"}}) {
            int p = Integer.parseInt(prefix[1]);
            if (digits.startsWith(prefix[0]) && (base == 0 || base == p)) {
                digits = digits.substring(2);
                b = p;
            }
        }
        if (b == 0) b = 10;
        return Long.parseLong(sign + digits, b);
    }

    private static Object toFloat(Object v, Object dflt) {
        if (Py.isNumber(v)) return Py.toDouble(v);
        if (v instanceof String s) {
            String t = PyStrings.strip(s, null, true, true).toLowerCase(java.util.Locale.ROOT);
            if (t.matches("[+-]?(inf|infinity)")) return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            if (t.matches("[+-]?nan")) return Double.NaN;
            if (t.matches("[+-]?(\\d[\\d_]*\\.?[\\d_]*|\\.[\\d_]+)(e[+-]?\\d+)?")) return Double.parseDouble(t.replace("_", ""));
        }
        return dflt;
    }

    private static String tojson(Interpreter in, Object v, CallArgs a) {
        Object indent = a.get(0, "indent", null);
        boolean ensureAscii = a.bool(-1, "ensure_ascii", false);
        boolean sortKeys = a.bool(-1, "sort_keys", false);
        Object separators = a.get(-1, "separators", null);
        String json = Json.dumps(v, indent, separators, ensureAscii, sortKeys, in.limits.maxNesting());
        in.checkSize(json.length());
        return json;
    }
}
