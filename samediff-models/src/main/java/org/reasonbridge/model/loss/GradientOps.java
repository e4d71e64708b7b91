package org.reasonbridge.model.loss;

import org.nd4j.imports.converters.DifferentialFunctionClassHolder;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.reasonbridge.model.transformer.FrozenMatmul;
import org.reasonbridge.model.transformer.FusedAttention;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * Installs the project's backward rules into SameDiff 1.0.0-M2.1. SameDiff differentiates a copy of the graph made by
 * serialising each op and recreating it from its kernel hash ({@code DifferentialFunctionClassHolder}), so a subclass
 * that only overrides {@code doDiff} is lost unless that table maps the kernel to it. This maps
 * {@code sparse_softmax_cross_entropy_loss_with_logits} to {@link TokenCrossEntropy} (its gradient honours the
 * upstream gradient, which fixes {@code sd.loss.sparseSoftmaxCrossEntropy} as well) and {@code matmul} to
 * {@link FrozenMatmul} (no gradient for constant operands). Both compute the same forward with the same kernel, and
 * the same gradients for every operand that gets one, so the swap is process-wide and safe. Idempotent.
 */
final class GradientOps {
    private static boolean installed;

    private GradientOps() {
    }

    static synchronized void install() {
        if (installed) return;
        map(new TokenCrossEntropy());
        map(new FrozenMatmul());
        map(new FusedAttention());
        installed = true;
    }

    @SuppressWarnings("unchecked")
    private static void map(DynamicCustomOp op) {
        DifferentialFunctionClassHolder holder = DifferentialFunctionClassHolder.getInstance();
        long hash = op.opHash();
        try {
            Map<Long, Class<?>> single = (Map<Long, Class<?>>) field("customOpHashToClass").get(holder);
            Map<Long, Map<String, Class<?>>> multi = (Map<Long, Map<String, Class<?>>>) field("customOpHashToClasses").get(holder);
            single.put(hash, op.getClass());
            Map<String, Class<?>> byName = multi.get(hash);
            if (byName != null) byName.replaceAll((name, c) -> name.equals(op.opName()) ? op.getClass() : c);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot install " + op.getClass().getSimpleName()
                    + " into SameDiff's op table (not ND4J 1.0.0-M2.1?)", e);
        }
        Class<?> resolved = holder.customOpClassForHashAndName(hash, op.opName());
        if (resolved != op.getClass()) {
            throw new IllegalStateException(op.opName() + " still resolves to " + resolved + ", not " + op.getClass());
        }
    }

    private static Field field(String name) throws NoSuchFieldException {
        Field f = DifferentialFunctionClassHolder.class.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
