package org.reasonbridge.grading;

import org.reasonbridge.exact.Rational;
import org.reasonbridge.grading.MathExpr.Bin;
import org.reasonbridge.grading.MathExpr.Const;
import org.reasonbridge.grading.MathExpr.Fn;
import org.reasonbridge.grading.MathExpr.Neg;
import org.reasonbridge.grading.MathExpr.Num;
import org.reasonbridge.grading.MathExpr.Var;

/**
 * Recursive descent over one normalised scalar answer. LaTeX's one-token arguments are honoured
 * ({@code \frac34}, {@code \sqrt3}, {@code x^23} = x²·3). Nesting deeper than {@link #MAX_DEPTH} is refused
 * rather than risking the stack.
 */
final class ExprParser {
    /** Real answers nest a handful of levels; 10,000 nested fractions must fail fast, not overflow the stack. */
    static final int MAX_DEPTH = 100;

    /** Thrown for text that is not a formula we understand; the caller compares it as text. */
    static final class Unparsable extends RuntimeException {
        Unparsable(String why) {
            super(why, null, false, false);
        }
    }

    private final String s;
    private final Deadline deadline;
    private int pos;
    private int depth;

    private ExprParser(String s, Deadline deadline) {
        this.s = s;
        this.deadline = deadline;
    }

    static MathExpr parse(String text, Deadline deadline) {
        ExprParser p = new ExprParser(text, deadline);
        MathExpr e = p.expr();
        p.ws();
        if (p.pos != p.s.length()) throw new Unparsable("unexpected '" + p.s.charAt(p.pos) + "' at " + p.pos);
        return e;
    }

    private MathExpr expr() {
        enter();
        MathExpr e = term();
        for (char c = peek(); c == '+' || c == '-'; c = peek()) {
            pos++;
            e = new Bin(c, e, term());
        }
        depth--;
        return e;
    }

    private MathExpr term() {
        MathExpr e = unary();
        while (true) {
            char c = peek();
            if (c == '*' || c == '/') {
                pos++;
                e = new Bin(c, e, unary());
            } else if (command("cdot") || command("times")) {
                e = new Bin('*', e, unary());
            } else if (command("div")) {
                e = new Bin('/', e, unary());
            } else if (startsPrimary()) {
                e = new Bin('*', e, power()); // implicit multiplication: 2x, 3\sqrt2, (x-2)(x+2)
            } else {
                return e;
            }
        }
    }

    private MathExpr unary() {
        char c = peek();
        if (c == '-' || c == '+') {
            pos++;
            enter();
            MathExpr arg = unary();
            depth--;
            return c == '-' ? new Neg(arg) : arg;
        }
        return power();
    }

    private MathExpr power() {
        MathExpr base = postfix(primary());
        if (peek() != '^') return base;
        pos++;
        enter();
        // unlike \frac12, a bare multi-digit exponent is read whole: models write 2^10 meaning 2^{10}
        MathExpr exponent = peek() == '-' ? unary() : Character.isDigit(peek()) ? number() : argument();
        depth--;
        if (peek() == '^') throw new Unparsable("double superscript");
        return new Bin('^', base, exponent);
    }

    private MathExpr postfix(MathExpr e) {
        while (peek() == '!') {
            pos++;
            e = new Fn("!", e);
        }
        return e;
    }

    /** A LaTeX argument: a braced group, or one character (digit or letter), or one command. */
    private MathExpr argument() {
        ws();
        if (pos < s.length() && Character.isDigit(s.charAt(pos))) return new Num(Rational.of(s.charAt(pos++) - '0'));
        if (peek() == '{') return group('{', '}');
        return power();
    }

    private MathExpr primary() {
        deadline.check();
        char c = peek();
        if (c == '(') return group('(', ')');
        if (c == '[') return group('[', ']');
        if (c == '{') return group('{', '}');
        if (Character.isDigit(c) || c == '.') return number();
        if (c == '|') {
            pos++;
            MathExpr inner = expr();
            expect('|');
            return new Fn("abs", inner);
        }
        if (Character.isLetter(c)) {
            pos++;
            if (c == 'e' && !subscript()) return new Const(Math.E);
            return new Var(c + (subscript() ? subscriptName() : ""));
        }
        if (c == '\\') {
            int start = pos++;
            while (pos < s.length() && Character.isLetter(s.charAt(pos))) pos++;
            String name = s.substring(start + 1, pos);
            switch (name) {
                case "frac": {
                    enter();
                    MathExpr num = argument(), den = argument();
                    depth--;
                    return new Bin('/', num, den);
                }
                case "sqrt": {
                    MathExpr index = null;
                    if (peek() == '[') index = group('[', ']');
                    enter();
                    MathExpr arg = argument();
                    depth--;
                    return index == null ? new Fn("sqrt", arg) : new Bin('^', arg, new Bin('/', new Num(Rational.ONE), index));
                }
                case "pi": return new Const(Math.PI);
                case "infty": return new Const(Double.POSITIVE_INFINITY);
                default:
                    if (MathExpr.FUNCTIONS.contains(name)) return function(name);
                    if (name.length() > 1 && name.chars().allMatch(Character::isLowerCase)) return new Var("\\" + name); // \theta
                    throw new Unparsable("unknown command \\" + name);
            }
        }
        throw new Unparsable(pos < s.length() ? "unexpected '" + c + "' at " + pos : "unexpected end");
    }

    /** {@code \sin x}, {@code \sin(x)}, {@code \sin^2 x}, {@code \log_2 8}. */
    private MathExpr function(String name) {
        MathExpr base = null, exponent = null;
        if (name.equals("log") && peek() == '_') {
            pos++;
            base = argument();
        }
        if (peek() == '^') {
            pos++;
            exponent = argument();
        }
        enter();
        MathExpr value = new Fn(name, argument());
        depth--;
        if (base != null) value = new Bin('/', value, new Fn("ln", base));
        return exponent == null ? value : new Bin('^', value, exponent);
    }

    private MathExpr group(char open, char close) {
        expect(open);
        MathExpr inner = expr();
        expect(close);
        return inner;
    }

    private MathExpr number() {
        int start = pos;
        while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) pos++;
        String digits = s.substring(start, pos);
        if (digits.equals(".") || digits.indexOf('.') != digits.lastIndexOf('.')) throw new Unparsable("bad number " + digits);
        int exponent = 0;
        // 1e3, 2.5E-4: scientific notation only when digits follow, so "2e" stays 2·e
        if (pos + 1 < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            int at = pos + 1;
            if (s.charAt(at) == '-' || s.charAt(at) == '+') at++;
            int digitsStart = at;
            while (at < s.length() && Character.isDigit(s.charAt(at))) at++;
            if (at > digitsStart && at - digitsStart < 6) {
                exponent = Integer.parseInt(s.substring(pos + 1, at).replace("+", ""));
                pos = at;
            }
        }
        try {
            return new Num(Rational.parseDecimal(digits, exponent));
        } catch (ArithmeticException | NumberFormatException tooLong) {
            throw new Unparsable("number too large");
        }
    }

    private boolean subscript() {
        return pos < s.length() && s.charAt(pos) == '_';
    }

    private String subscriptName() {
        pos++;
        int start = pos;
        if (peek() == '{') {
            int close = s.indexOf('}', pos);
            if (close < 0) throw new Unparsable("open subscript");
            pos = close + 1;
        } else {
            pos++;
        }
        return "_" + s.substring(start, Math.min(pos, s.length())).replace("{", "").replace("}", "");
    }

    private boolean startsPrimary() {
        char c = peek();
        if (c == '\\') return !s.startsWith("\\cdot", pos) && !s.startsWith("\\times", pos) && !s.startsWith("\\div", pos);
        return Character.isLetterOrDigit(c) || c == '(' || c == '{' || c == '.';
    }

    private boolean command(String name) {
        ws();
        if (!s.startsWith("\\" + name, pos)) return false;
        int end = pos + 1 + name.length();
        if (end < s.length() && Character.isLetter(s.charAt(end))) return false;
        pos = end;
        return true;
    }

    private void expect(char c) {
        if (peek() != c) throw new Unparsable("expected '" + c + "' at " + pos);
        pos++;
    }

    private char peek() {
        ws();
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void ws() {
        while (pos < s.length() && s.charAt(pos) == ' ') pos++;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) throw new Unparsable("nested deeper than " + MAX_DEPTH);
    }
}
