package org.reasonbridge.model.exec;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Off-heap arrays an {@link ExecutionPlan} reuses for the intermediates of its ops, by exact shape, order and
 * type. Freed arrays are kept only up to {@link #capacityBytes} in total, and only the shapes the last run asked
 * for: the rest is closed at once, so memory is given back deterministically instead of whenever the garbage
 * collector gets to the handles. Also the home of a {@link org.reasonbridge.model.transformer.KvCache}'s freed
 * buffers between generations ({@code Decoder}). Not thread-safe.
 */
public final class ArrayPool {
    /** Default bound on the bytes kept between runs: a decode step's intermediates fit many times over. */
    static final long DEFAULT_CAPACITY = 32L << 20;

    private final long capacityBytes;
    private final Map<Key, Bucket> buckets = new HashMap<>();
    private long retainedBytes;
    private long run;

    public ArrayPool(long capacityBytes) {
        if (capacityBytes < 0) throw new IllegalArgumentException("capacity must be >= 0, got " + capacityBytes);
        this.capacityBytes = capacityBytes;
    }

    /** An array of {@code key}'s shape with undefined contents: a freed one if there is one, else a new one. */
    public INDArray take(Key key) {
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket());
        b.lastRun = run;
        INDArray a = b.free.poll();
        if (a == null) return key.allocate();
        retainedBytes -= key.bytes;
        return a;
    }

    /** Gives back an array that {@link #take} returned; nobody may use it afterwards. */
    public void give(Key key, INDArray a) {
        if (retainedBytes + key.bytes > capacityBytes) {
            a.close();
            return;
        }
        buckets.computeIfAbsent(key, k -> new Bucket()).free.push(a);
        retainedBytes += key.bytes;
    }

    /** Ends a run: frees the arrays of shapes this run did not use (a decode step's longer cache leaves them behind). */
    void endRun() {
        for (Iterator<Map.Entry<Key, Bucket>> it = buckets.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Bucket> e = it.next();
            if (e.getValue().lastRun != run) {
                retainedBytes -= e.getKey().bytes * e.getValue().free.size();
                e.getValue().free.forEach(INDArray::close);
                it.remove();
            }
        }
        run++;
    }

    /** Closes every kept array. */
    public void clear() {
        buckets.values().forEach(b -> b.free.forEach(INDArray::close));
        buckets.clear();
        retainedBytes = 0;
    }

    public long retainedBytes() {
        return retainedBytes;
    }

    private static final class Bucket {
        final ArrayDeque<INDArray> free = new ArrayDeque<>();
        long lastRun;
    }

    /** Shape, order and type of an array; made once per output per shape signature, so lookups allocate nothing. */
    public static final class Key {
        final DataType type;
        final char order;
        final long[] shape;
        final long bytes;
        private final boolean empty;
        private final int hash;

        Key(LongShapeDescriptor d) {
            this(d.dataType(), d.getOrder(), d.getShape(), d.isEmpty());
        }

        public Key(DataType type, char order, long[] shape, boolean empty) {
            this.type = type;
            this.order = order;
            this.shape = shape.clone();
            this.empty = empty;
            long n = 1;
            for (long d : shape) n *= d;
            this.bytes = n * type.width();
            this.hash = 31 * (31 * type.hashCode() + order) + Arrays.hashCode(shape);
        }

        INDArray allocate() {
            // a zero-length dimension (an empty KV cache) makes an empty array, which has no buffer to leave unset
            if (empty || bytes == 0) return shape.length == 0 ? Nd4j.empty(type) : Nd4j.create(type, shape);
            return Nd4j.createUninitializedDetached(type, order, shape);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.type == type && k.order == order && k.empty == empty
                    && Arrays.equals(k.shape, shape);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return type + Arrays.toString(shape) + order;
        }
    }
}
