package org.reasonbridge.inference;

import org.reasonbridge.exact.Rational;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds numeric claims {@code expr = expr} in text and evaluates both sides exactly (rationals over BigInteger).
 * Only unambiguous claims are kept: both sides purely numeric (digits, {@code . + - * × · / ÷ ^ ( )}), at least one
 * operator, not glued to a variable ({@code x+3 = 8}, {@code f(2) = 7}, {@code n -1 = 4}), no thousands separators,
 * factorials or percent signs next to them, and LaTeX {@code \times \cdot \div} read as operators. A decimal right
 * side may be rounded or truncated; an integer right side equal to the truncated quotient is read as integer
 * division and not judged.
 */
final class ArithmeticClaims {
    /** A claim found at {@code [start, end)}; {@code operators} counts binary operators, {@code largest} the widest operand. */
    record Claim(int start, int end, String text, Rational left, Rational right, boolean holds, int operators,
                 int largestOperandDigits, boolean hasPowerOrDivision) {
        /** Worth checking: several steps, a large operand, a power or a division. */
        boolean complex() {
            return operators >= 2 || largestOperandDigits >= 3 || hasPowerOrDivision;
        }
    }

    private ArithmeticClaims() {
    }

    static List<Claim> find(String raw) {
        // same length, so offsets stay those of the raw text
        String text = raw.replace("\\times", "×     ").replace("\\cdot", "·    ").replace("\\div", "÷   ");
        List<Claim> out = new ArrayList<>();
        for (int eq = text.indexOf('='); eq >= 0; eq = text.indexOf('=', eq + 1)) {
            claimAt(text, raw, eq).ifPresent(out::add);
        }
        return out;
    }

    private static boolean allowed(char c) {
        return Character.isDigit(c) || c == ' ' || c == '.' || "+-*×·/÷^()".indexOf(c) >= 0;
    }

    private static boolean operator(char c) {
        return "+*×·/÷^".indexOf(c) >= 0;
    }

    private static Optional<Claim> claimAt(String text, String raw, int eq) {
        if (eq + 1 < text.length() && text.charAt(eq + 1) == '=') return Optional.empty();         // ==
        if (eq > 0 && "<>!=:".indexOf(text.charAt(eq - 1)) >= 0) return Optional.empty();      // <= >= != == :=
        int ls = eq;
        while (ls > 0 && allowed(text.charAt(ls - 1)) && !sentenceStop(text, ls - 1)) ls--;
        while (ls < eq && text.charAt(ls) == ' ') ls++;
        if (ls == eq) return Optional.empty();
        char first = text.charAt(ls);
        if (operator(first)) return Optional.empty();
        if (ls > 0) {
            char before = text.charAt(ls - 1);
            boolean glued = !Character.isWhitespace(before) && ":=\"'[$".indexOf(before) < 0;
            if (glued) return Optional.empty();
            if (first == '-' && Character.isLetterOrDigit(previousNonSpace(text, ls))) return Optional.empty();
        }
        int rs = eq + 1;
        while (rs < text.length() && text.charAt(rs) == ' ') rs++;
        int re = rs;
        while (re < text.length() && allowed(text.charAt(re)) && !sentenceStop(text, re)) re++;
        if (re < text.length() && badFollower(text, re)) return Optional.empty();
        while (re > rs && (text.charAt(re - 1) == ' ' || text.charAt(re - 1) == '.')) re--;  // sentence punctuation
        if (re == rs) return Optional.empty();
        String left = text.substring(ls, eq).strip();
        String right = text.substring(rs, re).strip();
        int ops = countOperators(left) + countOperators(right);
        if (ops == 0) return Optional.empty();
        Optional<Rational> l = Parser.evaluate(left);
        Optional<Rational> r = Parser.evaluate(right);
        if (l.isEmpty() || r.isEmpty()) return Optional.empty();
        if (!l.get().equals(r.get()) && integerDivision(left, l.get(), r.get())) return Optional.empty();
        boolean holds = l.get().equals(r.get()) || roundedTo(l.get(), right);
        int digits = 0;
        for (String operand : (left + " " + right).split("[^0-9.]+")) digits = Math.max(digits, operand.replace(".", "").length());
        boolean powDiv = (left + right).matches(".*[/÷^].*") || (left + right).contains(".");
        return Optional.of(new Claim(ls, re, raw.substring(ls, re), l.get(), r.get(), holds, ops, digits, powDiv));
    }

    /** A full stop not followed by a digit ends a sentence, not a number. */
    private static boolean sentenceStop(String text, int i) {
        return text.charAt(i) == '.' && (i + 1 >= text.length() || !Character.isDigit(text.charAt(i + 1)));
    }

    private static char previousNonSpace(String text, int i) {
        for (int j = i - 1; j >= 0; j--) if (text.charAt(j) != ' ') return text.charAt(j);
        return ' ';
    }

    /** The right side ends at {@code text[i]}: a letter, digit group, factorial, percent or unit glued to it is ambiguous. */
    private static boolean badFollower(String text, int i) {
        char c = text.charAt(i);
        if (i > 0 && Character.isWhitespace(text.charAt(i - 1))) return false;
        if (c == ',' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))) return true;   // 1,024
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '?' || c == '"' || c == '\'' || c == '$' || c == '\\'
                || Character.isWhitespace(c)) return false;
        return true;                                                                                    // 84x, 5%, 3!
    }

    private static int countOperators(String side) {
        int n = 0;
        for (int i = 0; i < side.length(); i++) {
            char c = side.charAt(i);
            if (operator(c)) n++;
            // a minus after an operand (not after '(' or another operator) is binary
            if (c == '-' && i > 0) {
                char p = previousNonSpace(side, i);
                if (Character.isDigit(p) || p == ')' || p == '.') n++;
            }
        }
        return n;
    }

    /** {@code right} is a decimal with d places and |exact - right| < 10^-d: a rounded or truncated value. */
    private static boolean roundedTo(Rational exact, String right) {
        if (!right.matches("-?\\d+\\.\\d+")) return false;
        int places = right.length() - right.indexOf('.') - 1;
        Rational ulp = new Rational(BigInteger.ONE, BigInteger.TEN.pow(places));
        return exact.subtract(Rational.parse(right)).abs().compareTo(ulp) < 0;
    }

    /** {@code 7 / 2 = 3}: a programmer's integer division, not judged. */
    private static boolean integerDivision(String left, Rational l, Rational r) {
        return (left.contains("/") || left.contains("÷")) && !l.isInteger() && r.isInteger() && l.truncate().equals(r);
    }

    /** Recursive descent over + - (lowest), * × · / ÷, unary minus, ^ (right-associative), parentheses. */
    private static final class Parser {
        private final String s;
        private int i;

        private Parser(String s) {
            this.s = s;
        }

        static Optional<Rational> evaluate(String expr) {
            try {
                Parser p = new Parser(expr);
                Rational v = p.sum();
                return p.at() == p.s.length() ? Optional.of(v) : Optional.empty();
            } catch (ArithmeticException | NumberFormatException | IndexOutOfBoundsException e) {
                return Optional.empty();   // division by zero, a huge power, a malformed number: not judged
            }
        }

        /** Skips spaces between tokens (never inside a number) and returns the position. */
        private int at() {
            while (i < s.length() && s.charAt(i) == ' ') i++;
            return i;
        }

        private boolean next(String chars) {
            return at() < s.length() && chars.indexOf(s.charAt(i)) >= 0;
        }

        private Rational sum() {
            Rational v = product();
            while (next("+-")) {
                char op = s.charAt(i++);
                Rational t = product();
                v = op == '+' ? v.add(t) : v.subtract(t);
            }
            return v;
        }

        private Rational product() {
            Rational v = unary();
            while (next("*×·/÷")) {
                char op = s.charAt(i++);
                Rational t = unary();
                v = op == '/' || op == '÷' ? v.divide(t) : v.multiply(t);
            }
            return v;
        }

        private Rational unary() {
            if (next("-")) {
                i++;
                return unary().negate();
            }
            return power();
        }

        private Rational power() {
            Rational base = primary();
            if (next("^")) {
                i++;
                Rational exp = unary();
                if (!exp.isInteger() || exp.num().abs().compareTo(BigInteger.valueOf(4096)) > 0) {
                    throw new ArithmeticException("exponent not judged");
                }
                return base.pow(exp.num().intValueExact());
            }
            return base;
        }

        private Rational primary() {
            if (next("(")) {
                i++;
                Rational v = sum();
                if (!next(")")) throw new NumberFormatException("missing )");
                i++;
                return v;
            }
            int from = at();
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
            if (from == i) throw new NumberFormatException("number expected");
            return Rational.parse(s.substring(from, i));
        }
    }
}
