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
 * division and not judged. A bare number after "of" or "%" is the tail of a phrase ("35% of 80 = 0.35 × 80"), not the
 * left side of a claim. The Unicode minus and the en dash read as {@code -}.
 *
 * <p>A claim is {@link Claim#complex() complex}, worth a check, when a person would redo it: a product or quotient
 * of two operands with two or more significant digits each, or five or more together ({@code 13 × 17},
 * {@code 3 × 55611}, {@code 2500 × 1.0375}, not {@code 240 / 5} or {@code 50 × 1.2}); a power of a number with two
 * or more significant digits, or with four or more in its value ({@code 45²}, {@code 2^10}, not {@code 3^5}); a sum
 * or difference of two numbers of four or more digits; or a chain of three or more operations with a product or an
 * operand of 100 or more ({@code 17 * 3 + 12 - 5}, not {@code 3 + 5 + 7 + 9}). Intermediate values count as operands.
 */
final class ArithmeticClaims {
    /** A claim found at {@code [start, end)}; {@code complex} as the class comment defines it. */
    record Claim(int start, int end, String text, Rational left, Rational right, boolean holds, boolean complex) {
    }

    private ArithmeticClaims() {
    }

    static List<Claim> find(String raw) {
        // same length, so offsets stay those of the raw text
        String text = TextSpans.normalise(raw.replace("\\times", "×     ").replace("\\cdot", "·    ").replace("\\div", "÷   "));
        List<Claim> out = new ArrayList<>();
        for (int eq = text.indexOf('='); eq >= 0; eq = text.indexOf('=', eq + 1)) {
            claimAt(text, raw, eq).ifPresent(out::add);
        }
        return out;
    }

    private static boolean allowed(char c) {
        return Character.isDigit(c) || c == ' ' || c == '.' || "+-*×·/÷^²³()".indexOf(c) >= 0;
    }

    private static boolean operator(char c) {
        return "+*×·/÷^²³".indexOf(c) >= 0;
    }

    private static Optional<Claim> claimAt(String text, String raw, int eq) {
        if (eq + 1 < text.length() && text.charAt(eq + 1) == '=') return Optional.empty();         // ==
        if (eq > 0 && "<>!=:".indexOf(text.charAt(eq - 1)) >= 0) return Optional.empty();      // <= >= != == :=
        int ls = eq;
        while (ls > 0 && allowed(text.charAt(ls - 1)) && !sentenceStop(text, ls - 1)) ls--;
        while (ls < eq && text.charAt(ls) == ' ') ls++;
        if (ls == eq) return Optional.empty();
        Optional<PercentOf> percent = Optional.empty();
        char first = text.charAt(ls);
        if (operator(first)) return Optional.empty();
        if (ls > 0) {
            char before = text.charAt(ls - 1);
            boolean glued = !Character.isWhitespace(before) && ":=\"'[$".indexOf(before) < 0;
            if (glued) return Optional.empty();
            if (first == '-' && Character.isLetterOrDigit(previousNonSpace(text, ls))) return Optional.empty();
            percent = percentOf(text, ls, text.substring(ls, eq));
            if (percent.isEmpty() && tailOfPhrase(text, ls, eq)) return Optional.empty();
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
        int ops = countOperators(left) + countOperators(right) + (percent.isPresent() ? 1 : 0);
        if (ops == 0) return Optional.empty();
        Parser lp = new Parser(left), rp = new Parser(right);
        Optional<Rational> l = percent.isPresent() ? percent.map(PercentOf::value) : lp.evaluate();
        if (percent.isPresent()) ls = percent.get().start();
        Optional<Rational> r = rp.evaluate();
        if (l.isEmpty() || r.isEmpty()) return Optional.empty();
        if (!l.get().equals(r.get()) && integerDivision(left, l.get(), r.get())) return Optional.empty();
        boolean holds = l.get().equals(r.get()) || roundedTo(l.get(), right);
        boolean chain = ops >= 3 && (lp.products + rp.products > 0 || lp.largeOperand || rp.largeOperand);
        return Optional.of(new Claim(ls, re, raw.substring(ls, re), l.get(), r.get(), holds, lp.hard || rp.hard || chain));
    }

    /** A left side {@code p% of N}: where it starts and its exact value p/100 × N. */
    private record PercentOf(int start, Rational value) {
    }

    /** {@code p% of N} with N a bare number starting at {@code ls}; empty when there is no "p% of" before it. */
    private static Optional<PercentOf> percentOf(String text, int ls, String n) {
        int from = Math.max(0, ls - 24);
        java.util.regex.Matcher m = PERCENT_OF.matcher(text.substring(from, ls));
        if (!m.find() || !n.strip().matches("\\d+(?:\\.\\d+)?")) return Optional.empty();
        Rational value = Rational.parse(m.group(1)).divide(Rational.of(100)).multiply(Rational.parse(n.strip()));
        return Optional.of(new PercentOf(from + m.start(), value));
    }

    private static final java.util.regex.Pattern PERCENT_OF = java.util.regex.Pattern.compile(
            "(?<![\\d.])(\\d+(?:\\.\\d+)?)\\s*%\\s*of\\s*$");

    /** A left side that is one bare number after "of" or "%": the end of a phrase such as "35% of 80". */
    private static boolean tailOfPhrase(String text, int ls, int eq) {
        if (text.substring(ls, eq).strip().chars().anyMatch(c -> "+-*×·/÷^".indexOf(c) >= 0)) return false;
        int b = ls - 1;
        while (b >= 0 && text.charAt(b) == ' ') b--;
        if (b >= 0 && text.charAt(b) == '%') return true;
        return b >= 1 && text.startsWith("of", b - 1) && (b < 2 || !Character.isLetter(text.charAt(b - 2)));
    }

    /** Significant digits of a value: 240 has 2, 1.0375 has 5, 0.15 has 2; a fraction that is no decimal, its longer part. */
    static int significantDigits(Rational v) {
        BigInteger num = v.num().abs(), den = v.den();
        int twos = 0, fives = 0;
        BigInteger d = den;
        while (d.mod(BigInteger.TWO).signum() == 0) { d = d.shiftRight(1); twos++; }
        while (d.mod(BigInteger.valueOf(5)).signum() == 0) { d = d.divide(BigInteger.valueOf(5)); fives++; }
        String digits;
        if (d.equals(BigInteger.ONE)) {   // a terminating decimal: scale to an integer
            int places = Math.max(twos, fives);
            digits = num.multiply(BigInteger.TEN.pow(places)).divide(den).toString();
        } else {
            return Math.max(num.toString().length(), den.toString().length());
        }
        digits = digits.replaceAll("0+$", "");
        return Math.max(1, digits.length());
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

    private static int integerDigits(Rational v) {
        return v.abs().truncate().num().toString().length();
    }

    /** Recursive descent over + - (lowest), * × · / ÷, unary minus, ^ (right-associative), parentheses. */
    private static final class Parser {
        private final String s;
        private int i;
        /** A step a person would redo (see the class comment), products and quotients seen, an operand of 100 or more. */
        boolean hard;
        int products;
        boolean largeOperand;

        private Parser(String s) {
            this.s = s;
        }

        Optional<Rational> evaluate() {
            try {
                Rational v = sum();
                return at() == s.length() ? Optional.of(v) : Optional.empty();
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
                if (integerDigits(v) >= 4 && integerDigits(t) >= 4) hard = true;
                v = op == '+' ? v.add(t) : v.subtract(t);
            }
            return v;
        }

        private Rational product() {
            Rational v = unary();
            while (next("*×·/÷")) {
                char op = s.charAt(i++);
                Rational t = unary();
                int a = significantDigits(v), b = significantDigits(t);
                if (a >= 2 && b >= 2 || a + b >= 5) hard = true;
                products++;
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
            if (next("²³")) {   // a superscript square or cube
                Rational value = base.pow(s.charAt(i++) == '²' ? 2 : 3);
                if (significantDigits(base) >= 2 || significantDigits(value) >= 4) hard = true;
                products++;
                return value;
            }
            if (next("^")) {
                i++;
                Rational exp = unary();
                if (!exp.isInteger() || exp.num().abs().compareTo(BigInteger.valueOf(4096)) > 0) {
                    throw new ArithmeticException("exponent not judged");
                }
                Rational value = base.pow(exp.num().intValueExact());
                if (significantDigits(base) >= 2 || significantDigits(value) >= 4) hard = true;
                products++;
                return value;
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
            Rational v = Rational.parse(s.substring(from, i));
            if (v.abs().compareTo(Rational.of(100)) >= 0) largeOperand = true;
            return v;
        }
    }
}
