package org.reasonbridge.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The order of micro-batches: each epoch a permutation drawn from {@code seed + epoch}, cut into batches. Pure
 * function of (seed, epoch, index), so a resumed run sees exactly the batches the killed run would have.
 */
public final class Batcher {
    private final List<EncodedExample> examples;
    private final int batchSize;
    private final long seed;
    private final int pad;

    public Batcher(List<EncodedExample> examples, int batchSize, long seed, int pad) {
        if (examples.isEmpty()) throw new IllegalArgumentException("no examples to train on");
        this.examples = List.copyOf(examples);
        this.batchSize = batchSize;
        this.seed = seed;
        this.pad = pad;
    }

    public int batchesPerEpoch() {
        return (examples.size() + batchSize - 1) / batchSize;
    }

    /** Micro-batch {@code index} of {@code epoch}. */
    public Batch batch(int epoch, int index) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) order.add(i);
        java.util.Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
        int from = index * batchSize, to = Math.min(from + batchSize, examples.size());
        if (from >= to) throw new IndexOutOfBoundsException("batch " + index + " of epoch " + epoch);
        return Batch.of(order.subList(from, to).stream().map(examples::get).toList(), pad);
    }
}
