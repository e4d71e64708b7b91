package org.reasonbridge.model.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The order an {@link ExecutionPlan} runs its steps in, a step possibly more than once (a recomputed activation), and
 * after each position the slots whose live range ends there. A live range runs from a write of a slot to its last
 * read before the slot is written again, so a recomputed slot is freed after its last forward reader and again after
 * its last backward reader.
 */
final class Schedule {
    /** Step indices, in run order. */
    final int[] order;
    /** By position in {@link #order}: the slots to free once that step has run. */
    final int[][] freeAfter;

    private Schedule(int[] order, int[][] freeAfter) {
        this.order = order;
        this.freeAfter = freeAfter;
    }

    /** Every step once, in index order. */
    static Schedule straight(List<? extends Step> steps, boolean[] escapes, String[] slotNames) {
        int[] order = new int[steps.size()];
        Arrays.setAll(order, i -> i);
        return of(steps, order, escapes, slotNames);
    }

    /**
     * The frees of {@code order} by live range. Inputs (slots no step writes) and the requested outputs
     * ({@code escapes}) are never freed.
     *
     * @throws IllegalStateException when a step reads a slot before any step wrote it, or a requested output or a
     *     slot the same step reads is written a second time (the caller's array or a live input would be lost)
     */
    static Schedule of(List<? extends Step> steps, int[] order, boolean[] escapes, String[] slotNames) {
        int slots = escapes.length;
        boolean[] written = new boolean[slots];
        for (int i : order) for (int s : steps.get(i).outputs()) written[s] = true;
        int[] lastEvent = new int[slots]; // position of the open range's last write or read; -1: no open range
        Arrays.fill(lastEvent, -1);
        List<List<Integer>> free = new ArrayList<>();
        for (int p = 0; p < order.length; p++) {
            free.add(new ArrayList<>());
            Step step = steps.get(order[p]);
            for (int s : step.inputs()) {
                if (!written[s]) continue; // an input of the plan
                if (lastEvent[s] < 0) {
                    throw new IllegalStateException(step + " reads " + slotNames[s] + " before a step computes it");
                }
                lastEvent[s] = p;
            }
            for (int s : step.outputs()) {
                if (lastEvent[s] >= 0) {
                    if (escapes[s]) throw new IllegalStateException(step + " computes the requested output "
                            + slotNames[s] + " a second time");
                    if (lastEvent[s] == p) throw new IllegalStateException(step + " overwrites its own input "
                            + slotNames[s]);
                    free.get(lastEvent[s]).add(s); // the earlier value's range has ended: it is freed before
                }
                lastEvent[s] = p;
            }
        }
        for (int s = 0; s < slots; s++) if (lastEvent[s] >= 0 && !escapes[s]) free.get(lastEvent[s]).add(s);
        int[][] frees = free.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        return new Schedule(order, frees);
    }

    /** Positions in the order. */
    int length() {
        return order.length;
    }
}
