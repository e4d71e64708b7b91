package org.reasonbridge.model.transformer;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;

import java.util.Arrays;
import java.util.List;

/**
 * SameDiff's {@code matmul} whose backward computes no gradient for a frozen (constant) operand: for {@code y = x Wᵀ}
 * with W a constant it is one GEMM ({@code dx = dy W}) instead of {@code matmul_bp}'s two, and no [out, in] array (545
 * MB per step for qwen0.5b's tied embedding through the LM head). Operands that are not constants are differentiated
 * as by {@link Mmul}. Forward, serialisation and kernels are {@link Mmul}'s.
 *
 * <p>SameDiff builds its gradient function from a serialised copy of the graph, which recreates each op from its
 * kernel name, so every {@code matmul} becomes this class through {@code org.reasonbridge.model.loss.GradientOps}.
 */
public final class FrozenMatmul extends Mmul {

    /** For SameDiff's deserialisation (see the class comment). */
    public FrozenMatmul() {
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> upstream) {
        SDVariable a = larg(), b = rarg(), dy = upstream.get(0);
        boolean frozenA = a.getVariableType() == VariableType.CONSTANT, frozenB = b.getVariableType() == VariableType.CONSTANT;
        MMulTranspose t = mt == null ? MMulTranspose.allFalse() : mt;
        if (!(frozenA || frozenB) || t.isTransposeResult() || !matrix(a) || !matrix(b)) return super.doDiff(upstream);
        boolean ta = t.isTransposeA(), tb = t.isTransposeB();
        // y = op(a) op(b): d op(a) = dy op(b)ᵀ, d op(b) = op(a)ᵀ dy; transposing back where an operand was transposed
        // a frozen operand's "gradient" is a zerosLike that no requested output depends on, so it never runs
        // (SameDiff 1.0.0-M2.1 rejects a null gradient)
        SDVariable da = frozenA ? sameDiff.zerosLike(a) : ta ? sameDiff.mmul(b, dy, tb, true, false) : sameDiff.mmul(dy, b, false, !tb, false);
        SDVariable db = frozenB ? sameDiff.zerosLike(b) : tb ? sameDiff.mmul(dy, a, true, ta, false) : sameDiff.mmul(a, dy, !ta, false, false);
        return Arrays.asList(da, db);
    }

    /** Rank 2, or of unknown rank (a projection's input [N, in] has a placeholder's -1 dims): only matrices are expected. */
    private static boolean matrix(SDVariable v) {
        long[] shape = v.getShape();
        return shape == null || shape.length == 2;
    }
}
