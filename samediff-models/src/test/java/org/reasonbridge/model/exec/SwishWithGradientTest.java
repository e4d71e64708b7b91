package org.reasonbridge.model.exec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Swish;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * {@link SwishWithGradient}'s one pass gives libnd4j's swish kernel and {@link SwishGradient}'s derivative to the bit,
 * over lengths under the native-exp threshold, one block, several blocks with a short last one (where the derivative's
 * exp is {@code Math.exp}; values whose {@code Math.exp} and kernel exp round apart are placed there) or a long one, a
 * view that starts inside its buffer, and values of every size, from normal activations to any bit pattern
 * (infinities, subnormals, NaNs, compared as NaN). The plan-level pairing is checked by {@code RecomputationTest}
 * (straight runs pair, recomputing runs do not; every bit the same) and {@link SwishGradientTest}.
 */
class SwishWithGradientTest {
    /** Values whose exp the kernel ({@code expf}) and {@code (float) Math.exp} round differently (found by a scan). */
    private static final float[] SPLIT = {-5.3634763f, 1.1765938f, 8.119231f, -1.1546688f, 8.960342f, -7.1784463f,
            -0.14733851f, 7.3368635f};

    @ParameterizedTest(name = "{0} values, {1}, a view: {2}")
    @CsvSource({"7, normal, false", "4096, normal, false", "16384, wide, false", "37000, normal, true",
            "41000, bits, false", "3000, bits, true", "180224, wide, false", "20000, normal, false", "16391, wide, true"})
    void kernelAndDerivativeToTheBit(int n, String values, boolean view) {
        Random r = new Random(n);
        float[] xs = new float[n + 1];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = switch (values) {
                case "normal" -> (float) (r.nextGaussian() * 3);
                case "wide" -> (float) ((r.nextDouble() - 0.5) * 240); // past exp's overflow at ±88.7
                default -> Float.intBitsToFloat(r.nextInt());
            };
        }
        for (int k = 0; k < SPLIT.length; k++) { // in the first block and in the last
            xs[1 + k % n] = -SPLIT[k];
            xs[xs.length - 1 - k % n] = -SPLIT[k];
        }
        INDArray all = Nd4j.createFromArray(xs);
        INDArray x = view ? all.get(NDArrayIndex.interval(1, n + 1)) : all.get(NDArrayIndex.interval(0, n)).dup();
        INDArray y = Nd4j.create(DataType.FLOAT, n), d = Nd4j.create(DataType.FLOAT, n);
        SwishWithGradient.both(x, y, d);

        INDArray kernel = Nd4j.getExecutioner().exec(new Swish(x.dup()));
        INDArray derivative = Nd4j.create(DataType.FLOAT, n);
        SwishGradient.derivative(x, derivative);
        assertArrayEquals(bits(kernel), bits(y), "swish");
        assertArrayEquals(bits(derivative), bits(d), "swish'");
    }

    /** Raw bits, but any NaN as one: which operand's NaN a product passes on (its sign) is the compiler's choice. */
    private static int[] bits(INDArray a) {
        float[] f = a.dup().data().asFloat();
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) b[i] = Float.isNaN(f[i]) ? 0x7fc00000 : Float.floatToRawIntBits(f[i]);
        return b;
    }
}
