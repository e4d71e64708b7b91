package org.reasonbridge.serve;

import org.reasonbridge.model.Model;
import org.reasonbridge.model.generate.DecodeAction;
import org.reasonbridge.model.generate.DecodeHook;
import org.reasonbridge.model.generate.Generation;
import org.reasonbridge.model.generate.TokenListener;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one thread that uses the model (a decoder serves one generation at a time): takes jobs from a bounded queue
 * in arrival order and answers each. Queued greedy jobs with equal settings and no hook are decoded as one batch,
 * as long as the batch's tokens stay within the memory budget. Whenever the queue runs empty the worker gives its
 * memory back ({@link NativeMemory#release}), so a long request does not leave the server large.
 */
final class ModelWorker implements AutoCloseable {
    private final Model model;
    private final Function<GenerationRequest, DecodeHook> hooks;
    private final int maxBatch;
    private final long tokenBudget;
    private final ArrayBlockingQueue<Job> queue;
    private final Thread thread;
    private volatile boolean accepting = true;
    private volatile int largestBatch; // for tests and /health: did batching happen

    /** @param hooks a decode hook per request (an intervention policy), or null for none */
    ModelWorker(Model model, Function<GenerationRequest, DecodeHook> hooks, int maxQueue, int maxBatch, long tokenBudget) {
        this.model = model;
        this.hooks = hooks;
        this.maxBatch = maxBatch;
        this.tokenBudget = tokenBudget;
        this.queue = new ArrayBlockingQueue<>(maxQueue);
        this.thread = new Thread(this::loop, "reasonbridge-model-worker");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a request; a 429 when the queue is full, a 503 once shutting down. */
    Job submit(GenerationRequest request) {
        if (!accepting) throw new ApiError(503, "server_error", "the server is shutting down", null, "shutting_down");
        DecodeHook hook = hooks == null ? null : Objects.requireNonNull(hooks.apply(request), "the hook factory returned null");
        if (hook == DecodeHook.NONE) hook = null; // no hook: the job may join a batch
        Job job = new Job(request, hook);
        if (!queue.offer(job)) {
            throw new ApiError(429, "rate_limit_exceeded", "the server's queue of " + queue.size()
                    + " requests is full; retry later", null, "queue_full");
        }
        return job;
    }

    int queued() {
        return queue.size();
    }

    int largestBatch() {
        return largestBatch;
    }

    private void loop() {
        NativeMemory.WorkerSession session = NativeMemory.install(model.decoder().graph());
        while (accepting || !queue.isEmpty()) {
            Job first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) continue;
            List<Job> batch = new ArrayList<>(List.of(first));
            // Only this thread takes from the queue, so a peeked head is still the head when polled.
            while (batch.size() < maxBatch && batchable(first, queue.peek()) && fits(batch, queue.peek())) batch.add(queue.poll());
            largestBatch = Math.max(largestBatch, batch.size());
            run(batch);
            session.afterBatch();
            if (queue.isEmpty()) session.release();
        }
        for (Job j; (j = queue.poll()) != null; ) {
            j.result.completeExceptionally(new ApiError(503, "server_error", "the server shut down", null, "shutting_down"));
        }
    }

    /**
     * Equal greedy settings only: sampled rows are seeded by their row index, so a batch would change their
     * output; a hook sees row indices of the whole batch, so hooked jobs run alone.
     */
    private static boolean batchable(Job a, Job b) {
        return b != null && a.hook == null && b.hook == null && a.request.config().isGreedy()
                && a.request.config().equals(b.request.config());
    }

    /** Whether {@code next} joins {@code batch} within the token budget (rows are left-padded to the longest). */
    private boolean fits(List<Job> batch, Job next) {
        long rows = next.request.rows(), width = next.tokens() / next.request.rows();
        for (Job j : batch) {
            rows += j.request.rows();
            width = Math.max(width, j.tokens() / j.request.rows());
        }
        return rows * width <= tokenBudget;
    }

    private void run(List<Job> batch) {
        try {
            generate(batch);
        } catch (RuntimeException | Error e) {
            if (batch.size() > 1) {
                // One bad job must not fail its neighbours: answer each on its own.
                for (Job j : batch) run(List.of(j));
            } else {
                batch.get(0).result.completeExceptionally(e);
            }
        }
    }

    private void generate(List<Job> batch) {
        List<int[]> prompts = new ArrayList<>();
        List<Job> rowJob = new ArrayList<>();
        List<Integer> firstRow = new ArrayList<>();
        for (Job j : batch) {
            firstRow.add(prompts.size());
            for (int[] p : j.request.promptIds()) {
                for (int c = 0; c < j.request.n(); c++) {
                    prompts.add(p);
                    rowJob.add(j);
                }
            }
        }
        TokenListener listener = (row, token, delta) -> {
            Job j = rowJob.get(row);
            if (j.request.stream() && !delta.isEmpty()) j.deltas.add(new Job.Delta(row - firstRow.get(batch.indexOf(j)), delta));
        };
        DecodeHook own = first(batch).hook == null ? DecodeHook.NONE : first(batch).hook;
        DecodeHook hook = step -> rowJob.get(step.row()).cancelled ? DecodeAction.stop() : own.onStep(step);
        List<Generation> out = model.generator().generate(prompts, first(batch).request.config(), hook, listener);
        for (int b = 0; b < batch.size(); b++) {
            Job j = batch.get(b);
            List<Job.Choice> choices = new ArrayList<>();
            for (Generation g : out.subList(firstRow.get(b), firstRow.get(b) + j.request.rows())) {
                choices.add(new Job.Choice(g, j.request.logprobs() == null || j.cancelled ? null : scores(j.request, g)));
            }
            j.result.complete(Collections.unmodifiableList(choices));
        }
    }

    /** Log-probabilities of the generated tokens, and with echo of the prompt's too (the first has none). */
    private TokenScorer.Scores scores(GenerationRequest r, Generation g) {
        int[] prompt = g.promptIds(), generated = g.generatedIds();
        int[] all = java.util.Arrays.copyOf(prompt, prompt.length + generated.length);
        System.arraycopy(generated, 0, all, prompt.length, generated.length);
        return TokenScorer.score(model.decoder(), all, r.echo() ? 1 : prompt.length, r.logprobs());
    }

    private static Job first(List<Job> batch) {
        return batch.get(0);
    }

    /** New requests are answered 503 from now on; those queued are still served. */
    void stopAccepting() {
        accepting = false;
    }

    /** Stops taking requests, finishes those queued within {@code waitMillis}, then fails the rest with 503. */
    void shutdown(long waitMillis) {
        accepting = false;
        try {
            thread.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }

    @Override
    public void close() {
        shutdown(30_000);
    }
}
