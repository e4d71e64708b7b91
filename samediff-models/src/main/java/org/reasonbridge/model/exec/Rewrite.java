package org.reasonbridge.model.exec;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A step that computes what one graph op computes, a cheaper way: it reads and writes the op's slots, and falls back
 * to the op itself ({@link #graphOp}) for inputs it does not handle.
 */
abstract class Rewrite implements Step {
    protected final PlanStep graphOp;

    private Rewrite reader;            // the later step whose output this one writes ahead of it, or null
    private int[] early = NONE;        // that step's outputs
    private boolean writtenAhead;      // an earlier step writes this one's output (which then finds it there)

    Rewrite(PlanStep graphOp) {
        this.graphOp = graphOp;
    }

    /** Makes this step write {@code later}'s output ahead of it ({@link Step#earlyOutputs}). */
    final void writeAheadOf(Rewrite later) {
        reader = later;
        early = later.outputs();
        later.writtenAhead = true;
    }

    /** The later step whose output this one writes, or null. */
    final Rewrite reader() {
        return reader;
    }

    /** Whether an earlier step writes this one's output. */
    final boolean writtenAhead() {
        return writtenAhead;
    }

    @Override
    public final int[] earlyOutputs() {
        return early;
    }

    @Override
    public final void dropEarlyOutputs() {
        if (reader != null) reader.writtenAhead = false;
        reader = null;
        early = NONE;
    }

    @Override
    public final int[] inputs() {
        return graphOp.inputs();
    }

    @Override
    public final int[] outputs() {
        return graphOp.outputs();
    }

    /**
     * A fresh C-order array of {@code type} and {@code shape} for output {@code slot}, put in {@code values}: the
     * caller's own when the output escapes the plan, else one from the pool, recorded in {@code pooled} to go back.
     */
    static INDArray output(int slot, DataType type, long[] shape, INDArray[] values, boolean[] escapes,
                           ArrayPool.Key[] pooled, ArrayPool pool) {
        ArrayPool.Key key = new ArrayPool.Key(type, 'c', shape, false);
        INDArray y = escapes[slot] ? key.allocate() : pool.take(key);
        if (!escapes[slot]) pooled[slot] = key;
        values[slot] = y;
        return y;
    }

    @Override
    public void close() {
        graphOp.close();
    }
}
