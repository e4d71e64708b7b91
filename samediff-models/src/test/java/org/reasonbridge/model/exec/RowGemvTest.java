package org.reasonbridge.model.exec;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The direct GEMV of one-row projections against ND4J's matmul, the forms it declines, and the BLAS it was measured on. */
class RowGemvTest {

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
        assertTrue(RowGemv.tryRun(x, w, y));
        double diff = y.sub(mmul(x, w)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-6 * Math.sqrt(in), "max |gemv - matmul| = " + diff);
    }

    @Test
    void readsViewsAtTheirOffset() {
        INDArray w = Nd4j.rand(DataType.FLOAT, 40, 16), x = Nd4j.rand(DataType.FLOAT, 3, 16);
        INDArray rows = w.get(NDArrayIndex.interval(8, 20), NDArrayIndex.all()); // offset 128, lda 16
        INDArray row = x.get(NDArrayIndex.interval(2, 3), NDArrayIndex.all());   // offset 32
        INDArray y = Nd4j.create(DataType.FLOAT, 1, 12);
        assertTrue(RowGemv.tryRun(row, rows, y));
        assertTrue(y.sub(mmul(row.dup(), rows.dup())).amaxNumber().doubleValue() < 1e-6);
    }

    @Test
    void declinesWhatItCannotRunAsOneGemv() {
        INDArray w = Nd4j.rand(DataType.FLOAT, 8, 4);
        assertFalse(RowGemv.tryRun(Nd4j.rand(DataType.FLOAT, 2, 4), w, Nd4j.create(DataType.FLOAT, 2, 8)), "two rows");
        assertFalse(RowGemv.tryRun(Nd4j.rand(DataType.DOUBLE, 1, 4), w.castTo(DataType.DOUBLE),
                Nd4j.create(DataType.DOUBLE, 1, 8)), "float64");
        INDArray wt = Nd4j.rand(DataType.FLOAT, 4, 8).transpose(); // [8, 4] with column stride 8
        assertFalse(RowGemv.tryRun(Nd4j.rand(DataType.FLOAT, 1, 4), wt, Nd4j.create(DataType.FLOAT, 1, 8)), "strided rows");
    }

    /**
     * Pins the workaround to the library it was measured on: OpenBLAS 0.3.19 (ND4J 1.0.0-M2.1's preset) packs the
     * whole weight on every M = 1 GEMM. When ND4J or its OpenBLAS is upgraded this fails: re-measure
     * ({@code bench/profile/run.sh BlasBench}, docs/performance.md) and drop {@link RowGemv} if the new GEMM is as fast.
     */
    @Test
    void measuredOnOpenBlas0319() {
        assertEquals(RowGemv.MEASURED_OPENBLAS, openblas_nolapack.OPENBLAS_VERSION.trim());
        assertTrue(RowGemv.ENABLED, "the CPU backend with OpenBLAS runs one-row projections as GEMV");
    }
}
