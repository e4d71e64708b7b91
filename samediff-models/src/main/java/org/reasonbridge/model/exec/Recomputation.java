package org.reasonbridge.model.exec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Activation recomputation (gradient checkpointing) as a reordering of a gradient function's plan: a segment's
 * (a decoder layer's) forward intermediates are freed after their last forward reader, and the segment's forward
 * ops run again just before the first backward op that needs one of them; only its checkpoints, the outputs that
 * forward ops outside the segment read (the residual stream between layers), stay alive through the backward pass.
 * A forward pass then holds one hidden state per layer instead of every layer's activations.
 *
 * <p>The rerun executes the same steps on the same inputs into the same slots, so the recomputed values, and
 * every gradient, are bit-identical to the plan without recomputation. Only the ops a backward op needs (and the
 * segment's ops those depend on) rerun, each segment at most once. Steps that must not run twice never rerun, and
 * their outputs are kept like checkpoints: ops writing a requested output, and steps marked pinned (random ops).
 *
 * <p>The recomputing order runs every forward op first (in the plan's order), then the backward ops depth-first from
 * the last ones (see {@link #backwardOrder}), with each rerun before its first backward reader. That needs the
 * forward ops not to read anything a backward op computes; when it does not hold, or nothing would be recomputed,
 * there is no recomputing order and {@link Result#fallback} says why.
 */
final class Recomputation {
    private Recomputation() {
    }

    /**
     * A recomputing order, or the reason there is none.
     *
     * @param order    step indices in run order, rerun steps included; null when {@code fallback} is set
     * @param reruns   steps executed a second time
     * @param fallback why the plan runs without recomputation, else null
     */
    record Result(int[] order, int reruns, String fallback) {
        static Result none(String why) {
            return new Result(null, 0, why);
        }
    }

    /**
     * @param steps    the plan's steps in their order
     * @param forward  by step: a forward op
     * @param segment  by step: its segment, -1 for none (and for backward steps)
     * @param pinned   by step: must not run twice
     * @param escapes  by slot: a requested output
     */
    static Result of(List<? extends Step> steps, boolean[] forward, int[] segment, boolean[] pinned, boolean[] escapes) {
        int n = steps.size();
        int[] producer = new int[escapes.length];
        Arrays.fill(producer, -1);
        for (int i = 0; i < n; i++) {
            for (int s : steps.get(i).outputs()) {
                if (producer[s] >= 0) return Result.none(steps.get(i) + " writes a slot " + steps.get(producer[s])
                        + " writes too");
                producer[s] = i;
            }
        }
        List<Integer> forwardSteps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!forward[i]) continue;
            for (int s : steps.get(i).inputs()) {
                if (producer[s] >= 0 && !forward[producer[s]]) {
                    return Result.none("forward op " + steps.get(i) + " reads what backward op "
                            + steps.get(producer[s]) + " computes: the forward ops cannot all run first");
                }
            }
            forwardSteps.add(i);
        }
        if (forwardSteps.size() == n) return Result.none("the plan has no backward ops");
        boolean[] rerun = rerunSteps(steps, forward, segment, keptSteps(steps, forward, segment, pinned, escapes,
                producer), producer);
        Map<Integer, List<Integer>> bySegment = new TreeMap<>();
        int reruns = 0;
        for (int i : forwardSteps) {
            if (rerun[i]) {
                bySegment.computeIfAbsent(segment[i], k -> new ArrayList<>()).add(i);
                reruns++;
            }
        }
        if (reruns == 0) return Result.none("no backward op reads an intermediate of a segment");
        int[] order = new int[n + reruns];
        int p = 0;
        for (int i : forwardSteps) order[p++] = i;
        for (int b : backwardOrder(steps, forward, producer)) {
            for (int s : steps.get(b).inputs()) { // the first backward reader of a segment's intermediate reruns it
                int q = producer[s];
                List<Integer> again = q >= 0 && rerun[q] ? bySegment.remove(segment[q]) : null;
                if (again != null) for (int i : again) order[p++] = i;
            }
            order[p++] = b;
        }
        return new Result(order, reruns, null);
    }

    /**
     * The backward steps, depth-first from those no backward step reads (in plan order), each after its inputs. A
     * step computed from forward values alone ({@code pow(variance)}, RMSNorm's {@code 2x}) is visited after its
     * reader's other inputs, so it runs right before its reader: wherever a depth-first order first meets such a
     * step, before the gradient chain of the layers above, it would make its layer rerun (and stay alive) that early.
     * A safeguard: on the decoder graphs tested the plan's own backward order gives the same peak.
     */
    private static int[] backwardOrder(List<? extends Step> steps, boolean[] forward, int[] producer) {
        int n = steps.size();
        boolean[] fromForward = new boolean[n]; // computed from forward values and inputs alone
        boolean[] read = new boolean[n];        // a backward step reads it
        int count = 0;
        for (int b = 0; b < n; b++) { // the plan's order is topological
            if (forward[b]) continue;
            count++;
            fromForward[b] = true;
            for (int s : steps.get(b).inputs()) {
                int q = producer[s];
                if (q >= 0 && !forward[q]) {
                    read[q] = true;
                    fromForward[b] &= fromForward[q];
                }
            }
        }
        int[] order = new int[count];
        int p = 0;
        byte[] state = new byte[n]; // 0 unseen, 1 inputs pending, 2 placed
        Deque<Integer> stack = new ArrayDeque<>();
        for (int root = 0; root < n; root++) {
            if (forward[root] || read[root]) continue;
            stack.push(root);
            while (!stack.isEmpty()) {
                int b = stack.pop();
                if (b < 0) { // all inputs of ~b are placed
                    if (state[~b] != 2) {
                        state[~b] = 2;
                        order[p++] = ~b;
                    }
                    continue;
                }
                if (state[b] != 0) continue;
                state[b] = 1;
                stack.push(~b);
                int[] in = steps.get(b).inputs();
                // pushed in reverse of the visiting order: gradient-carrying inputs first, forward-only ones last
                for (int pass = 0; pass < 2; pass++) {
                    for (int k = in.length - 1; k >= 0; k--) {
                        int q = producer[in[k]];
                        if (q >= 0 && !forward[q] && state[q] == 0 && fromForward[q] == (pass == 0)) stack.push(q);
                    }
                }
            }
        }
        if (p != count) throw new IllegalStateException("backward order placed " + p + " of " + count + " steps");
        return order;
    }

    /**
     * Forward steps of a segment that never rerun: those with an output that a forward op outside the segment
     * reads (the checkpoints), that the caller gets, or that are pinned.
     */
    private static boolean[] keptSteps(List<? extends Step> steps, boolean[] forward, int[] segment, boolean[] pinned,
                                       boolean[] escapes, int[] producer) {
        boolean[] kept = new boolean[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            if (!forward[i]) continue;
            if (pinned[i]) kept[i] = true;
            for (int s : steps.get(i).outputs()) if (escapes[s]) kept[i] = true;
            for (int s : steps.get(i).inputs()) {
                int p = producer[s];
                if (p >= 0 && segment[p] >= 0 && segment[p] != segment[i]) kept[p] = true;
            }
        }
        return kept;
    }

    /**
     * By step: the segments' forward steps that rerun, those whose outputs a backward step reads and, recursively,
     * those of the same segment they read, leaving out the kept ones.
     */
    private static boolean[] rerunSteps(List<? extends Step> steps, boolean[] forward, int[] segment, boolean[] kept,
                                        int[] producer) {
        boolean[] rerun = new boolean[steps.size()];
        Deque<Integer> work = new ArrayDeque<>();
        for (int b = 0; b < steps.size(); b++) {
            if (!forward[b]) for (int s : steps.get(b).inputs()) mark(producer[s], segment, kept, rerun, work);
        }
        while (!work.isEmpty()) {
            for (int s : steps.get(work.pop()).inputs()) mark(producer[s], segment, kept, rerun, work);
        }
        return rerun;
    }

    /** Marks step {@code p} to rerun when it is a segment's forward step that is not kept and not yet marked. */
    private static void mark(int p, int[] segment, boolean[] kept, boolean[] rerun, Deque<Integer> work) {
        if (p < 0 || segment[p] < 0 || kept[p] || rerun[p]) return;
        rerun[p] = true;
        work.push(p);
    }
}
