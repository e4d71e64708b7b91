package org.reasonbridge.jinja;

import java.util.List;
import java.util.Map;

/** Python's arithmetic, concatenation, repetition, membership and comparison operators on template values. */
final class Operators {

    private Operators() {
    }

    static Object unary(String op, Object v) {
        if (v instanceof Undefined u) throw u.error();
        if (v instanceof Double d) return op.equals("-") ? -d : d;
        if (v instanceof Long || v instanceof Boolean) {
            long l = Py.toLong(v);
            return op.equals("-") ? exact(() -> Math.negateExact(l)) : l;
        }
        throw new TemplateException("TypeError: bad operand type for unary " + op + ": '" + Py.typeName(v) + "'");
    }

    static Object binary(Interpreter in, String op, Object a, Object b) {
        if (op.equals("~")) {
            String sa = Py.str(a);
            String sb = Py.str(b);
            in.checkSize((long) sa.length() + sb.length());
            return sa + sb;
        }
        if (a instanceof Undefined u) throw u.error();
        if (b instanceof Undefined u) throw u.error();
        if (Py.isNumber(a) && Py.isNumber(b)) return arithmetic(op, a, b);
        switch (op) {
            case "+" -> {
                if (a instanceof String sa && b instanceof String sb) {
                    in.checkSize((long) sa.length() + sb.length());
                    return sa + sb;
                }
                List<Object> la = Py.sequence(a);
                List<Object> lb = Py.sequence(b);
                if (la != null && lb != null && (a instanceof PyTuple == b instanceof PyTuple)) {
                    in.checkCount((long) la.size() + lb.size());
                    TemplateList out = new TemplateList(la);
                    out.addAll(lb);
                    return a instanceof PyTuple ? new PyTuple(out) : out;
                }
            }
            case "*" -> {
                if (b instanceof String || Py.sequence(b) != null) return repeat(in, b, a);
                if (a instanceof String || Py.sequence(a) != null) return repeat(in, a, b);
            }
            case "%" -> {
                if (a instanceof String format) return Format.percent(in, format, b);
            }
            default -> { }
        }
        throw new TemplateException("TypeError: unsupported operand type(s) for " + op + ": '" + Py.typeName(a)
                + "' and '" + Py.typeName(b) + "'");
    }

    private static Object repeat(Interpreter in, Object seq, Object times) {
        if (!(times instanceof Long || times instanceof Boolean)) {
            throw new TemplateException("TypeError: can't multiply sequence by non-int of type '" + Py.typeName(times) + "'");
        }
        long n = Math.max(0, Py.toLong(times));
        if (seq instanceof String s) {
            in.checkSize(s.length() * n);
            return s.repeat((int) n);
        }
        List<Object> items = Py.sequence(seq);
        in.checkCount(items.size() * n);
        TemplateList out = new TemplateList();
        for (long i = 0; i < n; i++) out.addAll(items);
        return seq instanceof PyTuple ? new PyTuple(out) : out;
    }

    private static Object arithmetic(String op, Object a, Object b) {
        boolean floats = a instanceof Double || b instanceof Double;
        if (op.equals("/")) {
            double den = Py.toDouble(b);
            if (den == 0) throw new TemplateException("ZeroDivisionError: division by zero");
            return Py.toDouble(a) / den;
        }
        if (floats) {
            double x = Py.toDouble(a);
            double y = Py.toDouble(b);
            return switch (op) {
                case "+" -> x + y;
                case "-" -> x - y;
                case "*" -> x * y;
                case "//" -> {
                    if (y == 0) throw new TemplateException("ZeroDivisionError: float floor division by zero");
                    yield Math.floor(x / y);
                }
                case "%" -> {
                    if (y == 0) throw new TemplateException("ZeroDivisionError: float modulo");
                    double r = x % y;
                    yield r != 0 && (r < 0) != (y < 0) ? r + y : r;
                }
                case "**" -> Math.pow(x, y);
                default -> throw new IllegalStateException(op);
            };
        }
        long x = Py.toLong(a);
        long y = Py.toLong(b);
        return switch (op) {
            case "+" -> exact(() -> Math.addExact(x, y));
            case "-" -> exact(() -> Math.subtractExact(x, y));
            case "*" -> exact(() -> Math.multiplyExact(x, y));
            case "//" -> {
                if (y == 0) throw new TemplateException("ZeroDivisionError: integer division or modulo by zero");
                yield Math.floorDiv(x, y);
            }
            case "%" -> {
                if (y == 0) throw new TemplateException("ZeroDivisionError: integer division or modulo by zero");
                yield Math.floorMod(x, y);
            }
            case "**" -> y < 0 ? (Object) Math.pow(x, y) : power(x, y);
            default -> throw new IllegalStateException(op);
        };
    }

    private static long power(long base, long exponent) {
        long result = 1;
        long b = base;
        long e = exponent;
        while (e > 0) {
            if ((e & 1) == 1) result = exact(result, b);
            e >>= 1;
            if (e > 0) b = exact(b, b);
        }
        return result;
    }

    private static long exact(long x, long y) {
        return exact(() -> Math.multiplyExact(x, y));
    }

    private static long exact(java.util.function.LongSupplier op) {
        try {
            return op.getAsLong();
        } catch (ArithmeticException e) {
            throw new SandboxException("integer overflow: results beyond 64 bits are not supported");
        }
    }

    static boolean compare(String op, Object a, Object b) {
        return switch (op) {
            case "==" -> Py.eq(a, b);
            case "!=" -> !Py.eq(a, b);
            case "<" -> Py.compare(a, b) < 0;
            case "<=" -> Py.compare(a, b) <= 0;
            case ">" -> Py.compare(a, b) > 0;
            case ">=" -> Py.compare(a, b) >= 0;
            case "in" -> contains(b, a);
            case "not in" -> !contains(b, a);
            default -> throw new IllegalStateException(op);
        };
    }

    static boolean contains(Object container, Object item) {
        if (container instanceof Undefined) return false;
        if (container instanceof String s) {
            if (!(item instanceof String sub)) {
                throw new TemplateException("TypeError: 'in <string>' requires string as left operand, not " + Py.typeName(item));
            }
            return s.contains(sub);
        }
        if (container instanceof Map<?, ?> m) {
            Object key = Access.hashable(item);
            if (m.containsKey(key)) return true;
            for (Object k : m.keySet()) {
                if (Py.eq(k, key)) return true;
            }
            return false;
        }
        List<Object> items = Py.sequence(container);
        if (items == null) {
            throw new TemplateException("TypeError: argument of type '" + Py.typeName(container) + "' is not iterable");
        }
        for (Object o : items) {
            if (Py.eq(o, item)) return true;
        }
        return false;
    }
}
