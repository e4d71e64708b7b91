package org.reasonbridge.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The order of micro-batches: each epoch a permutation drawn from {@code seed + epoch}, cut into batches. Pure
 * function of (seed, epoch, index), so a resumed run sees exactly the batches the killed run would have.
 *
 * <p>Grouped by length ({@link TrainingConfig#groupByLength()}), the permutation is cut into windows of
 * {@link #WINDOW} batches, each window's examples sorted by length (stable: ties keep the shuffled order) and cut
 * into batches, and the batches of the epoch shuffled again: a batch pads to its longest example, so examples of
 * similar length waste less, while a window still mixes whatever the shuffle put into it.
 */
public final class Batcher {
    /** Micro-batches per window of a grouped epoch (Hugging Face's megabatch of 50, rounded). */
    static final int WINDOW = 64;

    private final List<EncodedExample> examples;
    private final int batchSize;
    private final long seed;
    private final int pad;
    private final boolean groupByLength;
    private int cachedEpoch = -1;
    private List<List<Integer>> cached;

    public Batcher(List<EncodedExample> examples, int batchSize, long seed, int pad, boolean groupByLength) {
        if (examples.isEmpty()) throw new IllegalArgumentException("no examples to train on");
        this.examples = List.copyOf(examples);
        this.batchSize = batchSize;
        this.seed = seed;
        this.pad = pad;
        this.groupByLength = groupByLength;
    }

    public Batcher(List<EncodedExample> examples, int batchSize, long seed, int pad) {
        this(examples, batchSize, seed, pad, false);
    }

    public int batchesPerEpoch() {
        return (examples.size() + batchSize - 1) / batchSize;
    }

    /** Micro-batch {@code index} of {@code epoch}. */
    public Batch batch(int epoch, int index) {
        List<List<Integer>> batches = batches(epoch);
        if (index < 0 || index >= batches.size()) throw new IndexOutOfBoundsException("batch " + index + " of epoch " + epoch);
        return Batch.of(batches.get(index).stream().map(examples::get).toList(), pad);
    }

    private List<List<Integer>> batches(int epoch) {
        if (epoch == cachedEpoch) return cached;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) order.add(i);
        Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
        List<List<Integer>> out = new ArrayList<>();
        int window = groupByLength ? WINDOW * batchSize : batchSize;
        for (int w = 0; w < order.size(); w += window) {
            List<Integer> part = new ArrayList<>(order.subList(w, Math.min(w + window, order.size())));
            if (groupByLength) part.sort(Comparator.comparingInt(i -> examples.get(i).length()));
            for (int b = 0; b < part.size(); b += batchSize) out.add(List.copyOf(part.subList(b, Math.min(b + batchSize, part.size()))));
        }
        // a different stream than the permutation's: the batches of a window come out in no particular length order
        if (groupByLength) Collections.shuffle(out, new Random(seed * 1_000_003L + epoch + 0x5DEECE66DL));
        cachedEpoch = epoch;
        cached = out;
        return out;
    }
}
