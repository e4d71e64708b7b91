package org.reasonbridge.serve;

import org.reasonbridge.model.Model;
import org.reasonbridge.model.generate.DecodeAction;
import org.reasonbridge.model.generate.DecodeHook;
import org.reasonbridge.model.generate.Generation;
import org.reasonbridge.model.generate.TokenListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one thread that uses the model (a decoder serves one generation at a time): takes jobs from a bounded queue
 * in arrival order and answers each. Queued greedy jobs with equal settings and no hook are decoded as one batch.
 * Tokenizing and templating also happen here, since the native tokenizer's thread safety is not promised.
 */
final class ModelWorker implements AutoCloseable {
    private final Model model;
    private final Function<GenerationRequest, DecodeHook> hooks;
    private final int maxBatch;
    private final ArrayBlockingQueue<Job> queue;
    private final Thread thread;
    private volatile boolean accepting = true;
    private volatile int largestBatch; // for tests and /health: did batching happen

    /** @param hooks a decode hook per request (an intervention policy), or null for none */
    ModelWorker(Model model, Function<GenerationRequest, DecodeHook> hooks, int maxQueue, int maxBatch) {
        this.model = model;
        this.hooks = hooks;
        this.maxBatch = maxBatch;
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
            while (batch.size() < maxBatch && batchable(first, queue.peek())) batch.add(queue.poll());
            largestBatch = Math.max(largestBatch, batch.size());
            run(batch);
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
            for (String p : promptTexts(j.request)) {
                prompts.add(model.tokenizer().encode(p));
                rowJob.add(j);
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
            j.result.complete(List.copyOf(out.subList(firstRow.get(b), firstRow.get(b) + j.request.rows())));
        }
    }

    private static Job first(List<Job> batch) {
        return batch.get(0);
    }

    private List<String> promptTexts(GenerationRequest r) {
        if (r.kind() == GenerationRequest.Kind.COMPLETION) return r.prompts();
        if (model.tokenizer().chatTemplate().isEmpty()) {
            throw ApiError.invalid("this model has no chat template; use /v1/completions", "messages");
        }
        return List.of(model.applyChatTemplate(r.messages(), true, r.templateVariables()));
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
