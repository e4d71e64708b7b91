package org.reasonbridge.model.exec;

import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.PowDerivative;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Set;

/**
 * {@code _powderivative} with exponent 2 (the backward of {@code square}, RMSNorm's x²) as {@code 2 * x}. libnd4j
 * computes {@code 2 * pow(x, 1)} element by element through {@code powf}, about ten times a scalar multiply; since
 * {@code powf(x, 1)} is exactly x, the product is the same float.
 */
final class SquareGradient extends Rewrite {
    private final int in;
    private final int out;

    private SquareGradient(PlanStep graphOp, int in, int out) {
        super(graphOp);
        this.in = in;
        this.out = out;
    }

    /** The step for {@code o} when it is a {@code _powderivative} of exponent 2, else null. */
    static Step of(SameDiffOp o, int[] in, int[] out, Set<String> read, PlanStep graphOp) {
        if (!(o.getOp() instanceof PowDerivative p) || in.length != 1 || out.length != 1) return null;
        INDArray exponent = p.scalar();
        if (exponent == null || exponent.length() != 1 || exponent.getDouble(0) != 2.0) return null;
        return new SquareGradient(graphOp, in[0], out[0]);
    }

    @Override
    public void execute(INDArray[] values, boolean[] escapes, ArrayPool.Key[] pooled, ArrayPool pool) {
        INDArray x = values[in];
        if (x == null) throw new IllegalStateException(graphOp + ": input is not computed");
        if (!x.dataType().isFPType() || x.isEmpty()) {
            graphOp.execute(values, escapes, pooled, pool);
            return;
        }
        INDArray y = output(out, x.dataType(), x.shape(), values, escapes, pooled, pool);
        Nd4j.exec(new ScalarMultiplication(x, null, y, 2.0));
    }

    @Override
    public String toString() {
        return graphOp + " as 2x";
    }
}
