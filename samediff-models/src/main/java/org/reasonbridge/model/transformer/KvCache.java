package org.reasonbridge.model.transformer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.exec.ArrayPool;

import java.util.Arrays;

/**
 * Keys and values of every position a batch has seen, per layer, in preallocated buffers [B, Hkv, C, d] of which
 * the first {@link #length()} positions are filled, plus each cached slot's rotary position (-1 for padding) so masks
 * and positions follow each row. A {@link Decoder#forward} pass writes its new positions into the buffers in place
 * (the graph's {@code concat(past, new)} becomes a write behind {@code past}); when a pass needs more room the
 * capacity C at least doubles, so the copying stays linear in the length. Owned by one generation, which should
 * {@link #close} it when done: the buffers then go back to the decoder's pool for the next generation (or are freed
 * at once past its bound) instead of waiting for the garbage collector. Only the filled positions are ever read, so a
 * reused buffer gives the same results as a new one.
 */
public final class KvCache implements AutoCloseable {
    /** Capacity of the first buffers: a chat turn's prompt and answer grow them a few times at most. */
    static final int DEFAULT_MIN_CAPACITY = 64;

    private final int batch;
    private final int kvHeads;
    private final int headDim;
    private final DataType dtype;
    private final int minCapacity;
    private final ArrayPool buffers; // freed buffers shared with later caches (guarded by itself)
    private final INDArray[] keys;   // [B, Hkv, C, d] per layer; null until the first reserve
    private final INDArray[] values; // [B, Hkv, C, d] per layer
    private int capacity;
    private int filled;              // positions whose keys and values are in the buffers
    int[][] keyPositions;            // [B][S]
    final int[] nextPosition;        // [B] position the row's next real token gets

    KvCache(ModelConfig c, int batch, DataType dtype, ArrayPool buffers) {
        this(c, batch, dtype, DEFAULT_MIN_CAPACITY, buffers);
    }

    /**
     * @param minCapacity the capacity of the first buffers (tests use 1 to make every pass grow them)
     * @param buffers where buffers come from and go back to (a pool of capacity 0 allocates and frees each)
     */
    KvCache(ModelConfig c, int batch, DataType dtype, int minCapacity, ArrayPool buffers) {
        if (batch <= 0) throw new IllegalArgumentException("batch must be > 0, got " + batch);
        if (minCapacity <= 0) throw new IllegalArgumentException("minimum capacity must be > 0, got " + minCapacity);
        this.batch = batch;
        this.kvHeads = c.numKvHeads();
        this.headDim = c.headDim();
        this.dtype = dtype;
        this.minCapacity = minCapacity;
        this.buffers = buffers;
        keys = new INDArray[c.numLayers()];
        values = new INDArray[c.numLayers()];
        keyPositions = new int[batch][0];
        nextPosition = new int[batch];
    }

    public int batchSize() {
        return nextPosition.length;
    }

    /** Cached positions S (padding included). */
    public int length() {
        return keyPositions[0].length;
    }

    /** Positions the buffers hold without growing. */
    public int capacity() {
        return capacity;
    }

    /** Real tokens seen by row {@code b}. */
    public int tokens(int b) {
        return nextPosition[b];
    }

    /**
     * Takes back row {@code b}'s last {@code n} real tokens: their slots become padding (no query attends to them)
     * and the row's next token takes the first of their positions, so decoding goes on exactly as if they had never
     * been fed. The slots stay in the arrays (the batch shares one length); they cost memory, not correctness.
     */
    public void forget(int b, int n) {
        if (n < 0 || n > nextPosition[b]) throw new IllegalArgumentException("cannot forget " + n + " of " + nextPosition[b] + " tokens");
        int from = nextPosition[b] - n;
        int[] kp = keyPositions[b];
        for (int j = 0; j < kp.length; j++) if (kp[j] >= from) kp[j] = -1;
        nextPosition[b] = from;
    }

    /**
     * Makes room for {@code positions} positions per row: new buffers of at least twice the old capacity, with the
     * filled positions copied over (the old buffers are freed at once). A caller that knows the final length (prompt
     * plus answer) may reserve it up front and never grow.
     */
    public void reserve(int positions) {
        if (positions <= capacity) return;
        int c = (int) Math.min(Integer.MAX_VALUE, Math.max(positions, Math.max(2L * capacity, minCapacity)));
        for (int l = 0; l < keys.length; l++) {
            keys[l] = grown(keys[l], c);
            values[l] = grown(values[l], c);
        }
        capacity = c;
    }

    private INDArray grown(INDArray old, int c) {
        INDArray a = take(c);
        if (old != null) {
            if (filled > 0) filledPart(a).assign(filledPart(old));
            giveBack(old);
        }
        return a;
    }

    /** A buffer [B, Hkv, c, d] with undefined contents: a freed one from the pool when there is one. */
    private INDArray take(int c) {
        synchronized (buffers) {
            return buffers.take(key(c));
        }
    }

    private void giveBack(INDArray buffer) {
        synchronized (buffers) {
            buffers.give(key((int) buffer.size(2)), buffer);
        }
    }

    private ArrayPool.Key key(int c) {
        return new ArrayPool.Key(dtype, 'c', new long[]{batch, kvHeads, c, headDim}, false);
    }

    private INDArray filledPart(INDArray buffer) {
        return buffer.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, filled), NDArrayIndex.all());
    }

    /** Layer {@code l}'s keys so far [B, Hkv, P, d]: a view of its buffer (an empty array before the first pass). */
    INDArray pastKeys(int l) {
        return filled == 0 ? Nd4j.create(dtype, batch, kvHeads, 0, headDim) : filledPart(keys[l]);
    }

    /** Layer {@code l}'s values so far [B, Hkv, P, d], as {@link #pastKeys}. */
    INDArray pastValues(int l) {
        return filled == 0 ? Nd4j.create(dtype, batch, kvHeads, 0, headDim) : filledPart(values[l]);
    }

    /** Layer {@code l}'s key buffer [B, Hkv, C, d], for a pass to write its new positions into. */
    INDArray keyBuffer(int l) {
        return keys[l];
    }

    /** Layer {@code l}'s value buffer [B, Hkv, C, d]. */
    INDArray valueBuffer(int l) {
        return values[l];
    }

    /**
     * Records a pass's present keys and values [B, Hkv, S, d] (S = {@link #length()}) per layer. Those computed in
     * place are views of the buffers and need nothing; any other array's new positions are copied into the buffers
     * and the array is closed (it is the pass's, e.g. from {@code sd.output}).
     */
    void store(INDArray[] presentKeys, INDArray[] presentValues) {
        int s = length();
        reserve(s);
        for (int l = 0; l < keys.length; l++) {
            storeLayer(keys[l], presentKeys[l], s);
            storeLayer(values[l], presentValues[l], s);
        }
        filled = s;
    }

    private void storeLayer(INDArray buffer, INDArray present, int s) {
        if (present.size(2) != s) {
            throw new IllegalStateException("present keys/values hold " + present.size(2) + " positions, the cache " + s);
        }
        if (present.data() == buffer.data() && present.offset() == 0) return; // written in place
        if (s > filled) {
            buffer.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(filled, s), NDArrayIndex.all())
                    .assign(present.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(filled, s),
                            NDArrayIndex.all()));
        }
        if (present.closeable()) present.close();
    }

    /** Gives the buffers back (or frees them) now; the cache is empty afterwards (and grows again if fed). */
    @Override
    public void close() {
        for (int l = 0; l < keys.length; l++) {
            if (keys[l] != null) giveBack(keys[l]);
            if (values[l] != null) giveBack(values[l]);
            keys[l] = null;
            values[l] = null;
        }
        capacity = 0;
        filled = 0;
        keyPositions = new int[batchSize()][0];
        Arrays.fill(nextPosition, 0);
    }

    /** Assigns positions to the new tokens (-1 for padding) and records them as keys. */
    int[][] append(int[][] tokens) {
        int b = tokens.length, t = tokens[0].length, s = length();
        int[][] q = new int[b][t];
        for (int r = 0; r < b; r++) {
            int[] kp = Arrays.copyOf(keyPositions[r], s + t);
            for (int i = 0; i < t; i++) {
                q[r][i] = tokens[r][i] < 0 ? -1 : nextPosition[r]++;
                kp[s + i] = q[r][i];
            }
            keyPositions[r] = kp;
        }
        return q;
    }
}
