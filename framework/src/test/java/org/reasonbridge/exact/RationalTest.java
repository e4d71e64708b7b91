package org.reasonbridge.exact;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Lowest terms, decimal parsing, and the size bound that makes pathological input fail fast. */
class RationalTest {
    @ParameterizedTest(name = "{0} e{1} = {2}")
    @CsvSource({
            "12,     0,  12",
            "0.25,   0,  1/4",
            ".5,     0,  1/2",
            "1.50,   0,  3/2",
            "1.5,   -3,  3/2000",
            "2.5,    2,  250",
            "007,    0,  7",
    })
    void parsesDecimals(String digits, int exponent, String expected) {
        assertEquals(expected, Rational.parseDecimal(digits, exponent).toString());
    }

    @Test
    void keepsLowestTermsWithAPositiveDenominator() {
        Rational r = new Rational(BigInteger.valueOf(6), BigInteger.valueOf(-8));
        assertEquals("-3/4", r.toString());
        assertEquals(Rational.of(1), Rational.parse("0.5").add(Rational.parse("0.5")));
        assertEquals("1/6", Rational.parse("0.5").subtract(Rational.parse("1").divide(Rational.of(3))).toString());
        assertEquals("-9/8", Rational.parse("1.5").pow(3).divide(Rational.of(-3)).toString());
        assertEquals("2/3", new Rational(BigInteger.valueOf(4), BigInteger.valueOf(9)).sqrt().toString());
        assertEquals("-3", Rational.parse("3.7").negate().truncate().toString());
    }

    @Test
    void refusesWhatHasNoBoundedExactValue() {
        assertThrows(ArithmeticException.class, () -> Rational.of(1).divide(Rational.ZERO));
        assertThrows(ArithmeticException.class, () -> Rational.of(2).sqrt());
        assertThrows(ArithmeticException.class, () -> Rational.of(9).pow(Rational.of(1_000_000)));
        assertThrows(ArithmeticException.class, () -> Rational.of(2).pow(Rational.parse("0.5")));
        assertThrows(ArithmeticException.class, () -> Rational.parseDecimal("1", 5000));
    }
}
