package org.reasonbridge.model.exec;

import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Several graph ops computed as one step, at the position of the last of them, when only these ops read the
 * intermediates between them (so nothing else misses them): in inference plans, where each small op's dispatch
 * (10–45 µs) outweighs its arithmetic. The other ops of the chain become {@link Skipped} steps. Inputs the fused
 * arithmetic does not handle run the chain's own ops, whose intermediates go back to the pool at once.
 */
abstract class FusedChain implements Step {
    /** System property: {@code false} keeps every op (for measuring). */
    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("reasonbridge.fuseChains"));

    private final Step[] chain;
    private final int[] inputs;
    private final int[] outputs;
    private final int[] intermediates;

    /** {@code chain}: the ops' steps in plan order; {@code inputs}: the slots the fused arithmetic reads. */
    FusedChain(Step[] chain, int[] inputs, int output) {
        this.chain = chain;
        this.inputs = inputs;
        this.outputs = new int[]{output};
        List<Integer> between = new ArrayList<>();
        for (Step s : chain) for (int o : s.outputs()) if (o != output) between.add(o);
        this.intermediates = between.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public final int[] inputs() {
        return inputs;
    }

    @Override
    public final int[] outputs() {
        return outputs;
    }

    /** Computes the output from the inputs in {@code values} and returns true, or returns false touching nothing. */
    abstract boolean fused(INDArray[] values, boolean[] escapes, ArrayPool.Key[] pooled, ArrayPool pool);

    @Override
    public final void execute(INDArray[] values, boolean[] escapes, ArrayPool.Key[] pooled, ArrayPool pool) {
        for (int s : inputs) if (values[s] == null) throw new IllegalStateException(this + ": input is not computed");
        if (fused(values, escapes, pooled, pool)) return;
        for (Step s : chain) s.execute(values, escapes, pooled, pool);
        for (int s : intermediates) { // read by the chain alone: back to the pool at once
            if (pooled[s] != null) pool.give(pooled[s], values[s]);
            values[s] = null;
            pooled[s] = null;
        }
    }

    /** The last op of the chain, for messages. */
    Step last() {
        return chain[chain.length - 1];
    }

    @Override
    public void close() {
        for (Step s : chain) s.close();
    }

    /** Whether {@code variable} has exactly one reader in the plan (requested outputs count as readers). */
    static boolean readOnce(Map<String, Integer> readers, String variable) {
        return readers.getOrDefault(variable, 0) == 1;
    }

    /** The index of the op after {@code after} that reads {@code variable}, or -1. */
    static int reader(List<SameDiffOp> ops, String variable, int after) {
        for (int i = after + 1; i < ops.size(); i++) {
            List<String> in = ops.get(i).getInputsToOp();
            if (in != null && in.contains(variable)) return i;
        }
        return -1;
    }

    /** A chain op's place in the plan: the fused step at the chain's last op runs it when it must. */
    static final class Skipped implements Step {
        private final Step op;

        Skipped(Step op) {
            this.op = op;
        }

        @Override
        public int[] inputs() {
            return new int[0];
        }

        @Override
        public int[] outputs() {
            return new int[0];
        }

        @Override
        public void execute(INDArray[] values, boolean[] escapes, ArrayPool.Key[] pooled, ArrayPool pool) {
        }

        @Override
        public void close() { // the fused step owns the op and closes it
        }

        @Override
        public String toString() {
            return op + " within a fused chain";
        }
    }
}
