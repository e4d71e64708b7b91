package org.reasonbridge.exact;

import java.math.BigInteger;

/**
 * An exact fraction in lowest terms with a positive denominator, for grading answers and for checking arithmetic
 * claims in traces. Every result is capped at {@link #MAX_BITS} so that a pathological input ({@code 9^9^9^9})
 * fails fast with {@link ArithmeticException} instead of exhausting memory; callers then fall back or give up.
 */
public record Rational(BigInteger num, BigInteger den) implements Comparable<Rational> {
    /** Numerator plus denominator bits; far beyond any answer in a benchmark, far below trouble. */
    public static final int MAX_BITS = 4096;
    public static final Rational ZERO = of(0), ONE = of(1);

    public Rational {
        if (den.signum() == 0) throw new ArithmeticException("division by zero");
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        BigInteger g = num.gcd(den);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            num = num.divide(g);
            den = den.divide(g);
        }
        if (num.bitLength() + den.bitLength() > MAX_BITS) throw new ArithmeticException("number too large");
    }

    public static Rational of(long n) {
        return new Rational(BigInteger.valueOf(n), BigInteger.ONE);
    }

    /** Parses {@code 12}, {@code 0.25}, {@code .5}, {@code 1.5e-3}; exponents beyond ±1000 are not exact. */
    public static Rational parseDecimal(String digits, int exponent) {
        if (Math.abs(exponent) > 1000) throw new ArithmeticException("exponent too large");
        int dot = digits.indexOf('.');
        String whole = dot < 0 ? digits : digits.substring(0, dot) + digits.substring(dot + 1);
        int scale = (dot < 0 ? 0 : digits.length() - dot - 1) - exponent;
        BigInteger n = new BigInteger(whole.isEmpty() ? "0" : whole);
        return scale >= 0 ? new Rational(n, BigInteger.TEN.pow(scale)) : new Rational(n.multiply(BigInteger.TEN.pow(-scale)), BigInteger.ONE);
    }

    public Rational add(Rational o) {
        return new Rational(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
    }

    public Rational subtract(Rational o) {
        return add(o.negate());
    }

    public Rational multiply(Rational o) {
        return new Rational(num.multiply(o.num), den.multiply(o.den));
    }

    public Rational divide(Rational o) {
        return new Rational(num.multiply(o.den), den.multiply(o.num));
    }

    public Rational negate() {
        return new Rational(num.negate(), den);
    }

    public boolean isInteger() {
        return den.equals(BigInteger.ONE);
    }

    /** Integer powers only, and only when the result's size is known in advance to fit. */
    public Rational pow(Rational e) {
        if (!e.isInteger() || e.num.bitLength() > 31) throw new ArithmeticException("non-integer or huge exponent");
        int k = e.num.intValueExact();
        long bits = (long) (num.bitLength() + den.bitLength()) * Math.abs(k);
        if (bits > MAX_BITS) throw new ArithmeticException("power too large");
        Rational r = new Rational(num.pow(Math.abs(k)), den.pow(Math.abs(k)));
        return k >= 0 ? r : ONE.divide(r);
    }

    /** An integer or decimal literal such as {@code 12} or {@code 0.125}. */
    public static Rational parse(String literal) {
        return parseDecimal(literal, 0);
    }

    /** {@code this^k} for an integer k, bounded like every result. */
    public Rational pow(int k) {
        return pow(of(k));
    }

    public Rational abs() {
        return num.signum() < 0 ? negate() : this;
    }

    /** Rounds toward zero. */
    public Rational truncate() {
        return new Rational(num.divide(den), BigInteger.ONE);
    }

    /** The exact square root when numerator and denominator are perfect squares. */
    public Rational sqrt() {
        if (num.signum() < 0) throw new ArithmeticException("negative root");
        BigInteger a = num.sqrt(), b = den.sqrt();
        if (!a.multiply(a).equals(num) || !b.multiply(b).equals(den)) throw new ArithmeticException("irrational root");
        return new Rational(a, b);
    }

    public double toDouble() {
        if (num.bitLength() < 53 && den.bitLength() < 53) return num.doubleValue() / den.doubleValue();
        return new java.math.BigDecimal(num).divide(new java.math.BigDecimal(den), java.math.MathContext.DECIMAL64).doubleValue();
    }

    @Override
    public int compareTo(Rational o) {
        return num.multiply(o.den).compareTo(o.num.multiply(den));
    }

    @Override
    public String toString() {
        return isInteger() ? num.toString() : num + "/" + den;
    }
}
