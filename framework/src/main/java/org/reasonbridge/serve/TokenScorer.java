package org.reasonbridge.serve;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.transformer.Decoder;
import org.reasonbridge.model.transformer.KvCache;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * The log-probability the model gives each token of a sequence after the tokens before it (teacher forcing), with
 * the most likely alternatives: what {@code logprobs} reports, and with {@code echo} what lm-evaluation-harness sums
 * for a loglikelihood. The raw model distribution: log-softmax of the logits, before temperature or logit bias (as
 * vLLM reports). Runs the sequence through the KV cache in chunks of {@link #CHUNK}, so memory stays linear in its length.
 */
final class TokenScorer {
    /**
     * Tokens per pass: every position's logits are kept ([chunk, vocabulary] floats, 78 MB at Qwen's 152k), so
     * chunks are smaller than generation's prefill chunks.
     */
    static final int CHUNK = 128;

    private TokenScorer() {
    }

    /**
     * Log-probabilities of the tokens of one sequence.
     *
     * @param from   the first position scored (at least 1: the first token has no context)
     * @param logprob per scored position p: log P(ids[p] | ids[..p))
     * @param topIds  per scored position: the {@code top} most likely ids, best first (ties: lower id first)
     * @param topLogprobs their log-probabilities
     */
    record Scores(int from, double[] logprob, int[][] topIds, double[][] topLogprobs) {
        /** Positions scored. */
        int size() {
            return logprob.length;
        }
    }

    /** Scores positions {@code from .. ids.length - 1} of {@code ids}, with {@code top} alternatives each. */
    static Scores score(Decoder decoder, int[] ids, int from, int top) {
        from = Math.max(1, from);
        int n = Math.max(0, ids.length - from);
        Scores out = new Scores(from, new double[n], new int[n][], new double[n][]);
        if (n == 0) return out;
        int chunk = CHUNK;
        try (KvCache cache = decoder.newCache(1)) {
            int firstNeeded = from - 1; // the input position whose logits predict ids[from]
            for (int at = 0; at < firstNeeded; at += chunk) {
                decoder.forward(cache, new int[][]{Arrays.copyOfRange(ids, at, Math.min(firstNeeded, at + chunk))},
                        Decoder.Rows.LAST).close(); // the context before the scored span: only the cache is needed
            }
            for (int at = firstNeeded; at < ids.length - 1; at += chunk) {
                int to = Math.min(ids.length - 1, at + chunk);
                INDArray logits = decoder.forward(cache, new int[][]{Arrays.copyOfRange(ids, at, to)}, Decoder.Rows.ALL); // [T, V]
                try {
                    for (int i = 0; i < to - at; i++) {
                        int p = at + i + 1; // the position these logits predict
                        scoreRow(logits.getRow(i).toFloatVector(), ids[p], top, out, p - from);
                    }
                } finally {
                    logits.close();
                }
            }
        }
        return out;
    }

    private static void scoreRow(float[] logits, int target, int top, Scores out, int slot) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : logits) max = Math.max(max, x);
        double sum = 0;
        for (float x : logits) sum += Math.exp(x - max);
        double lse = max + Math.log(sum);
        out.logprob()[slot] = logits[target] - lse;
        // the k best: a min-heap of ids ordered by (logit, -id); after the first k a token enters only if it beats the worst
        PriorityQueue<Integer> heap = new PriorityQueue<>(Math.max(1, top), (a, b) -> logits[a] != logits[b]
                ? Float.compare(logits[a], logits[b]) : Integer.compare(b, a));
        for (int id = 0; id < logits.length && top > 0; id++) {
            if (heap.size() < top) {
                heap.add(id);
            } else {
                int worst = heap.peek();
                if (logits[id] > logits[worst]) {
                    heap.poll();
                    heap.add(id);
                }
            }
        }
        int[] ids = new int[heap.size()];
        double[] lps = new double[heap.size()];
        for (int i = ids.length - 1; i >= 0; i--) {
            ids[i] = heap.poll();
            lps[i] = logits[ids[i]] - lse;
        }
        out.topIds()[slot] = ids;
        out.topLogprobs()[slot] = lps;
    }
}
