package org.reasonbridge.jinja;

import java.util.List;

/** The expression nodes of a parsed template, one record per Jinja2 expression kind. */
sealed interface Expr {

    /** A keyword argument {@code name=value} of a call, filter or test. */
    record Kwarg(String name, Expr value) { }

    /** Arguments of a call, filter or test. */
    record Args(List<Expr> positional, List<Kwarg> keyword) {
        static final Args NONE = new Args(List.of(), List.of());

        public Args {
            positional = List.copyOf(positional);
            keyword = List.copyOf(keyword);
        }
    }

    record Const(Object value) implements Expr { }

    record Name(String name) implements Expr { }

    record ListLit(List<Expr> items) implements Expr { }

    record TupleLit(List<Expr> items) implements Expr { }

    record DictLit(List<Expr> keys, List<Expr> values) implements Expr { }

    record GetAttr(Expr target, String name) implements Expr { }

    record GetItem(Expr target, Expr key) implements Expr { }

    /** {@code [start:stop:step]}; absent parts are {@code null}. */
    record Slice(Expr start, Expr stop, Expr step) implements Expr { }

    record Call(Expr callee, Args args) implements Expr { }

    /** {@code target | name(args)}; {@code target} is {@code null} inside a {@code filter} block chain. */
    record Filter(Expr target, String name, Args args, int line) implements Expr { }

    record Test(Expr target, String name, Args args, int line) implements Expr { }

    /** {@code -x}, {@code +x}. */
    record Unary(String op, Expr operand) implements Expr { }

    /** {@code + - * / // % ** ~}. */
    record Binary(String op, Expr left, Expr right) implements Expr { }

    record And(Expr left, Expr right) implements Expr { }

    record Or(Expr left, Expr right) implements Expr { }

    record Not(Expr operand) implements Expr { }

    /** A chain {@code a < b <= c}: {@code ops.get(i)} compares operand i with {@code rest.get(i)}. */
    record Compare(Expr first, List<String> ops, List<Expr> rest) implements Expr { }

    /** {@code then if test else otherwise}; {@code otherwise} may be {@code null} (undefined). */
    record Conditional(Expr test, Expr then, Expr otherwise) implements Expr { }
}
