package org.reasonbridge.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The expression half of the parser, following Jinja2's {@code parser.py} grammar and precedence: conditional,
 * {@code or}, {@code and}, {@code not}, comparisons, {@code + -}, {@code ~}, {@code * / // %}, {@code **}
 * (left-associative, as in Jinja2), unary, then postfix, filters and tests.
 */
class ExpressionParser {

    private static final Set<String> COMPARE_OPS = Set.of("==", "!=", "<", "<=", ">", ">=");

    private final List<Token> tokens;
    private final int maxNesting;
    private int pos;
    private int depth;

    ExpressionParser(List<Token> tokens, int maxNesting) {
        this.tokens = tokens;
        this.maxNesting = maxNesting;
    }

    // ---- token cursor

    final Token current() {
        return tokens.get(pos);
    }

    final Token look() {
        return tokens.get(Math.min(pos + 1, tokens.size() - 1));
    }

    final Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Token.Kind.EOF) pos++;
        return t;
    }

    final boolean skipName(String name) {
        if (current().isName(name)) {
            next();
            return true;
        }
        return false;
    }

    final boolean skipOperator(String op) {
        if (current().isOperator(op)) {
            next();
            return true;
        }
        return false;
    }

    final Token expect(Token.Kind kind, String value) {
        Token t = current();
        if (t.kind() != kind || (value != null && !t.value().equals(value))) {
            String wanted = value != null ? "'" + value + "'" : kind.name().toLowerCase().replace('_', ' ');
            throw fail("expected " + wanted + ", got " + t.describe());
        }
        return next();
    }

    final Token expectOperator(String op) {
        return expect(Token.Kind.OPERATOR, op);
    }

    final TemplateSyntaxException fail(String message) {
        return new TemplateSyntaxException(message, current().line());
    }

    private void enter() {
        if (++depth > maxNesting) throw fail("expression nested too deeply");
    }

    // ---- tuples and expressions

    /** A comma-separated expression; one element without a comma is the element itself. */
    final Expr parseTuple(boolean withConditional, Set<String> extraEnd, boolean explicitParens) {
        List<Expr> items = new ArrayList<>();
        boolean isTuple = false;
        while (true) {
            if (!items.isEmpty()) expectOperator(",");
            if (isTupleEnd(extraEnd)) break;
            items.add(withConditional ? parseExpression() : parseOr());
            if (current().isOperator(",")) isTuple = true;
            else break;
        }
        if (!isTuple) {
            if (!items.isEmpty()) return items.get(0);
            if (!explicitParens) throw fail("expected an expression, got " + current().describe());
        }
        return new Expr.TupleLit(items);
    }

    private boolean isTupleEnd(Set<String> extraEnd) {
        Token t = current();
        return t.kind() == Token.Kind.VARIABLE_END || t.kind() == Token.Kind.BLOCK_END || t.isOperator(")")
                || (t.kind() == Token.Kind.NAME && extraEnd.contains(t.value()));
    }

    final Expr parseExpression() {
        enter();
        Expr e = parseOr();
        while (skipName("if")) {
            Expr test = parseOr();
            Expr otherwise = skipName("else") ? parseExpression() : null;
            e = new Expr.Conditional(test, e, otherwise);
        }
        depth--;
        return e;
    }

    final Expr parseOr() {
        Expr e = parseAnd();
        while (skipName("or")) e = new Expr.Or(e, parseAnd());
        return e;
    }

    private Expr parseAnd() {
        Expr e = parseNot();
        while (skipName("and")) e = new Expr.And(e, parseNot());
        return e;
    }

    private Expr parseNot() {
        if (skipName("not")) {
            enter();
            Expr e = new Expr.Not(parseNot());
            depth--;
            return e;
        }
        return parseCompare();
    }

    private Expr parseCompare() {
        Expr first = parseMath1();
        List<String> ops = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        while (true) {
            Token t = current();
            if (t.kind() == Token.Kind.OPERATOR && COMPARE_OPS.contains(t.value())) {
                next();
                ops.add(t.value());
            } else if (skipName("in")) {
                ops.add("in");
            } else if (t.isName("not") && look().isName("in")) {
                next();
                next();
                ops.add("not in");
            } else {
                break;
            }
            rest.add(parseMath1());
        }
        return ops.isEmpty() ? first : new Expr.Compare(first, ops, rest);
    }

    private Expr parseMath1() {
        Expr e = parseConcat();
        while (current().isOperator("+") || current().isOperator("-")) {
            String op = next().value();
            e = new Expr.Binary(op, e, parseConcat());
        }
        return e;
    }

    private Expr parseConcat() {
        Expr e = parseMath2();
        while (skipOperator("~")) e = new Expr.Binary("~", e, parseMath2());
        return e;
    }

    private Expr parseMath2() {
        Expr e = parsePow();
        while (current().kind() == Token.Kind.OPERATOR && Set.of("*", "/", "//", "%").contains(current().value())) {
            String op = next().value();
            e = new Expr.Binary(op, e, parsePow());
        }
        return e;
    }

    private Expr parsePow() {
        Expr e = parseUnary(true);
        while (skipOperator("**")) e = new Expr.Binary("**", e, parseUnary(true));
        return e;
    }

    private Expr parseUnary(boolean withFilter) {
        enter();
        Expr e;
        if (current().isOperator("-") || current().isOperator("+")) {
            String op = next().value();
            e = new Expr.Unary(op, parseUnary(false));
        } else {
            e = parsePrimary();
        }
        e = parsePostfix(e);
        if (withFilter) e = parseFilterExpr(e);
        depth--;
        return e;
    }

    final Expr parsePrimary() {
        Token t = current();
        switch (t.kind()) {
            case NAME -> {
                next();
                return switch (t.value()) {
                    case "true", "True" -> new Expr.Const(Boolean.TRUE);
                    case "false", "False" -> new Expr.Const(Boolean.FALSE);
                    case "none", "None" -> new Expr.Const(null);
                    default -> new Expr.Name(t.value());
                };
            }
            case STRING -> {
                StringBuilder sb = new StringBuilder(next().value());
                while (current().kind() == Token.Kind.STRING) sb.append(next().value());
                return new Expr.Const(sb.toString());
            }
            case INTEGER -> {
                next();
                return new Expr.Const(parseInteger(t.value()));
            }
            case FLOAT -> {
                next();
                return new Expr.Const(Double.parseDouble(t.value()));
            }
            case OPERATOR -> {
                if (skipOperator("(")) {
                    Expr e = parseTuple(true, Set.of(), true);
                    expectOperator(")");
                    return e;
                }
                if (t.isOperator("[")) return parseList();
                if (t.isOperator("{")) return parseDict();
            }
            default -> { }
        }
        throw fail("unexpected " + t.describe());
    }

    private Long parseInteger(String text) {
        try {
            String lower = text.toLowerCase();
            if (lower.startsWith("0x")) return Long.parseLong(text.substring(2), 16);
            if (lower.startsWith("0o")) return Long.parseLong(text.substring(2), 8);
            if (lower.startsWith("0b")) return Long.parseLong(text.substring(2), 2);
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw fail("integer literal out of range: " + text);
        }
    }

    private Expr parseList() {
        expectOperator("[");
        List<Expr> items = new ArrayList<>();
        while (!current().isOperator("]")) {
            if (!items.isEmpty()) expectOperator(",");
            if (current().isOperator("]")) break;
            items.add(parseExpression());
        }
        expectOperator("]");
        return new Expr.ListLit(items);
    }

    private Expr parseDict() {
        expectOperator("{");
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!current().isOperator("}")) {
            if (!keys.isEmpty()) expectOperator(",");
            if (current().isOperator("}")) break;
            keys.add(parseExpression());
            expectOperator(":");
            values.add(parseExpression());
        }
        expectOperator("}");
        return new Expr.DictLit(keys, values);
    }

    private Expr parsePostfix(Expr e) {
        while (true) {
            if (skipOperator(".")) {
                Token t = next();
                if (t.kind() == Token.Kind.NAME) e = new Expr.GetAttr(e, t.value());
                else if (t.kind() == Token.Kind.INTEGER) e = new Expr.GetItem(e, new Expr.Const(parseInteger(t.value())));
                else throw new TemplateSyntaxException("expected name or number after '.'", t.line());
            } else if (skipOperator("[")) {
                List<Expr> keys = new ArrayList<>();
                while (!current().isOperator("]")) {
                    if (!keys.isEmpty()) expectOperator(",");
                    keys.add(parseSubscribed());
                }
                expectOperator("]");
                if (keys.isEmpty()) throw fail("expected subscript expression");
                e = new Expr.GetItem(e, keys.size() == 1 ? keys.get(0) : new Expr.TupleLit(keys));
            } else if (current().isOperator("(")) {
                e = new Expr.Call(e, parseCallArgs());
            } else {
                return e;
            }
        }
    }

    private Expr parseSubscribed() {
        Expr start = null;
        if (!current().isOperator(":")) {
            start = parseExpression();
            if (!current().isOperator(":")) return start;
        }
        next();
        Expr stop = sliceEnd() ? null : parseExpression();
        Expr step = null;
        if (skipOperator(":") && !sliceEnd()) step = parseExpression();
        return new Expr.Slice(start, stop, step);
    }

    private boolean sliceEnd() {
        return current().isOperator("]") || current().isOperator(",") || current().isOperator(":");
    }

    final Expr.Args parseCallArgs() {
        expectOperator("(");
        List<Expr> positional = new ArrayList<>();
        List<Expr.Kwarg> keyword = new ArrayList<>();
        while (!current().isOperator(")")) {
            if (!positional.isEmpty() || !keyword.isEmpty()) {
                expectOperator(",");
                if (current().isOperator(")")) break;
            }
            if (current().isOperator("*") || current().isOperator("**")) throw fail("*args and **kwargs are not supported");
            if (current().kind() == Token.Kind.NAME && look().isOperator("=")) {
                String name = next().value();
                next();
                keyword.add(new Expr.Kwarg(name, parseExpression()));
            } else {
                if (!keyword.isEmpty()) throw fail("positional argument follows keyword argument");
                positional.add(parseExpression());
            }
        }
        expectOperator(")");
        return new Expr.Args(positional, keyword);
    }

    private Expr parseFilterExpr(Expr e) {
        while (true) {
            if (current().isOperator("|")) {
                e = parseFilter(e, false);
            } else if (current().isName("is")) {
                e = parseTest(e);
            } else if (current().isOperator("(")) {
                e = new Expr.Call(e, parseCallArgs());
            } else {
                return e;
            }
        }
    }

    /** One or more {@code | name(args)}; {@code startInline} when the first {@code |} is implied (filter blocks). */
    final Expr parseFilter(Expr e, boolean startInline) {
        while (current().isOperator("|") || startInline) {
            if (!startInline) next();
            startInline = false;
            Token nameToken = expect(Token.Kind.NAME, null);
            String name = nameToken.value();
            while (skipOperator(".")) name += "." + expect(Token.Kind.NAME, null).value();
            // Jinja2 rejects unknown filters when compiling, even in branches that never run
            if (!Filters.NAMES.contains(name)) throw new TemplateSyntaxException("No filter named '" + name + "'.", nameToken.line());
            Expr.Args args = current().isOperator("(") ? parseCallArgs() : Expr.Args.NONE;
            e = new Expr.Filter(e, name, args, nameToken.line());
        }
        return e;
    }

    private Expr parseTest(Expr e) {
        int line = next().line();
        boolean negated = skipName("not");
        String name = expect(Token.Kind.NAME, null).value();
        while (skipOperator(".")) name += "." + expect(Token.Kind.NAME, null).value();
        if (!Tests.NAMES.contains(name)) throw new TemplateSyntaxException("No test named '" + name + "'.", line);
        Expr.Args args = Expr.Args.NONE;
        Token t = current();
        if (t.isOperator("(")) {
            args = parseCallArgs();
        } else if ((t.kind() == Token.Kind.NAME || t.kind() == Token.Kind.STRING || t.kind() == Token.Kind.INTEGER
                || t.kind() == Token.Kind.FLOAT || t.isOperator("[") || t.isOperator("{"))
                && !t.isName("else") && !t.isName("or") && !t.isName("and")) {
            if (t.isName("is")) throw fail("You cannot chain multiple tests with is");
            args = new Expr.Args(List.of(parsePostfix(parsePrimary())), List.of());
        }
        Expr test = new Expr.Test(e, name, args, line);
        return negated ? new Expr.Not(test) : test;
    }
}
