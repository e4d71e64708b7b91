package org.reasonbridge.model.exec;

/**
 * A step that computes what one graph op computes, a cheaper way: it reads and writes the op's slots, and falls back
 * to the op itself ({@link #graphOp}) for inputs it does not handle.
 */
abstract class Rewrite implements Step {
    protected final PlanStep graphOp;

    Rewrite(PlanStep graphOp) {
        this.graphOp = graphOp;
    }

    @Override
    public final int[] inputs() {
        return graphOp.inputs();
    }

    @Override
    public final int[] outputs() {
        return graphOp.outputs();
    }

    @Override
    public void close() {
        graphOp.close();
    }
}
