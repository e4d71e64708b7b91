package org.reasonbridge.grading;

import org.reasonbridge.exact.Rational;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed scalar answer (LaTeX or plain): numbers, single-letter variables, {@code + - * / ^ !}, implicit
 * multiplication, {@code \frac}, {@code \sqrt}, {@code \pi}, {@code e}, {@code \infty} and the common functions.
 * Evaluated exactly ({@link Rational}) when it has no variables and no irrational part, otherwise in floating point.
 */
sealed interface MathExpr {
    record Num(Rational value) implements MathExpr {}

    record Var(String name) implements MathExpr {}

    /** {@code \pi}, {@code e} or {@code \infty}: never exact. */
    record Const(double value) implements MathExpr {}

    record Neg(MathExpr arg) implements MathExpr {}

    record Bin(char op, MathExpr left, MathExpr right) implements MathExpr {}

    record Fn(String name, MathExpr arg) implements MathExpr {}

    /** Thrown for a value that has no exact rational form; the caller falls back to floating point. */
    final class NotExact extends RuntimeException {
        NotExact() {
            super(null, null, false, false);
        }
    }

    /** The exact value, or {@link NotExact} (variables, irrational parts, numbers past {@link Rational#MAX_BITS}). */
    static Rational exact(MathExpr e, Deadline deadline) {
        deadline.check();
        try {
            if (e instanceof Num n) return n.value();
            if (e instanceof Neg n) return exact(n.arg(), deadline).negate();
            if (e instanceof Bin b) {
                Rational l = exact(b.left(), deadline), r = exact(b.right(), deadline);
                switch (b.op()) {
                    case '+': return l.add(r);
                    case '-': return l.subtract(r);
                    case '*': return l.multiply(r);
                    case '/': return l.divide(r);
                    case '^': return l.pow(r);
                    default: throw new NotExact();
                }
            }
            if (e instanceof Fn f && f.name().equals("sqrt")) return exact(f.arg(), deadline).sqrt();
            if (e instanceof Fn f && f.name().equals("!")) return factorial(exact(f.arg(), deadline));
            throw new NotExact();
        } catch (ArithmeticException tooBigOrIrrational) {
            throw new NotExact();
        }
    }

    private static Rational factorial(Rational n) {
        if (!n.isInteger() || n.num().signum() < 0 || n.num().bitLength() > 10) throw new NotExact();
        Rational r = Rational.ONE;
        for (int i = 2; i <= n.num().intValue(); i++) r = r.multiply(Rational.of(i));
        return r;
    }

    /**
     * The value at the given variable values. An overflow (a finite computation that becomes infinite) is NaN,
     * "undecided", so that {@code 9^9^9^9} is never equal to {@code \infty}.
     */
    static double real(MathExpr e, Map<String, Double> vars, Deadline deadline) {
        deadline.check();
        if (e instanceof Num n) return n.value().toDouble();
        if (e instanceof Var v) return vars.getOrDefault(v.name(), Double.NaN);
        if (e instanceof Const c) return c.value();
        if (e instanceof Neg n) return -real(n.arg(), vars, deadline);
        if (e instanceof Fn f) return function(f.name(), real(f.arg(), vars, deadline));
        Bin b = (Bin) e;
        double l = real(b.left(), vars, deadline), r = real(b.right(), vars, deadline);
        double v;
        switch (b.op()) {
            case '+': v = l + r; break;
            case '-': v = l - r; break;
            case '*': v = l * r; break;
            case '/': v = l / r; break;
            case '^': v = Math.pow(l, r); break;
            default: v = Double.NaN;
        }
        return Double.isInfinite(v) && Double.isFinite(l) && Double.isFinite(r) ? Double.NaN : v;
    }

    private static double function(String name, double x) {
        return switch (name) {
            case "sqrt" -> Math.sqrt(x);
            case "sin" -> Math.sin(x);
            case "cos" -> Math.cos(x);
            case "tan" -> Math.tan(x);
            case "cot" -> 1 / Math.tan(x);
            case "sec" -> 1 / Math.cos(x);
            case "csc" -> 1 / Math.sin(x);
            case "arcsin" -> Math.asin(x);
            case "arccos" -> Math.acos(x);
            case "arctan" -> Math.atan(x);
            case "ln", "log" -> Math.log(x);
            case "exp" -> Math.exp(x);
            case "abs" -> Math.abs(x);
            case "!" -> x >= 0 && x <= 170 && x == Math.rint(x) ? gamma(x) : Double.NaN;
            default -> Double.NaN;
        };
    }

    private static double gamma(double n) {
        double r = 1;
        for (int i = 2; i <= n; i++) r *= i;
        return r;
    }

    static void variables(MathExpr e, Set<String> into) {
        if (e instanceof Var v) into.add(v.name());
        if (e instanceof Neg n) variables(n.arg(), into);
        if (e instanceof Fn f) variables(f.arg(), into);
        if (e instanceof Bin b) {
            variables(b.left(), into);
            variables(b.right(), into);
        }
    }

    /** Functions written as LaTeX commands; each takes one argument. */
    List<String> FUNCTIONS = List.of("sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan",
            "ln", "log", "exp");
}
