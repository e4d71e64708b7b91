package org.reasonbridge.model.transformer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reasonbridge.model.config.ModelConfig;

import java.util.Arrays;

/**
 * Keys and values of every position a batch has seen, per layer [B, Hkv, S, d], plus each cached slot's
 * rotary position (-1 for padding) so masks and positions follow each row. Owned by one generation; a
 * {@link Decoder#forward} call replaces the arrays with the graph's {@code present.*} outputs.
 */
public final class KvCache {
    final INDArray[] keys;
    final INDArray[] values;
    int[][] keyPositions;   // [B][S]
    final int[] nextPosition; // [B] position the row's next real token gets

    KvCache(ModelConfig c, int batch, DataType dtype) {
        if (batch <= 0) throw new IllegalArgumentException("batch must be > 0, got " + batch);
        keys = new INDArray[c.numLayers()];
        values = new INDArray[c.numLayers()];
        for (int l = 0; l < c.numLayers(); l++) {
            keys[l] = Nd4j.create(dtype, batch, c.numKvHeads(), 0, c.headDim());
            values[l] = Nd4j.create(dtype, batch, c.numKvHeads(), 0, c.headDim());
        }
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
