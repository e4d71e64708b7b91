package org.reasonbridge.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates expression nodes with Python semantics ({@code and}/{@code or} return an operand, chained comparisons). */
final class Evaluator {

    private Evaluator() {
    }

    static Object eval(Interpreter in, Expr e, Scope scope) {
        in.tick();
        if (e instanceof Expr.Const c) return c.value();
        if (e instanceof Expr.Name n) return in.resolve(n.name(), scope);
        if (e instanceof Expr.GetAttr g) return Access.getattr(eval(in, g.target(), scope), g.name());
        if (e instanceof Expr.GetItem g) {
            Object target = eval(in, g.target(), scope);
            if (g.key() instanceof Expr.Slice s) {
                return Access.slice(target, bound(in, s.start(), scope), bound(in, s.stop(), scope), bound(in, s.step(), scope));
            }
            return Access.getitem(target, eval(in, g.key(), scope));
        }
        if (e instanceof Expr.Filter f) return filter(in, f, eval(in, f.target(), scope), scope);
        if (e instanceof Expr.Test t) return test(in, t, scope);
        if (e instanceof Expr.Call c) return call(in, eval(in, c.callee(), scope), c.args(), scope);
        if (e instanceof Expr.And a) {
            Object left = eval(in, a.left(), scope);
            return Py.truthy(left) ? eval(in, a.right(), scope) : left;
        }
        if (e instanceof Expr.Or o) {
            Object left = eval(in, o.left(), scope);
            return Py.truthy(left) ? left : eval(in, o.right(), scope);
        }
        if (e instanceof Expr.Not n) return !Py.truthy(eval(in, n.operand(), scope));
        if (e instanceof Expr.Binary b) return Operators.binary(in, b.op(), eval(in, b.left(), scope), eval(in, b.right(), scope));
        if (e instanceof Expr.Unary u) return Operators.unary(u.op(), eval(in, u.operand(), scope));
        if (e instanceof Expr.Compare c) return compare(in, c, scope);
        if (e instanceof Expr.Conditional c) {
            if (Py.truthy(eval(in, c.test(), scope))) return eval(in, c.then(), scope);
            return c.otherwise() == null ? Undefined.because("the inline if-expression evaluated to false and no else section was defined")
                    : eval(in, c.otherwise(), scope);
        }
        if (e instanceof Expr.ListLit l) {
            in.checkCount(l.items().size());
            TemplateList list = new TemplateList();
            for (Expr item : l.items()) list.add(eval(in, item, scope));
            return list;
        }
        if (e instanceof Expr.TupleLit t) {
            List<Object> items = new ArrayList<>();
            for (Expr item : t.items()) items.add(eval(in, item, scope));
            return new PyTuple(items);
        }
        if (e instanceof Expr.DictLit d) {
            Map<Object, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < d.keys().size(); i++) {
                map.put(Access.hashable(eval(in, d.keys().get(i), scope)), eval(in, d.values().get(i), scope));
            }
            return map;
        }
        throw new TemplateException("cannot evaluate " + e.getClass().getSimpleName() + " here");
    }

    private static Object bound(Interpreter in, Expr e, Scope scope) {
        return e == null ? null : eval(in, e, scope);
    }

    private static Object compare(Interpreter in, Expr.Compare c, Scope scope) {
        Object left = eval(in, c.first(), scope);
        for (int i = 0; i < c.ops().size(); i++) {
            Object right = eval(in, c.rest().get(i), scope);
            if (!Operators.compare(c.ops().get(i), left, right)) return false;
            left = right;
        }
        return true;
    }

    private static List<Object> positional(Interpreter in, Expr.Args args, Scope scope) {
        List<Object> out = new ArrayList<>(args.positional().size());
        for (Expr a : args.positional()) out.add(eval(in, a, scope));
        return out;
    }

    private static Map<String, Object> keyword(Interpreter in, Expr.Args args, Scope scope) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Expr.Kwarg k : args.keyword()) out.put(k.name(), eval(in, k.value(), scope));
        return out;
    }

    static Object call(Interpreter in, Object callee, Expr.Args args, Scope scope) {
        return call(in, callee, positional(in, args, scope), keyword(in, args, scope));
    }

    static Object call(Interpreter in, Object callee, List<Object> args, Map<String, Object> kwargs) {
        if (callee instanceof PyCallable c) return c.call(in, args, kwargs);
        if (callee instanceof Undefined u) throw u.error();
        throw new TemplateException("TypeError: '" + Py.typeName(callee) + "' object is not callable (line " + in.line + ")");
    }

    private static Object filter(Interpreter in, Expr.Filter f, Object value, Scope scope) {
        in.line = Math.max(in.line, f.line());
        CallArgs args = new CallArgs(f.name(), positional(in, f.args(), scope), keyword(in, f.args(), scope));
        return Filters.apply(in, f.name(), value, args);
    }

    /** Applies a filter chain parsed with an empty innermost target (filter blocks, {@code set x | f}). */
    static Object applyFilterChain(Interpreter in, Expr chain, Object value, Scope scope) {
        Expr.Filter f = (Expr.Filter) chain;
        Object inner = f.target() == null ? value : applyFilterChain(in, f.target(), value, scope);
        return filter(in, f, inner, scope);
    }

    private static Object test(Interpreter in, Expr.Test t, Scope scope) {
        Object value = eval(in, t.target(), scope);
        CallArgs args = new CallArgs(t.name(), positional(in, t.args(), scope), keyword(in, t.args(), scope));
        return Tests.apply(in, t.name(), value, args);
    }
}
