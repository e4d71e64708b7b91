package org.reasonbridge.model.exec;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.RandomOp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the ops of a SameDiff graph that some outputs need, without SameDiff's per-call InferenceSession: the ops
 * are resolved once (the graph's own {@link DifferentialFunction}s in topological order, with their inputs), each
 * runs through {@code Nd4j.exec(op, OpContext)} with a context of its own, output shapes are calculated once per
 * input-shape signature ({@link PlanStep}), and intermediates come from an {@link ArrayPool} and go back to it
 * right after their last reader. The graph stays the model: the plan executes exactly its ops, three backward ops
 * as the products or copies they compute ({@link MultiplyGradient}, {@link SquareGradient}, {@link AddGradient}: the
 * same floats, only the gradients that are read), and the cross-entropy kernels and SiLU's derivative with a
 * vectorised {@code exp} ({@link SoftmaxCrossEntropyRows}, {@link SwishGradient}: the same values to FP32
 * rounding; in a training step the loss also writes its gradient, and in straight runs SiLU also writes its
 * derivative, so each {@code exp} is computed once: {@link SwishWithGradient}, the same floats), and each RMSNorm and
 * RoPE whose intermediates only its own ops read (inference) as one pass ({@link FusedChain}). A gradient function's
 * plan may also run with per-layer activation recomputation ({@link #compile(SameDiff, long, Segmentation,
 * String...)}, {@link Recomputation}): the same steps in another {@link Schedule}, some forward steps twice.
 *
 * <p>Requested outputs are fresh arrays the caller owns (except those computed in place into the caller's buffers,
 * {@link #run(Map, Map)}). Between runs the plan keeps no reference to any fed or
 * returned array (the contexts are purged after every op); it keeps pooled intermediates, bounded in bytes.
 * Not thread-safe: one run at a time.
 */
public final class ExecutionPlan implements AutoCloseable {
    static {
        ShapeInfoCache.install(); // every array a plan makes would otherwise rebuild its shape buffer
    }

    private final SameDiff sd;
    private final String[] outputs;
    private final int[] outputSlots;
    private final String[] placeholders;
    private final int[] placeholderSlots;
    private final SDVariable[] constants;   // variables and constants, read at every run (training may replace them)
    private final int[] constantSlots;
    private final Step[] steps;
    private final SwishWithGradient[] swishes; // told before each run whether it is a straight one
    private final Schedule straight;        // every step once
    private final Schedule recomputing;     // with segments' activations recomputed (Recomputation), or null
    private final String recomputeFallback; // why there is no recomputing schedule, when one was asked for
    private final boolean[] escapes;        // by slot: a requested output, handed to the caller
    private final Map<String, Integer> appendable; // requested outputs computed by a two-input concat, to their step
    private final int[] concatAxes;         // by step, for the appendable ones
    private final int slotCount;
    private final int graphOps;
    private final int graphVariables;
    private final int reruns;
    private final ArrayPool pool;
    private long peakBytes;

    private ExecutionPlan(SameDiff sd, String[] outputs, Compiler c, long poolBytes, Segmentation segments) {
        this.sd = sd;
        this.outputs = outputs.clone();
        this.outputSlots = Arrays.stream(outputs).mapToInt(c.slots::get).toArray();
        this.placeholders = c.placeholders.toArray(String[]::new);
        this.placeholderSlots = c.placeholders.stream().mapToInt(c.slots::get).toArray();
        this.constants = c.constants.stream().map(sd::getVariable).toArray(SDVariable[]::new);
        this.constantSlots = c.constants.stream().mapToInt(c.slots::get).toArray();
        this.steps = c.steps.toArray(Step[]::new);
        this.swishes = Arrays.stream(steps).filter(SwishWithGradient.class::isInstance)
                .map(SwishWithGradient.class::cast).toArray(SwishWithGradient[]::new);
        this.slotCount = c.slots.size();
        this.escapes = new boolean[slotCount];
        for (int s : outputSlots) escapes[s] = true;
        String[] slotNames = c.slotNames();
        this.straight = Schedule.straight(c.steps, escapes, slotNames);
        Recomputation.Result r = segments == null ? Recomputation.Result.none("no segmentation given")
                : Recomputation.of(c.steps, c.forward(segments), c.segments(segments), c.pinned(), escapes);
        Schedule again = null;
        String fallback = r.fallback();
        if (fallback == null) {
            try {
                again = Schedule.of(c.steps, r.order(), escapes, slotNames);
            } catch (IllegalStateException invalid) { // a bug in the reordering must cost memory, not results
                fallback = "the recomputing order is invalid: " + invalid.getMessage();
            }
        }
        this.recomputing = again;
        keepEarlyWritesFirst(steps, straight.order);
        if (again != null) keepEarlyWritesFirst(steps, again.order);
        this.recomputeFallback = fallback;
        this.reruns = again == null ? 0 : r.reruns();
        this.appendable = new HashMap<>();
        this.concatAxes = new int[steps.length];
        for (int i = 0; i < steps.length; i++) {
            Integer axis = c.concatAxes.get(i);
            if (axis == null || steps[i].outputs().length == 0) continue; // a concat within a fused chain
            int o = steps[i].outputs()[0];
            if (escapes[o]) {
                concatAxes[i] = axis;
                for (int j = 0; j < outputs.length; j++) if (outputSlots[j] == o) appendable.put(outputs[j], i);
            }
        }
        this.graphOps = sd.getOps().size();
        this.graphVariables = sd.getVariables().size();
        this.pool = new ArrayPool(poolBytes);
    }

    /**
     * Resolves the ops that {@code outputs} need.
     *
     * @throws UnsupportedOperationException when the graph holds ops the plan cannot run (control flow, tensor
     *     arrays): use {@code sd.output} for such graphs
     */
    public static ExecutionPlan compile(SameDiff sd, String... outputs) {
        return compile(sd, ArrayPool.DEFAULT_CAPACITY, outputs);
    }

    /** As {@link #compile(SameDiff, String...)} keeping at most {@code poolBytes} of intermediates between runs. */
    public static ExecutionPlan compile(SameDiff sd, long poolBytes, String... outputs) {
        return compile(sd, poolBytes, null, outputs);
    }

    /**
     * As {@link #compile(SameDiff, long, String...)} for a gradient function that may also run with its segments'
     * activations recomputed ({@link #run(Map, boolean)}, {@link Recomputation}); {@code segments} says which ops are
     * the forward pass and which segment each belongs to (null: no recomputation).
     */
    public static ExecutionPlan compile(SameDiff sd, long poolBytes, Segmentation segments, String... outputs) {
        if (outputs.length == 0) throw new IllegalArgumentException("no outputs requested");
        Compiler c = new Compiler(sd);
        c.resolve(outputs);
        c.build(outputs);
        return new ExecutionPlan(sd, outputs, c, poolBytes, segments);
    }

    /** False once ops or variables were added to or removed from the graph since {@link #compile}. */
    public boolean isCurrent() {
        return sd.getOps().size() == graphOps && sd.getVariables().size() == graphVariables;
    }

    /** Placeholders the requested outputs depend on: {@link #run} needs a value for each. */
    public List<String> placeholders() {
        return List.of(placeholders);
    }

    /** Ops executed per run. */
    public int size() {
        return steps.length;
    }

    /** Whether {@link #run(Map, boolean)} can recompute activations; else {@link #recomputeFallback} says why. */
    public boolean canRecompute() {
        return recomputing != null;
    }

    /** Why the plan cannot recompute activations, or null when it can. */
    public String recomputeFallback() {
        return recomputeFallback;
    }

    /** Forward ops executed a second time per run with recomputation. */
    public int reruns() {
        return reruns;
    }

    /**
     * Bytes of intermediates alive at once at the last run's peak: the plan's working memory, without the fed
     * arrays, the variables and the requested outputs.
     */
    public long peakBytes() {
        return peakBytes;
    }

    /** Bytes of intermediates kept for the next run. */
    public long retainedBytes() {
        return pool.retainedBytes();
    }

    /** Runs the ops; returns the requested outputs by name, fresh arrays the caller owns. */
    public Map<String, INDArray> run(Map<String, INDArray> feed) {
        return run(feed, Map.of(), straight);
    }

    /**
     * As {@link #run(Map)}; with {@code recompute}, and when the plan {@link #canRecompute}, a segment's activations
     * are freed after the forward pass and computed again for the backward pass: less memory, the same results to
     * the bit, more time.
     */
    public Map<String, INDArray> run(Map<String, INDArray> feed, boolean recompute) {
        return run(feed, Map.of(), recompute && recomputing != null ? recomputing : straight);
    }

    /**
     * As {@link #run(Map)}, computing some requested outputs in place: each key of {@code appendInto} names an
     * output the graph computes as {@code concat(past, new)} along one axis, and its value is a buffer, larger along
     * that axis, that already holds {@code past} at its start (a KV cache). Only {@code new} is written, behind
     * {@code past}, and the output returned is the view of the buffer's filled part (if {@code past} is not a view
     * of the buffer's start, it is copied in first). The buffers stay the caller's.
     *
     * @throws IllegalArgumentException when a name is not a requested output computed by a two-input concat, or a
     *     buffer has not the inputs' shape and room for both
     */
    public Map<String, INDArray> run(Map<String, INDArray> feed, Map<String, INDArray> appendInto) {
        return run(feed, appendInto, straight);
    }

    private Map<String, INDArray> run(Map<String, INDArray> feed, Map<String, INDArray> appendInto, Schedule schedule) {
        INDArray[] into = null;
        if (!appendInto.isEmpty()) {
            into = new INDArray[steps.length];
            for (Map.Entry<String, INDArray> e : appendInto.entrySet()) {
                Integer step = appendable.get(e.getKey());
                if (step == null) {
                    throw new IllegalArgumentException(e.getKey() + " is not a requested output computed by a two-input concat");
                }
                into[step] = e.getValue();
            }
        }
        for (SwishWithGradient s : swishes) s.eager(schedule == straight);
        INDArray[] values = new INDArray[slotCount];
        ArrayPool.Key[] pooled = new ArrayPool.Key[slotCount];
        List<INDArray> casts = new ArrayList<>(0);
        for (int i = 0; i < placeholders.length; i++) {
            INDArray a = feed.get(placeholders[i]);
            if (a == null) throw new IllegalArgumentException("no value for placeholder " + placeholders[i]);
            SDVariable v = sd.getVariable(placeholders[i]);
            if (a.dataType() != v.dataType()) { // as sd.output does: cast, and free the copy afterwards
                a = a.castTo(v.dataType());
                casts.add(a);
            }
            values[placeholderSlots[i]] = a;
        }
        for (int i = 0; i < constants.length; i++) {
            INDArray a = constants[i].getArr();
            if (a == null) throw new IllegalStateException("variable " + constants[i].name() + " has no array");
            values[constantSlots[i]] = a;
        }
        boolean done = false;
        long live = 0, peak = 0;
        Aliases aliases = new Aliases(slotCount);
        boolean[] counted = new boolean[slotCount]; // pooled outputs in live, once each (some are written early)
        try {
            for (int p = 0; p < schedule.length(); p++) {
                int i = schedule.order[p];
                long start = StepTimes.ON ? System.nanoTime() : 0;
                if (into != null && into[i] != null) {
                    int[] in = steps[i].inputs();
                    values[steps[i].outputs()[0]] = AppendInPlace.run(values[in[0]], values[in[1]], into[i],
                            concatAxes[i], steps[i].toString());
                } else {
                    steps[i].execute(values, escapes, pooled, pool);
                }
                if (StepTimes.ON) StepTimes.add(steps[i], System.nanoTime() - start);
                for (int s : steps[i].outputs()) {
                    if (pooled[s] != null) {
                        if (!counted[s]) live += pooled[s].bytes;
                        counted[s] = true;
                    } else if (!escapes[s]) aliases.record(s, steps[i].inputs(), values, pooled);
                }
                for (int s : steps[i].earlyOutputs()) {
                    if (pooled[s] != null && !counted[s]) live += pooled[s].bytes;
                    counted[s] = pooled[s] != null;
                }
                peak = Math.max(peak, live);
                for (int s : schedule.freeAfter[p]) {
                    counted[s] = false;
                    live -= aliases.free(s, values, pooled, pool);
                    values[s] = null;
                    pooled[s] = null;
                }
            }
            done = true;
        } finally {
            if (!done) { // an op failed: intermediates still out go back, so nothing leaks into the next run
                for (int s = 0; s < slotCount; s++) if (pooled[s] != null) pool.give(pooled[s], values[s]);
                aliases.giveHeld(pool);
            }
            pool.endRun();
            casts.forEach(INDArray::close);
            peakBytes = peak;
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < outputs.length; i++) out.put(outputs[i], values[outputSlots[i]]);
        return out;
    }

    /**
     * Stops a step writing another's output early ({@link Step#earlyOutputs}) where {@code order} runs it, or runs it
     * again, after that other step: the output would be written after its reader or after it was freed.
     */
    static void keepEarlyWritesFirst(Step[] steps, int[] order) {
        int[] first = new int[steps.length], last = new int[steps.length];
        Arrays.fill(first, Integer.MAX_VALUE);
        Arrays.fill(last, -1);
        for (int p = 0; p < order.length; p++) {
            first[order[p]] = Math.min(first[order[p]], p);
            last[order[p]] = p;
        }
        for (int i = 0; i < steps.length; i++) {
            for (int slot : steps[i].earlyOutputs()) {
                for (int j = 0; j < steps.length; j++) {
                    if (j != i && last[i] > first[j] && Arrays.stream(steps[j].outputs()).anyMatch(o -> o == slot)) {
                        steps[i].dropEarlyOutputs();
                    }
                }
            }
        }
    }

    /** Frees the pooled intermediates and the op contexts. */
    @Override
    public void close() {
        pool.clear();
        for (Step s : steps) s.close();
    }

    /** What each step runs, in plan order (the graph op, or how a cheaper step computes it). */
    List<String> stepDescriptions() {
        List<String> d = new ArrayList<>();
        for (int p = 0; p < straight.length(); p++) d.add(steps[straight.order[p]].toString());
        return d;
    }

    @Override
    public String toString() {
        return "ExecutionPlan[" + steps.length + " ops -> " + String.join(", ", outputs) + "]";
    }

    /**
     * Outputs that share a pooled input's buffer (a reshape run as a view, {@link PlanStep}): the buffer goes back to
     * the pool only when its own slot and every view of it have been freed, whichever comes last.
     */
    private static final class Aliases {
        private final int[] base;        // by slot: the pooled slot whose buffer it views, or -1
        private final int[] views;       // by pooled slot: views of it not yet freed
        private final INDArray[] held;   // by pooled slot: its array, freed while views of it are still read
        private final ArrayPool.Key[] heldKeys;

        Aliases(int slots) {
            base = new int[slots];
            Arrays.fill(base, -1);
            views = new int[slots];
            held = new INDArray[slots];
            heldKeys = new ArrayPool.Key[slots];
        }

        /** Records {@code s} as a view of the first pooled input (or view) whose buffer it shares. */
        void record(int s, int[] inputs, INDArray[] values, ArrayPool.Key[] pooled) {
            INDArray v = values[s];
            if (v == null) return;
            for (int in : inputs) {
                int root = base[in] >= 0 ? base[in] : in;
                if ((pooled[root] != null || held[root] != null) && values[in] != null
                        && v.data().address() == values[in].data().address()) {
                    base[s] = root;
                    views[root]++;
                    return;
                }
            }
        }

        /** Frees slot {@code s}: gives its buffer back now, later, or not at all (a view); returns the bytes given. */
        long free(int s, INDArray[] values, ArrayPool.Key[] pooled, ArrayPool pool) {
            int root = base[s];
            if (root >= 0) { // a view: its base goes back once this was its last view and the base itself is freed
                base[s] = -1;
                if (--views[root] == 0 && held[root] != null) {
                    pool.give(heldKeys[root], held[root]);
                    long bytes = heldKeys[root].bytes;
                    held[root] = null;
                    heldKeys[root] = null;
                    return bytes;
                }
                return 0;
            }
            if (pooled[s] == null) return 0;
            if (views[s] > 0) { // still read through a view
                held[s] = values[s];
                heldKeys[s] = pooled[s];
                return 0;
            }
            pool.give(pooled[s], values[s]);
            return pooled[s].bytes;
        }

        /** After a failure: the buffers kept for views go back too. */
        void giveHeld(ArrayPool pool) {
            for (int s = 0; s < held.length; s++) if (held[s] != null) pool.give(heldKeys[s], held[s]);
        }
    }

    /** Assigns slots to variables and orders the needed ops so every op comes after the producers of its inputs. */
    private static final class Compiler {
        final SameDiff sd;
        final Map<String, Integer> slots = new HashMap<>();
        final List<String> placeholders = new ArrayList<>();
        final List<String> constants = new ArrayList<>();
        final List<SameDiffOp> ops = new ArrayList<>();
        final List<Step> steps = new ArrayList<>();
        final Map<Integer, Integer> concatAxes = new HashMap<>(); // by step index: two-input concats

        Compiler(SameDiff sd) {
            this.sd = sd;
        }

        void resolve(String[] outputs) {
            Deque<String> stack = new ArrayDeque<>();
            Map<String, Boolean> finished = new HashMap<>(); // absent: unseen; false: inputs pending; true: placed
            for (String o : outputs) {
                if (!sd.hasVariable(o)) throw new IllegalArgumentException("no variable " + o + " in the graph");
                String producer = producer(o);
                if (producer == null) slot(o);
                else stack.push(producer);
            }
            // iterative depth-first post-order: a deep model's chain of residuals would overflow a recursive one
            while (!stack.isEmpty()) {
                String op = stack.peek();
                Boolean state = finished.get(op);
                if (state == null) {
                    finished.put(op, false);
                    SameDiffOp o = sd.getOps().get(op);
                    for (String in : inputsAndControlDeps(o)) {
                        String p = producer(in);
                        if (p == null) slot(in);
                        else if (!finished.containsKey(p)) stack.push(p);
                        else if (!finished.get(p)) throw new IllegalStateException("cycle through op " + p);
                    }
                } else {
                    stack.pop();
                    if (!state) {
                        finished.put(op, true);
                        ops.add(sd.getOps().get(op));
                    }
                }
            }
        }

        private List<String> inputsAndControlDeps(SameDiffOp o) {
            List<String> all = new ArrayList<>();
            if (o.getInputsToOp() != null) all.addAll(o.getInputsToOp());
            if (o.getControlDeps() != null) all.addAll(o.getControlDeps());
            return all;
        }

        /** The op computing {@code variable}, or null for placeholders, variables and constants. */
        private String producer(String variable) {
            SDVariable v = sd.getVariable(variable);
            if (v.getVariableType() != VariableType.ARRAY) return null;
            DifferentialFunction f = sd.getVariableOutputOp(variable);
            if (f == null) throw new IllegalStateException("no op computes " + variable);
            return f.getOwnName();
        }

        private int slot(String variable) {
            Integer s = slots.get(variable);
            if (s != null) return s;
            s = slots.size();
            slots.put(variable, s);
            VariableType t = sd.getVariable(variable).getVariableType();
            switch (t) {
                case PLACEHOLDER -> placeholders.add(variable);
                case VARIABLE, CONSTANT -> constants.add(variable);
                case ARRAY -> { }
                default -> throw new UnsupportedOperationException(variable + ": variables of type " + t);
            }
            return s;
        }

        /** The steps of the resolved ops, each its graph op or, where its outputs allow, a cheaper equivalent. */
        void build(String[] outputs) {
            Set<String> read = new HashSet<>(List.of(outputs));
            for (SameDiffOp o : ops) if (o.getInputsToOp() != null) read.addAll(o.getInputsToOp());
            for (SameDiffOp o : ops) steps.add(step(o, read));
            SoftmaxCrossEntropyRows.pair(steps);
            SwishWithGradient.pair(steps);
            if (FusedChain.ENABLED) fuseChains(outputs);
        }

        /** RMSNorms and RoPEs whose intermediates nothing else reads as one step each ({@link FusedChain}). */
        private void fuseChains(String[] outputs) {
            Map<String, Integer> readers = new HashMap<>();
            for (String o : outputs) readers.merge(o, 1, Integer::sum);
            for (SameDiffOp o : ops) {
                if (o.getInputsToOp() != null) for (String in : new HashSet<>(o.getInputsToOp())) readers.merge(in, 1, Integer::sum);
            }
            for (int i = 0; i < ops.size(); i++) {
                int[] norm = RmsNormChain.match(ops, i, readers), rope = norm == null ? RopeChain.match(ops, i, readers) : null;
                int[] at = norm != null ? norm : rope;
                if (at == null) continue;
                Step[] chain = Arrays.stream(at).mapToObj(steps::get).toArray(Step[]::new);
                Step fused = norm != null ? RmsNormChain.of(ops, at, chain, slots) : RopeChain.of(ops, at, chain, slots);
                steps.set(at[at.length - 1], fused);
                for (int k = 0; k < at.length - 1; k++) steps.set(at[k], new FusedChain.Skipped(chain[k]));
            }
        }

        private Step step(SameDiffOp o, Set<String> read) {
            List<String> ins = o.getInputsToOp() == null ? List.of() : o.getInputsToOp();
            int[] in = ins.stream().mapToInt(this::slot).toArray();
            int[] out = o.getOutputsOfOp().stream().mapToInt(this::slot).toArray();
            Integer axis = out.length == 1 ? AppendInPlace.axis(o.getOp(), in.length) : null;
            if (axis != null) concatAxes.put(steps.size(), axis);
            PlanStep graphOp = PlanStep.of(sd, o.getOp(), in, out, o.getOutputsOfOp());
            Step cheaper = MultiplyGradient.of(sd, o, in, out, read, graphOp);
            if (cheaper == null) cheaper = AddGradient.of(o, in, out, read, graphOp);
            if (cheaper == null) cheaper = SquareGradient.of(o, in, out, read, graphOp);
            if (cheaper == null) cheaper = SoftmaxCrossEntropyRows.of(o, in, out, graphOp);
            if (cheaper == null) cheaper = SwishGradient.of(o, in, out, graphOp);
            if (cheaper == null) cheaper = SwishWithGradient.of(o, in, out, graphOp);
            return cheaper != null ? cheaper : graphOp;
        }

        /** Slot index to variable name, for messages. */
        String[] slotNames() {
            String[] names = new String[slots.size()];
            slots.forEach((name, s) -> names[s] = name);
            return names;
        }

        /** By step: whether its op is a forward op. */
        boolean[] forward(Segmentation segments) {
            boolean[] f = new boolean[ops.size()];
            for (int i = 0; i < f.length; i++) f[i] = segments.forward().test(ops.get(i).getName());
            return f;
        }

        /** By step: the segment of a forward op, else -1. */
        int[] segments(Segmentation segments) {
            boolean[] forward = forward(segments);
            int[] seg = new int[ops.size()];
            for (int i = 0; i < seg.length; i++) {
                seg[i] = forward[i] ? segments.segment().applyAsInt(ops.get(i).getName()) : -1;
            }
            return seg;
        }

        /** By step: ops that must not run twice in a run (random ones draw new numbers). */
        boolean[] pinned() {
            boolean[] p = new boolean[ops.size()];
            for (int i = 0; i < p.length; i++) p[i] = ops.get(i).getOp() instanceof RandomOp;
            return p;
        }
    }
}
