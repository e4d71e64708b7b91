package org.reasonbridge.model.exec;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The direct GEMV of one-row projections and the direct GEMM of the rest against ND4J's matmul, the forms they
 * decline, and the BLAS they were measured on.
 */
class DirectMatmulTest {

    private static INDArray mmul(INDArray x, INDArray w) {
        INDArray y = Nd4j.create(DataType.FLOAT, x.size(0), w.size(0));
        Nd4j.exec(new Mmul(x, w, y, MMulTranspose.builder().transposeB(true).build()));
        return y;
    }

    @ParameterizedTest(name = "[1, {1}] x [{0}, {1}]^T")
    @CsvSource({"1, 1", "7, 3", "128, 512", "512, 1408", "1408, 512", "4096, 64"})
    void oneRowEqualsNd4jMatmul(int out, int in) {
        Nd4j.getRandom().setSeed(out * 31L + in);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, in).subi(0.5), w = Nd4j.rand(DataType.FLOAT, out, in).subi(0.5);
        INDArray y = Nd4j.create(DataType.FLOAT, 1, out);
        assertTrue(DirectMatmul.tryRun(x, w, y));
        double diff = y.sub(mmul(x, w)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-6 * Math.sqrt(in), "max |gemv - matmul| = " + diff);
    }

    @Test
    void readsViewsAtTheirOffset() {
        INDArray w = Nd4j.rand(DataType.FLOAT, 40, 16), x = Nd4j.rand(DataType.FLOAT, 3, 16);
        INDArray rows = w.get(NDArrayIndex.interval(8, 20), NDArrayIndex.all()); // offset 128, lda 16
        INDArray row = x.get(NDArrayIndex.interval(2, 3), NDArrayIndex.all());   // offset 32
        INDArray y = Nd4j.create(DataType.FLOAT, 1, 12);
        assertTrue(DirectMatmul.tryRun(row, rows, y));
        assertTrue(y.sub(mmul(row.dup(), rows.dup())).amaxNumber().doubleValue() < 1e-6);
    }

    private static INDArray matmul(INDArray a, INDArray b, boolean ta, boolean tb, long m, long n) {
        INDArray y = Nd4j.create(DataType.FLOAT, m, n);
        Nd4j.exec(DynamicCustomOp.builder("matmul").addInputs(a, b).addOutputs(y)
                .addIntegerArguments(ta ? 1 : 0, tb ? 1 : 0, 0).build());
        return y;
    }

    /** Prefill's and training's products (projections, input and weight gradients): ND4J's own GEMM, to the bit. */
    @ParameterizedTest(name = "M {0}, K {1}, N {2}, transposes {3} {4}")
    @CsvSource({"2, 1, 2, false, true", "3, 7, 5, false, false", "3, 7, 5, true, false", "3, 7, 5, true, true",
            "32, 512, 512, false, true", "128, 1408, 512, false, false", "200, 96, 640, true, false", "17, 33, 65, false, true"})
    void manyRowsEqualNd4jMatmulToTheBit(int m, int k, int n, boolean ta, boolean tb) {
        Nd4j.getRandom().setSeed(m * 131L + k * 7L + n);
        INDArray a = (ta ? Nd4j.rand(DataType.FLOAT, k, m) : Nd4j.rand(DataType.FLOAT, m, k)).subi(0.5);
        INDArray b = (tb ? Nd4j.rand(DataType.FLOAT, n, k) : Nd4j.rand(DataType.FLOAT, k, n)).subi(0.5);
        INDArray y = Nd4j.create(DataType.FLOAT, m, n);
        assertTrue(DirectMatmul.tryRun(a, b, y, ta, tb));
        assertEquals(matmul(a, b, ta, tb, m, n), y);
    }

    @Test
    void manyRowsReadViewsAtTheirOffset() {
        INDArray big = Nd4j.rand(DataType.FLOAT, 40, 16), x = Nd4j.rand(DataType.FLOAT, 9, 16);
        INDArray rows = big.get(NDArrayIndex.interval(8, 20), NDArrayIndex.all()); // offset 128, lda 16
        INDArray some = x.get(NDArrayIndex.interval(2, 7), NDArrayIndex.all());  // offset 32
        INDArray y = Nd4j.create(DataType.FLOAT, 5, 12);
        assertTrue(DirectMatmul.tryRun(some, rows, y, false, true));
        assertEquals(matmul(some.dup(), rows.dup(), false, true, 5, 12), y);
    }

    @Test
    void declinesWhatItCannotRunAsOneCall() {
        INDArray w = Nd4j.rand(DataType.FLOAT, 8, 4);
        assertFalse(DirectMatmul.tryRun(Nd4j.rand(DataType.FLOAT, 1, 4), Nd4j.rand(DataType.FLOAT, 4, 8),
                Nd4j.create(DataType.FLOAT, 1, 8), false, false), "one row, weight not transposed");
        assertFalse(DirectMatmul.tryRun(Nd4j.rand(DataType.FLOAT, 3, 4), Nd4j.rand(DataType.FLOAT, 1, 4),
                Nd4j.create(DataType.FLOAT, 3, 1), false, true), "one column");
        assertFalse(DirectMatmul.tryRun(Nd4j.rand(DataType.FLOAT, 2, 4), w, Nd4j.create(DataType.FLOAT, 2, 7)), "wrong output");
        assertFalse(DirectMatmul.tryRun(Nd4j.rand(DataType.DOUBLE, 1, 4), w.castTo(DataType.DOUBLE),
                Nd4j.create(DataType.DOUBLE, 1, 8)), "float64");
        INDArray wt = Nd4j.rand(DataType.FLOAT, 4, 8).transpose(); // [8, 4] with column stride 8
        assertFalse(DirectMatmul.tryRun(Nd4j.rand(DataType.FLOAT, 1, 4), wt, Nd4j.create(DataType.FLOAT, 1, 8)), "strided rows");
        assertFalse(DirectMatmul.tryRun(Nd4j.rand(DataType.FLOAT, 2, 4), wt, Nd4j.create(DataType.FLOAT, 2, 8)), "strided rows, two");
    }

    /**
     * Pins the workaround to the library it was measured on: OpenBLAS 0.3.19 (ND4J 1.0.0-M2.1's preset) packs the
     * whole weight on every M = 1 GEMM. When ND4J or its OpenBLAS is upgraded this fails: re-measure
     * ({@code bench/profile/run.sh BlasBench}, docs/performance.md) and drop the GEMV if the new GEMM is as fast, and the GEMM if ND4J's call around it costs nothing.
     */
    @Test
    void measuredOnOpenBlas0319() {
        assertEquals(DirectMatmul.MEASURED_OPENBLAS, openblas_nolapack.OPENBLAS_VERSION.trim());
        assertTrue(DirectMatmul.ENABLED, "the CPU backend with OpenBLAS runs one-row projections as GEMV");
    }
}
