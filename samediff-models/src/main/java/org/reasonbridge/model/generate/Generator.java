package org.reasonbridge.model.generate;

import org.reasonbridge.model.transformer.Decoder;
import org.reasonbridge.model.transformer.KvCache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * KV-cache generation for a batch of prompts: one prefill, then one decode step per token, with sampling,
 * stop tokens and strings, a streaming listener and a {@link DecodeHook} at every sampled step. Rows of unequal
 * length are left-padded; tokens a hook splices in are fed in the same step (rows with fewer new tokens are
 * left-padded again), so a splice costs one forward pass whatever its length. A rewind takes tokens back out of the
 * row and its cache ({@link KvCache#forget}); {@code maxNewTokens} counts the tokens the row holds, so a rewound row
 * may compute more than that many in all (the hook bounds how often it rewinds).
 */
public final class Generator {
    /**
     * Prompt tokens fed per forward pass. Attention scores of one pass are [B, H, chunk, S]: chunking keeps them
     * linear in the prompt length S instead of quadratic (a 24k-token prompt in one pass needs tens of GB).
     */
    public static final int DEFAULT_PREFILL_CHUNK = 512;

    private final Decoder decoder;
    private final TextDecoder text;
    private final Set<Integer> defaultStops;
    private final int prefillChunk;

    /** @param defaultStops the model's end-of-sequence ids, used when a config names none */
    public Generator(Decoder decoder, TextDecoder text, Set<Integer> defaultStops) {
        this(decoder, text, defaultStops, DEFAULT_PREFILL_CHUNK);
    }

    private Generator(Decoder decoder, TextDecoder text, Set<Integer> defaultStops, int prefillChunk) {
        if (prefillChunk < 1) throw new IllegalArgumentException("prefill chunk must be >= 1, got " + prefillChunk);
        this.decoder = decoder;
        this.text = text;
        this.defaultStops = Set.copyOf(defaultStops);
        this.prefillChunk = prefillChunk;
    }

    /** This generator feeding prompts {@code tokens} at a time (the logits do not change, only peak memory). */
    public Generator withPrefillChunk(int tokens) {
        return new Generator(decoder, text, defaultStops, tokens);
    }

    public Generation generate(int[] prompt, GenerationConfig config) {
        return generate(List.of(prompt), config, DecodeHook.NONE, TokenListener.NONE).get(0);
    }

    /** Generates for every prompt together; results are in prompt order. */
    public List<Generation> generate(List<int[]> prompts, GenerationConfig config, DecodeHook hook,
                                     TokenListener listener) {
        if (prompts.isEmpty()) return List.of();
        Set<Integer> stops = config.stopTokenIds() != null ? config.stopTokenIds() : defaultStops;
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < prompts.size(); r++) {
            int[] p = prompts.get(r);
            if (p.length == 0) throw new IllegalArgumentException("prompt " + r + " is empty");
            rows.add(new Row(r, p.clone(), new Sampler(config, config.seed() + r)));
        }
        if (config.maxNewTokens() == 0) return rows.stream().map(Row::result).toList();

        try (KvCache cache = decoder.newCache(rows.size())) {
            int[][] chunks = rows.stream().map(row -> row.prompt).toArray(int[][]::new);
            int[][] padded = leftPad(chunks);
            int width = padded[0].length;
            for (int from = 0; from + prefillChunk < width; from += prefillChunk) {
                // every chunk but the last only fills the cache; its logits are not needed
                decoder.forward(cache, columns(padded, from, from + prefillChunk), Decoder.Rows.LAST);
            }
            chunks = columns(padded, Math.max(0, width - 1) / prefillChunk * prefillChunk, width);
            while (true) {
                float[][] logits = decoder.forward(cache, leftPad(chunks), Decoder.Rows.LAST).toFloatMatrix();
                for (Row row : rows) {
                    chunks[row.index] = row.done ? new int[0] : row.step(logits[row.index], config, stops, hook, listener);
                    if (row.forget > 0) cache.forget(row.index, row.forget);
                    row.forget = 0;
                }
                if (rows.stream().allMatch(row -> row.done)) break;
            }
        }
        return rows.stream().map(Row::result).toList();
    }

    private static int[][] columns(int[][] rows, int from, int to) {
        int[][] out = new int[rows.length][];
        for (int r = 0; r < rows.length; r++) out[r] = Arrays.copyOfRange(rows[r], from, to);
        return out;
    }

    private static int[][] leftPad(int[][] chunks) {
        int t = Arrays.stream(chunks).mapToInt(c -> c.length).max().orElse(0);
        int[][] out = new int[chunks.length][t];
        for (int r = 0; r < chunks.length; r++) {
            Arrays.fill(out[r], Decoder.PAD);
            System.arraycopy(chunks[r], 0, out[r], t - chunks[r].length, chunks[r].length);
        }
        return out;
    }

    /** One prompt's progress. */
    private final class Row {
        final int index;
        final int[] prompt;
        final Sampler sampler;
        int[] generated = new int[16];
        int size;
        boolean done;
        FinishReason reason;
        int stopToken = -1;
        int cut = -1;          // text length before a stop string
        String emitted = "";   // text already streamed
        int forget;            // tokens a rewind took back, to leave the cache before the next pass

        Row(int index, int[] prompt, Sampler sampler) {
            this.index = index;
            this.prompt = prompt;
            this.sampler = sampler;
        }

        int[] ids() {
            return Arrays.copyOf(generated, size);
        }

        /** Chooses this step's tokens and returns those to feed next (empty once the row is done). */
        int[] step(float[] logits, GenerationConfig config, Set<Integer> stops, DecodeHook hook, TokenListener listener) {
            int proposed = sampler.next(logits);
            DecodeAction action = hook.onStep(new DecodeStep(index, size, prompt.clone(), ids(), logits, proposed,
                    () -> text.decode(ids())));
            int[] emit;
            if (action instanceof DecodeAction.Replace r) {
                emit = new int[]{r.token()};
            } else if (action instanceof DecodeAction.Splice s) {
                emit = s.tokens();
            } else if (action instanceof DecodeAction.Rewind r) {
                if (r.keep() > size) throw new IllegalArgumentException("rewind keeps " + r.keep() + " of " + size + " tokens");
                forget = size - r.keep();
                size = r.keep();
                // a streaming client has seen the cut text already; what follows streams on from the kept text
                if (listener != TokenListener.NONE) emitted = text.decode(ids());
                emit = r.tokens();
            } else if (action instanceof DecodeAction.Stop) {
                emit = null;
            } else {
                emit = new int[]{proposed};
            }
            if (emit == null) {
                finish(FinishReason.HOOK);
                return new int[0];
            }
            for (int token : emit) {
                if (token < 0 || token >= logits.length) {
                    throw new IllegalArgumentException("hook emitted token " + token + " outside [0, " + logits.length + ")");
                }
            }
            for (int token : emit) {
                if (stops.contains(token)) {
                    stopToken = token;
                    finish(FinishReason.STOP_TOKEN);
                    break;
                }
                append(token);
                if (!config.stopStrings().isEmpty() || listener != TokenListener.NONE) {
                    String full = text.decode(ids());
                    stream(full, token, listener);
                    if (stopStringFound(full, config.stopStrings())) break;
                }
                if (size >= config.maxNewTokens()) {
                    finish(FinishReason.LENGTH);
                    break;
                }
            }
            return done ? new int[0] : emit;
        }

        private void append(int token) {
            if (size == generated.length) generated = Arrays.copyOf(generated, size * 2);
            generated[size++] = token;
        }

        private void stream(String full, int token, TokenListener listener) {
            // A byte-level token can end inside a UTF-8 sequence: hold the text back until it completes.
            String delta = "";
            if (!full.endsWith("\uFFFD") && full.startsWith(emitted)) {
                delta = full.substring(emitted.length());
                emitted = full;
            }
            listener.onToken(index, token, delta);
        }

        private boolean stopStringFound(String full, List<String> stopStrings) {
            int first = -1;
            for (String s : stopStrings) {
                int at = full.indexOf(s);
                if (at >= 0 && (first < 0 || at < first)) first = at;
            }
            if (first < 0) return false;
            cut = first;
            finish(FinishReason.STOP_STRING);
            return true;
        }

        private void finish(FinishReason r) {
            done = true;
            reason = r;
        }

        Generation result() {
            String t = text.decode(ids());
            if (cut >= 0) t = t.substring(0, cut);
            return new Generation(prompt, ids(), t, reason == null ? FinishReason.LENGTH : reason, stopToken);
        }
    }
}
