package org.reasonbridge.model.transformer;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.exec.ArrayPool;
import org.reasonbridge.model.exec.ExecutionPlan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Runs the decoder graph: a prefill or a decode step over a batch of rows, each row with its own positions,
 * appending to a {@link KvCache} (through the plan, in place: only the new positions are written). Not thread-safe;
 * one generation at a time per decoder.
 *
 * <p>Passes run through an {@link ExecutionPlan} of the graph's ops; {@code -Dreasonbridge.plan=false} runs them
 * through {@code sd.output} (SameDiff's InferenceSession) instead, which gives the same logits more slowly.
 */
public final class Decoder {
    /** Token id that marks a padding slot in {@link #forward}'s input. */
    public static final int PAD = -1;

    /** System property that, set to {@code false}, turns the execution plan off. */
    public static final String PLAN_PROPERTY = "reasonbridge.plan";

    /** Bytes of closed caches' buffers kept for later caches. */
    static final long KV_BUFFER_BYTES = 64L << 20;

    /** Which positions get logits. */
    public enum Rows { ALL, LAST }

    private final ModelConfig config;
    private final SameDiff graph;
    private final Rope rope;
    private final int[] windows;      // distinct window sizes in use, 0 = full attention
    private final String[] outputs;    // last-row logits + present k/v of every layer
    private final String[] outputsAll; // the same with the logits of every row
    private final Set<String> pasts;   // past k/v placeholders: views of a cache's buffers, never closed here
    private final DataType dtype;
    private final boolean usePlan = !"false".equalsIgnoreCase(System.getProperty(PLAN_PROPERTY));
    private final Map<String, ExecutionPlan> plans = new HashMap<>(); // by first output name
    /**
     * Buffers of closed caches, for the next ones (up to {@link #KV_BUFFER_BYTES}): a new cache's buffers cost an
     * allocation, its page faults and JavaCPP's memory check each, ≈ 0.8 ms of a 32-token prefill of {@code small}
     * (16 buffers), in every generation of an evaluation.
     */
    private final ArrayPool kvBuffers = new ArrayPool(KV_BUFFER_BYTES);
    private boolean planUnsupported; // hooks spliced in ops only SameDiff's session can run

    private Decoder(ModelConfig config, SameDiff graph, DataType dtype) {
        this.config = config;
        this.graph = graph;
        this.dtype = dtype;
        this.rope = new Rope(config);
        this.windows = new TreeSet<>(config.layerWindows()).stream().mapToInt(Integer::intValue).toArray();
        List<String> out = new ArrayList<>();
        out.add(GraphNames.LOGITS);
        for (int l = 0; l < config.numLayers(); l++) {
            out.add(GraphNames.presentKey(l));
            out.add(GraphNames.presentValue(l));
        }
        this.outputs = out.toArray(String[]::new);
        out.set(0, GraphNames.LOGITS_ALL);
        this.outputsAll = out.toArray(String[]::new);
        Set<String> p = new HashSet<>();
        for (int l = 0; l < config.numLayers(); l++) {
            p.add(GraphNames.pastKey(l));
            p.add(GraphNames.pastValue(l));
        }
        this.pasts = Set.copyOf(p);
    }

    /** Builds the FP32 graph from weights by checkpoint name; {@code hooks} may splice adapters into each layer. */
    public static Decoder build(ModelConfig config, Function<String, INDArray> weights, LayerHooks hooks) {
        return build(config, weights, hooks, DataType.FLOAT);
    }

    /** As {@link #build(ModelConfig, Function, LayerHooks)} computing in {@code dtype} (DOUBLE for gradient checks). */
    public static Decoder build(ModelConfig config, Function<String, INDArray> weights, LayerHooks hooks, DataType dtype) {
        return new Decoder(config, DecoderGraph.build(config, weights, hooks, dtype), dtype);
    }

    public DataType dataType() {
        return dtype;
    }

    public ModelConfig config() {
        return config;
    }

    /** The SameDiff graph; variables are named as the checkpoint's tensors. */
    public SameDiff graph() {
        return graph;
    }

    /** An empty cache for {@code batch} rows; close it when done, so its buffers serve the next one. */
    public KvCache newCache(int batch) {
        return new KvCache(config, batch, dtype, kvBuffers);
    }

    /**
     * Feeds T new tokens per row ({@link #PAD} for padding) and appends them to {@code cache}.
     *
     * @return logits [B*T, V] for {@link Rows#ALL} (row-major over batch then time), [B, V] for {@link Rows#LAST}
     */
    public synchronized INDArray forward(KvCache cache, int[][] tokens, Rows rows) {
        cache.reserve(cache.length() + tokens[0].length);
        Map<String, INDArray> feed = feed(cache, tokens, rows);
        Map<String, INDArray> out = execute(feed, rows == Rows.ALL ? outputsAll : outputs, appendTargets(cache));
        // Free what this pass made obsolete now, not when the garbage collector gets to it (a chunked prefill's masks
        // add up); the past keys and values are views of the cache's buffers, which stay.
        release(feed, out.values());
        INDArray[] keys = new INDArray[config.numLayers()], values = new INDArray[config.numLayers()];
        for (int l = 0; l < config.numLayers(); l++) {
            keys[l] = out.get(GraphNames.presentKey(l));
            values[l] = out.get(GraphNames.presentValue(l));
        }
        cache.store(keys, values);
        return out.get(rows == Rows.ALL ? GraphNames.LOGITS_ALL : GraphNames.LOGITS);
    }

    /** Each layer's present keys and values by output name, to their buffer in {@code cache} (filled in place). */
    Map<String, INDArray> appendTargets(KvCache cache) {
        Map<String, INDArray> into = new HashMap<>();
        for (int l = 0; l < config.numLayers(); l++) {
            into.put(GraphNames.presentKey(l), cache.keyBuffer(l));
            into.put(GraphNames.presentValue(l), cache.valueBuffer(l));
        }
        return into;
    }

    /** Runs the graph for {@code names}: through the execution plan unless it is switched off or cannot run it. */
    private Map<String, INDArray> execute(Map<String, INDArray> feed, String[] names, Map<String, INDArray> appendInto) {
        if (!usePlan || planUnsupported) return graph.output(feed, names);
        ExecutionPlan plan = plans.get(names[0]);
        if (plan == null || !plan.isCurrent()) { // first use, or training added ops to the graph since
            if (plan != null) plan.close();
            try {
                plan = ExecutionPlan.compile(graph, names);
            } catch (UnsupportedOperationException e) {
                planUnsupported = true;
                return graph.output(feed, names);
            }
            plans.put(names[0], plan);
        }
        return plan.run(feed, appendInto);
    }

    /**
     * Frees the execution plans' pooled intermediates and op contexts, and the buffers closed caches left for later
     * ones, now rather than when the garbage collector gets to them; the decoder stays usable (the next pass compiles
     * its plan again).
     */
    public synchronized void releasePlans() {
        plans.values().forEach(ExecutionPlan::close);
        plans.clear();
        synchronized (kvBuffers) {
            kvBuffers.clear();
        }
    }

    /**
     * Intermediate variables of a full forward pass over one sequence, by graph name, module scope then the op's
     * name (e.g. {@code model.layers.0.self_attn/context}, {@code model.layers.1.block_sparse_moe/expert_weights},
     * {@code model.layers.2.mlp.down_proj/out}; see {@link ModelNames#scoped}): for notebooks and for debugging a
     * mismatch against a reference layer by layer, e.g. against the outputs of Hugging Face forward hooks. The
     * attention probabilities ({@code self_attn/attn_probs}) exist only with {@link FusedAttention} switched off.
     */
    public synchronized Map<String, INDArray> inspect(int[] ids, String... variables) {
        return run(newCache(1), new int[][]{ids}, Rows.ALL, variables);
    }

    /**
     * Closes the arrays a {@link #feed} made (ids, RoPE tables, masks; and any other entry of {@code feed}), except the
     * past keys and values, which are views of the cache's buffers, and the arrays in {@code keep}: freed now, not
     * when the garbage collector gets to them (a long sequence's mask is hundreds of MB).
     */
    public void release(Map<String, INDArray> feed, Collection<INDArray> keep) {
        Set<INDArray> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(keep);
        for (Map.Entry<String, INDArray> e : feed.entrySet()) {
            if (!kept.contains(e.getValue()) && !pasts.contains(e.getKey()) && !e.getValue().wasClosed()) e.getValue().close();
        }
    }

    /**
     * The placeholder values for feeding {@code tokens} on top of {@code cache} (which is advanced): for callers
     * that run the graph themselves, e.g. training asks it for gradients.
     */
    public Map<String, INDArray> feed(KvCache cache, int[][] tokens, Rows rows) {
        int b = tokens.length;
        if (b != cache.batchSize()) throw new IllegalArgumentException("batch " + b + " != cache " + cache.batchSize());
        int t = tokens[0].length;
        long[][] ids = new long[b][t];
        for (int r = 0; r < b; r++) {
            if (tokens[r].length != t) throw new IllegalArgumentException("rows of one step must have equal length");
            for (int i = 0; i < t; i++) {
                int id = tokens[r][i];
                if (id != PAD && (id < 0 || id >= config.vocabSize())) {
                    throw new IllegalArgumentException("token id " + id + " outside vocabulary [0, " + config.vocabSize() + ")");
                }
                ids[r][i] = id == PAD ? 0 : id;
            }
        }
        int[][] queryPositions = cache.append(tokens);
        INDArray[] cosSin = rope.tables(queryPositions);
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(GraphNames.INPUT_IDS, Nd4j.createFromArray(ids));
        feed.put(GraphNames.ROPE_COS, typed(cosSin[0]));
        feed.put(GraphNames.ROPE_SIN, typed(cosSin[1]));
        for (int w : windows) {
            String name = w == 0 ? GraphNames.ATTENTION_MASK : GraphNames.windowMask(w);
            feed.put(name, typed(AttentionMask.build(cache.keyPositions, queryPositions, config.groupSize(), w)));
        }
        long[] index = rows == Rows.ALL ? new long[b * t] : new long[b];
        for (int i = 0; i < index.length; i++) index[i] = rows == Rows.ALL ? i : (long) i * t + t - 1;
        feed.put(GraphNames.LOGITS_INDEX, Nd4j.createFromArray(index));
        for (int l = 0; l < config.numLayers(); l++) {
            feed.put(GraphNames.pastKey(l), cache.pastKeys(l));
            feed.put(GraphNames.pastValue(l), cache.pastValues(l));
        }
        return feed;
    }

    private INDArray typed(INDArray a) {
        return a.dataType() == dtype ? a : a.castTo(dtype);
    }

    private Map<String, INDArray> run(KvCache cache, int[][] tokens, Rows rows, String[] wanted) {
        return graph.output(feed(cache, tokens, rows), wanted);
    }

    /** Logits [T, V] of every position of one sequence, without a cache (full recomputation). */
    public float[][] logits(int[] ids) {
        try (KvCache cache = newCache(1)) { // freed now: a long sequence's cache is large
            INDArray logits = forward(cache, new int[][]{ids}, Rows.ALL);
            float[][] values = logits.toFloatMatrix();
            if (logits.closeable()) logits.close();
            return values;
        }
    }
}
