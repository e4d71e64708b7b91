package org.reasonbridge.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LowPrecisionTest {

    static Stream<Arguments> halfCases() {
        return Stream.of(
                // float value, expected half bits
                Arguments.of(0f, 0x0000), Arguments.of(-0f, 0x8000),
                Arguments.of(1f, 0x3C00), Arguments.of(-2f, 0xC000),
                Arguments.of(65504f, 0x7BFF), // largest half
                Arguments.of(65519.99f, 0x7BFF), // just below the rounding boundary
                Arguments.of(65520f, 0x7C00), // tie between 65504 and "65536": even is infinity
                Arguments.of(1e6f, 0x7C00), Arguments.of(Float.MAX_VALUE, 0x7C00),
                Arguments.of(Float.POSITIVE_INFINITY, 0x7C00), Arguments.of(Float.NEGATIVE_INFINITY, 0xFC00),
                Arguments.of(0x1p-14f, 0x0400), // smallest normal
                Arguments.of(0x1p-24f, 0x0001), // smallest subnormal
                Arguments.of(0x1p-25f, 0x0000), // tie between 0 and 2^-24: even is 0
                Arguments.of(0x1.000002p-25f, 0x0001), // just above the tie
                Arguments.of(0x3p-25f, 0x0002), // tie between 1 and 2 (x 2^-24): even is 2
                Arguments.of(0x1.ff8p-15f, 0x03FF), // largest subnormal
                Arguments.of(0x1.ffcp-15f, 0x0400), // largest subnormal + half ulp: tie, even is the smallest normal
                Arguments.of(1e-10f, 0x0000), Arguments.of(Float.MIN_VALUE, 0x0000),
                Arguments.of(1f + 0x1p-11f, 0x3C00), // tie, even is 1.0
                Arguments.of(1f + 0x3p-11f, 0x3C02), // tie, even is up
                Arguments.of(0.1f, 0x2E66), Arguments.of(-3.14159f, 0xC248));
    }

    @ParameterizedTest(name = "{0} -> half {1}")
    @MethodSource("halfCases")
    void floatToHalfRoundsToNearestEven(float value, int expectedBits) {
        assertEquals(expectedBits, LowPrecision.floatToHalf(value) & 0xFFFF, () -> Float.toHexString(value));
    }

    static Stream<Arguments> bf16Cases() {
        return Stream.of(
                Arguments.of(0f, 0x0000), Arguments.of(-0f, 0x8000), Arguments.of(1f, 0x3F80),
                Arguments.of(Float.intBitsToFloat(0x3F808000), 0x3F80), // tie, even stays
                Arguments.of(Float.intBitsToFloat(0x3F818000), 0x3F82), // tie, even goes up
                Arguments.of(Float.intBitsToFloat(0x3F808001), 0x3F81), // above the tie
                Arguments.of(Float.MAX_VALUE, 0x7F80), // rounds past the largest bf16: infinity
                Arguments.of(Float.NEGATIVE_INFINITY, 0xFF80),
                Arguments.of(Float.MIN_VALUE, 0x0000), // subnormals round like any other value
                Arguments.of(Float.intBitsToFloat(0x00018000), 0x0002),
                Arguments.of(Float.intBitsToFloat(0xFFC00001), 0xFFC0), // NaN keeps its sign, stays NaN
                Arguments.of(Float.intBitsToFloat(0x7F800001), 0x7FC0)); // signalling NaN becomes quiet, not inf
    }

    @ParameterizedTest(name = "{0} -> bf16 {1}")
    @MethodSource("bf16Cases")
    void floatToBf16RoundsToNearestEven(float value, int expectedBits) {
        assertEquals(expectedBits, LowPrecision.floatToBf16(value) & 0xFFFF, () -> Float.toHexString(value));
    }

    @Test
    void everyHalfSurvivesARoundTrip() {
        for (int h = 0; h < 1 << 16; h++) {
            float f = LowPrecision.halfToFloat(h);
            int back = LowPrecision.floatToHalf(f) & 0xFFFF;
            if (Float.isNaN(f)) {
                assertTrue((back & 0x7C00) == 0x7C00 && (back & 0x3FF) != 0 && (back & 0x8000) == (h & 0x8000),
                        "NaN " + Integer.toHexString(h));
            } else {
                assertEquals(h, back, Integer.toHexString(h));
            }
        }
    }

    @Test
    void everyBf16SurvivesARoundTrip() {
        for (int b = 0; b < 1 << 16; b++) {
            float f = LowPrecision.bf16ToFloat(b);
            int back = LowPrecision.floatToBf16(f) & 0xFFFF;
            assertEquals(Float.isNaN(f) ? b | 0x40 : b, back, Integer.toHexString(b));
        }
    }

    @Test
    void halfValuesMatchTheIeeeDefinition() {
        // independent of the bit tricks: (-1)^s * 2^(e-15) * (1 + m/1024), or 2^-14 * m/1024 when e = 0
        for (int h = 0; h < 1 << 16; h++) {
            int e = (h >>> 10) & 0x1F;
            int m = h & 0x3FF;
            double sign = (h & 0x8000) != 0 ? -1 : 1;
            if (e == 0x1F) {
                assertEquals(m == 0, Float.isInfinite(LowPrecision.halfToFloat(h)));
                continue;
            }
            double v = e == 0 ? sign * Math.scalb(m / 1024.0, -14) : sign * Math.scalb(1 + m / 1024.0, e - 15);
            assertEquals((float) v, LowPrecision.halfToFloat(h), Integer.toHexString(h));
        }
    }

    @Test
    void randomFloatsRoundToTheNearestHalf() {
        // the nearest of the two neighbouring halves, ties to the even one, compared in double
        Random rnd = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            float f = Float.intBitsToFloat(rnd.nextInt());
            if (Float.isNaN(f) || Math.abs(f) > 65504f) {
                continue;
            }
            int h = LowPrecision.floatToHalf(f) & 0xFFFF;
            double got = Math.abs(LowPrecision.halfToFloat(h) - (double) f);
            for (int n : new int[] {h - 1, h + 1}) {
                if ((n & 0x7FFF) >= 0x7C00 || (n & 0xFFFF) != n || ((n ^ h) & 0x8000) != 0) {
                    continue; // not a finite neighbour of the same sign
                }
                double other = Math.abs(LowPrecision.halfToFloat(n) - (double) f);
                assertTrue(got < other || (got == other && (h & 1) == 0), () -> Float.toHexString(f) + " -> " + h);
            }
        }
    }
}
