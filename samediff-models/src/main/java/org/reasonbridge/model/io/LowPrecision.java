package org.reasonbridge.model.io;

/**
 * Bit-exact conversions between FP32 and the 16-bit storage types BF16 and IEEE half (F16), done in
 * Java because ND4J's BFLOAT16/HALF buffers and casts are wrong on CPU (M2.1: a BF16 buffer cast to FLOAT
 * returns garbage, the BF16 forward is off by 0.14).
 * Narrowing rounds to nearest, ties to even, as torch's {@code .to(torch.bfloat16/float16)} does.
 */
public final class LowPrecision {

    // F16 -> F32 is a pure function of 16 bits: a 256 KiB table is faster than branching per element.
    private static final float[] HALF_TO_FLOAT = new float[1 << 16];

    static {
        for (int h = 0; h < HALF_TO_FLOAT.length; h++) {
            HALF_TO_FLOAT[h] = computeHalfToFloat(h);
        }
    }

    private LowPrecision() {
    }

    /** BF16 bits (low 16 bits of {@code bits}) to FP32, exact. */
    public static float bf16ToFloat(int bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** FP32 to BF16 bits, round to nearest even; overflow gives infinity; NaN stays a quiet NaN, sign kept. */
    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        // adding 0x7FFF plus the lowest kept bit rounds ties to even; a carry out of the mantissa
        // correctly bumps the exponent (and MAX_VALUE-ish values to infinity)
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }

    /** The FP32 value nearest {@code f} that BF16 can hold. */
    public static float roundToBf16(float f) {
        return bf16ToFloat(floatToBf16(f));
    }

    /** IEEE half bits (low 16 bits of {@code bits}) to FP32, exact, including subnormals, inf and NaN. */
    public static float halfToFloat(int bits) {
        return HALF_TO_FLOAT[bits & 0xFFFF];
    }

    /** The FP32 value nearest {@code f} that IEEE half can hold (infinity beyond 65504). */
    public static float roundToHalf(float f) {
        return halfToFloat(floatToHalf(f));
    }

    /**
     * FP32 to IEEE half bits, round to nearest even: values past 65520 become infinity, values at or
     * below 2^-25 become (signed) zero, NaN stays a quiet NaN with its sign and top payload bits.
     */
    public static short floatToHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xFF;
        int mant = bits & 0x7FFFFF;
        if (exp == 0xFF) {
            return (short) (mant == 0 ? sign | 0x7C00 : sign | 0x7E00 | (mant >>> 13));
        }
        int e = exp - 127 + 15; // half's biased exponent
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            // subnormal half: value = m * 2^-24; shift the 24-bit significand right by (14 - e)
            if (e < -10) {
                return (short) sign; // below 2^-25: rounds to zero
            }
            int significand = mant | 0x800000;
            int shift = 14 - e;
            return (short) (sign | roundShift(significand, shift)); // a carry gives the smallest normal
        }
        // a carry out of the mantissa bumps the exponent, and 0x7BFF + 1 is infinity: both correct
        return (short) (sign | roundShift((e << 23) | mant, 13));
    }

    /** {@code value >>> shift}, rounded to nearest, ties to even. */
    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rest > half || (rest == half && (kept & 1) != 0)) {
            kept++;
        }
        return kept;
    }

    private static float computeHalfToFloat(int h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0) {
            float v = mant * 0x1p-24f; // exact: mant < 2^10
            return sign != 0 ? -v : v;
        }
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }
}
