package org.reasonbridge.model.transformer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reasonbridge.model.exec.DirectMatmul;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * {@link DirectAttention} (FP32, direct BLAS) against {@link FusedAttention#composedForward} and
 * {@link FusedAttention#composedBackward} (ND4J ops) on the same FP32 inputs: context, log-sum-exp and the three
 * gradients within FP32 rounding, for chunked rows, GQA groups, padding, keys and values that are views into a longer
 * cache buffer (as in decode) and an upstream gradient that is a view at an offset.
 */
class DirectAttentionTest {
    /** batch, kv heads, group size, new tokens, cached tokens, head dim, chunk rows, spare cache slots, window. */
    record Case(String name, int b, int hkv, int g, int t, int past, int d, int chunk, int spare, int window) {
        Case(String name, int b, int hkv, int g, int t, int past, int d, int chunk, int spare) {
            this(name, b, hkv, g, t, past, d, chunk, spare, 0);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("one chunk", 1, 1, 1, 5, 0, 8, 256, 0),
                new Case("rows not a multiple of the chunk", 1, 2, 1, 7, 0, 8, 3, 0),
                new Case("chunk of one row", 1, 1, 2, 4, 0, 8, 1, 0),
                new Case("GQA groups of 4, small's head size", 1, 2, 4, 32, 0, 64, 256, 0),
                new Case("batch of 2, second row left-padded", 2, 2, 2, 6, 0, 8, 5, 0),
                new Case("decode: one token on a cache with spare slots", 2, 2, 4, 1, 9, 16, 256, 7),
                new Case("prefill on a cache view, chunked", 1, 2, 2, 9, 3, 16, 4, 5),
                // blocks of 4,096 values and more take ND4J's exp: whole chunks, and a last chunk shorter than the block
                new Case("long prefill: native exp, partial last chunk", 1, 1, 4, 175, 0, 16, 256, 0),
                // rows whose unblocked keys start after column 0 (a window) as well as end before S (causality)
                new Case("sliding window of 5, padded batch", 2, 1, 2, 12, 3, 8, 7, 0, 5),
                // beyond TRIM_ABOVE_KEYS: each chunk's GEMMs over the keys its rows read
                new Case("1,100 causal tokens, GEMMs over the keys read", 1, 1, 1, 1100, 0, 16, 256, 0),
                new Case("1,030 tokens, window of 300, padded batch", 2, 1, 2, 1000, 30, 16, 256, 0, 300));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void contextAndLogSumExpAsTheComposition(Case c) {
        assumeTrue(DirectMatmul.enabled(), "direct BLAS needs the CPU backend with OpenBLAS");
        Nd4j.getRandom().setSeed(11);
        int rows = c.g() * c.t(), s = c.past() + c.t();
        INDArray q = Nd4j.randn(DataType.FLOAT, c.b(), c.hkv(), rows, c.d());
        // keys and values as the first S slots of a cache buffer of S + spare slots: row stride d, head stride larger
        INDArray k = Nd4j.randn(DataType.FLOAT, c.b(), c.hkv(), s + c.spare(), c.d()).get(all(), all(), interval(0, s), all());
        INDArray v = Nd4j.randn(DataType.FLOAT, c.b(), c.hkv(), s + c.spare(), c.d()).get(all(), all(), interval(0, s), all());
        INDArray mask = mask(c);
        double scale = 1.0 / Math.sqrt(c.d());

        INDArray[] direct = DirectAttention.forward(q, k, v, mask, scale, c.chunk());
        INDArray[] composed = FusedAttention.composedForward(q, k, v, mask, scale, c.chunk());
        assertClose(c, new String[]{"context", "lse"}, composed, direct);

        // the upstream gradient as a view at an offset, as a slice of a larger gradient would be
        INDArray dOut = Nd4j.randn(DataType.FLOAT, c.b(), c.hkv(), rows + 2, c.d()).get(all(), all(), interval(2, rows + 2), all());
        INDArray[] directGrads = DirectAttention.backward(q, k, v, mask, composed[0], composed[1], dOut, scale, c.chunk());
        INDArray[] composedGrads = FusedAttention.composedBackward(q, k, v, mask, composed[0], composed[1], dOut.dup(),
                scale, c.chunk()); // a copy: ND4J's matmul fails on a one-row chunk of that view
        assertClose(c, new String[]{"dq", "dk", "dv"}, composedGrads, directGrads);
    }

    /**
     * Up to {@link DirectAttention#TRIM_ABOVE_KEYS} keys the GEMMs cover every key: the context, lse and gradients are
     * the same to the bit as with trimming off, also where chunks read fewer keys than there are (long causal chunks,
     * windows, padding, chunks of a row). Beyond it they differ in rounding only (the long cases of
     * {@link #contextAndLogSumExpAsTheComposition}).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("trimmedCases")
    void upToTheLimitEveryKeyIsComputed(Case c) {
        assumeTrue(DirectMatmul.enabled(), "direct BLAS needs the CPU backend with OpenBLAS");
        Nd4j.getRandom().setSeed(13);
        int rows = c.g() * c.t(), s = c.past() + c.t();
        INDArray q = Nd4j.randn(DataType.FLOAT, c.b(), c.hkv(), rows, c.d());
        INDArray k = Nd4j.randn(DataType.FLOAT, c.b(), c.hkv(), s, c.d()), v = Nd4j.randn(DataType.FLOAT, c.b(), c.hkv(), s, c.d());
        INDArray dOut = Nd4j.randn(DataType.FLOAT, c.b(), c.hkv(), rows, c.d()), mask = mask(c);
        INDArray[][] results = new INDArray[2][];
        try {
            for (int trim = 0; trim < 2; trim++) {
                DirectAttention.trimKeys = trim == 1;
                INDArray[] f = DirectAttention.forward(q, k, v, mask, 0.125, c.chunk());
                INDArray[] g = DirectAttention.backward(q, k, v, mask, f[0], f[1], dOut, 0.125, c.chunk());
                results[trim] = new INDArray[]{f[0], f[1], g[0], g[1], g[2]};
            }
        } finally {
            DirectAttention.trimKeys = true;
        }
        String[] names = {"context", "lse", "dq", "dk", "dv"};
        for (int i = 0; i < names.length; i++) {
            float[] untrimmed = results[0][i].dup().data().asFloat(), trimmed = results[1][i].dup().data().asFloat();
            for (int j = 0; j < untrimmed.length; j++) {
                assertEquals(Float.floatToRawIntBits(untrimmed[j]), Float.floatToRawIntBits(trimmed[j]),
                        c + ": " + names[i] + " element " + j);
            }
        }
    }

    static Stream<Case> trimmedCases() {
        return Stream.of(
                new Case("1,024 causal tokens in chunks of 256", 1, 1, 1, 1024, 0, 24, 256, 0),
                new Case("GQA groups of 2, 300 tokens, chunks of 128", 1, 2, 2, 300, 0, 64, 128, 0),
                new Case("chunk of one row", 1, 1, 2, 40, 0, 16, 1, 0),
                new Case("sliding window of 9, padded batch, chunks of 7", 2, 1, 2, 50, 3, 16, 7, 0, 9));
    }

    private static void assertClose(Case c, String[] names, INDArray[] expected, INDArray[] actual) {
        assertTrue(actual != null, c + ": declined");
        for (int i = 0; i < names.length; i++) {
            INDArray e = expected[i], a = actual[i];
            assertTrue(java.util.Arrays.equals(e.shape(), a.shape()), c + ": " + names[i] + " shape");
            double diff = e.sub(a).amaxNumber().doubleValue(), size = Math.max(1, e.amaxNumber().doubleValue());
            assertTrue(diff <= 5e-6 * size, c + ": " + names[i] + " differs by " + diff + " of " + size);
        }
    }

    @Test
    void declinesWhatItDoesNotRun() {
        INDArray q = Nd4j.rand(DataType.DOUBLE, 1, 1, 2, 4), k = Nd4j.rand(DataType.DOUBLE, 1, 1, 2, 4);
        INDArray mask = Nd4j.zeros(DataType.DOUBLE, 1, 1, 2, 2);
        assertNull(DirectAttention.forward(q, k, k, mask, 0.5, 256), "float64 goes to the composition");
        INDArray qf = Nd4j.rand(DataType.FLOAT, 1, 1, 4, 2).permute(0, 1, 3, 2); // last axis strided
        INDArray kf = Nd4j.rand(DataType.FLOAT, 1, 1, 2, 4);
        assertNull(DirectAttention.forward(qf, kf, kf, mask.castTo(DataType.FLOAT), 0.5, 256), "strided last axis");
        INDArray q4 = Nd4j.rand(DataType.FLOAT, 1, 1, 2, 4), k4 = Nd4j.rand(DataType.FLOAT, 1, 1, 2, 4);
        INDArray m4 = Nd4j.zeros(DataType.FLOAT, 1, 1, 2, 2);
        assertNull(DirectAttention.forward(q4, Nd4j.rand(DataType.FLOAT, 1, 1, 2, 3), k4, m4, 0.5, 256),
                "keys of another head size: the composition names the mismatch");
        assertNull(DirectAttention.forward(q4, k4, Nd4j.rand(DataType.FLOAT, 1, 1, 3, 4), m4, 0.5, 256),
                "values for another number of keys");
        assertNull(DirectAttention.forward(q4, k4, k4, Nd4j.zeros(DataType.FLOAT, 1, 1, 2, 3), 0.5, 256),
                "a mask over another number of keys");
        INDArray out = Nd4j.rand(DataType.FLOAT, 1, 1, 2, 4), lse = Nd4j.rand(DataType.FLOAT, 1, 1, 2);
        assertNull(DirectAttention.backward(q4, k4, k4, m4, out, lse, Nd4j.rand(DataType.FLOAT, 1, 1, 3, 4), 0.5, 256),
                "an upstream gradient of another shape");
        assertNull(DirectAttention.backward(q4, k4, k4, m4, out, Nd4j.rand(DataType.FLOAT, 1, 1, 3), out, 0.5, 256),
                "a log-sum-exp of another shape");
    }

    /** Keys at positions 0..S-1 (the last row's first two positions are padding when B > 1); queries the last T. */
    private static INDArray mask(Case c) {
        int s = c.past() + c.t();
        int[][] keys = new int[c.b()][s], queries = new int[c.b()][c.t()];
        for (int r = 0; r < c.b(); r++) {
            int pad = r == c.b() - 1 && c.b() > 1 ? 2 : 0;
            for (int j = 0; j < s; j++) keys[r][j] = j < pad ? -1 : j - pad;
            for (int i = 0; i < c.t(); i++) queries[r][i] = keys[r][c.past() + i];
        }
        return AttentionMask.build(keys, queries, c.g(), c.window());
    }
}
