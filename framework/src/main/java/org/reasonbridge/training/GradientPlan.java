package org.reasonbridge.training;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.exec.ExecutionPlan;
import org.reasonbridge.model.exec.Segmentation;
import org.reasonbridge.model.loss.Gradients;
import org.reasonbridge.model.transformer.Decoder;
import org.reasonbridge.model.transformer.LayerNames;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A training step's loss outputs and gradients, computed by running SameDiff's own gradient function (the graph
 * {@code calculateGradients} builds: forward, loss, backward) through an {@link ExecutionPlan} instead of a fresh
 * gradient session per step. The first call has SameDiff build its gradient function, without running it; every call
 * executes that function's ops (two backward ops as the products they compute, see {@link ExecutionPlan}), with
 * shapes calculated once per sequence length and intermediates pooled across steps (a session re-derives its
 * subgraph, calculates every shape and zero-fills a fresh array per op on every step: docs/performance.md, "Training
 * through the gradient plan"). {@code -Dreasonbridge.plan=false} keeps every step on the session, as {@link Decoder}
 * does for inference.
 *
 * <p>A step may recompute activations ({@link #run(Map, boolean)}): the plan is compiled with the decoder's layers as
 * segments ({@link LayerNames#layerOf}), so each layer's activations are freed after the forward pass and computed
 * again for the backward pass; the results are the same to the bit. Where the plan cannot do it, the step runs
 * without, and the reason is printed once to stderr. The session ({@code -Dreasonbridge.plan=false}) never does.
 *
 * <p>Variables are read from the graph at each run, so in-place updates of the parameters are seen. Returned arrays
 * are fresh and the caller's. Not thread-safe.
 */
final class GradientPlan implements AutoCloseable {
    /**
     * System property: bytes of pooled intermediates the plan keeps between steps at most. The {@code small} preset at
     * seq 128 keeps 105 MB; what does not fit is freed after its last reader and allocated again next step.
     */
    static final String POOL_PROPERTY = "reasonbridge.trainPoolBytes";
    static final long DEFAULT_POOL_BYTES = 1L << 30;

    private final SameDiff sd;
    private final List<String> outputs;
    private final List<String> variables;
    private final boolean usePlan = !"false".equalsIgnoreCase(System.getProperty(Decoder.PLAN_PROPERTY));
    private final long poolBytes = Long.getLong(POOL_PROPERTY, DEFAULT_POOL_BYTES);
    private ExecutionPlan plan;
    private boolean unsupported; // the gradient function holds ops only SameDiff's session can run
    private boolean fallbackTold;
    private String[] gradientNames; // by position in variables
    private int graphOps = -1, graphVariables = -1;

    GradientPlan(SameDiff sd, Collection<String> outputs, Collection<String> variables) {
        this.sd = sd;
        this.outputs = List.copyOf(outputs);
        this.variables = List.copyOf(variables);
    }

    /** The values of the outputs and the gradients of the loss with respect to the variables. */
    OutAndGrad run(Map<String, INDArray> feed) {
        return run(feed, false);
    }

    /** As {@link #run(Map)}, with each layer's activations recomputed for the backward pass when {@code recompute}. */
    OutAndGrad run(Map<String, INDArray> feed, boolean recompute) {
        if (!usePlan || unsupported) return Gradients.withOutputs(sd, feed, outputs, variables);
        if (plan != null && !current()) { // the graph changed: compile the plan again
            plan.close();
            plan = null;
        }
        if (plan == null) {
            // the gradient function is built without a session step: that step would hold every intermediate of the
            // whole step at once (and its arrays lived on, unused, for the rest of the run); every step thus comes
            // from the plan, so a resumed run repeats an uninterrupted one exactly
            compile();
            if (plan == null) return Gradients.withOutputs(sd, feed, outputs, variables);
        }
        if (recompute && !plan.canRecompute() && !fallbackTold) {
            System.err.println("reasonbridge: training without activation recomputation: " + plan.recomputeFallback());
            fallbackTold = true;
        }
        Map<String, INDArray> all = plan.run(feed, recompute);
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String o : outputs) out.put(o, all.get(o));
        Map<String, INDArray> grads = new LinkedHashMap<>();
        for (int i = 0; i < gradientNames.length; i++) grads.put(variables.get(i), all.get(gradientNames[i]));
        return new OutAndGrad(out, grads);
    }

    private void compile() {
        SameDiff grad = Gradients.function(sd);
        gradientNames = variables.stream().map(v -> {
            if (sd.getVariable(v).gradient() == null) throw new IllegalStateException("no gradient for " + v);
            return sd.getVariable(v).gradient().name();
        }).toArray(String[]::new);
        List<String> names = new ArrayList<>(outputs);
        names.addAll(List.of(gradientNames));
        try {
            Set<String> forward = Set.copyOf(sd.getOps().keySet()); // the original graph's ops: the forward pass
            plan = ExecutionPlan.compile(grad, poolBytes, new Segmentation(forward::contains, LayerNames::layerOf),
                    names.toArray(String[]::new));
        } catch (UnsupportedOperationException e) {
            unsupported = true;
            return;
        }
        graphOps = sd.getOps().size();
        graphVariables = sd.getVariables().size();
    }

    /** Whether the compiled plan can recompute activations (false before the first step). */
    boolean canRecompute() {
        return plan != null && plan.canRecompute();
    }

    private boolean current() {
        return sd.getOps().size() == graphOps && sd.getVariables().size() == graphVariables && plan.isCurrent();
    }

    /** Frees the pooled intermediates and op contexts; the next {@link #run} compiles the plan again. */
    @Override
    public void close() {
        if (plan != null) plan.close();
        plan = null;
    }
}
