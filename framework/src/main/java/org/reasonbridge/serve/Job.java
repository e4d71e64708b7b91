package org.reasonbridge.serve;

import org.reasonbridge.model.generate.DecodeHook;
import org.reasonbridge.model.generate.Generation;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A request waiting for, or being served by, the model worker. The worker only appends text deltas and completes
 * the result; the HTTP thread that submitted it does all socket I/O, so a slow client never stalls the model.
 */
final class Job {
    /** A piece of streamed text of one row (choice). */
    record Delta(int row, String text) {
    }

    final GenerationRequest request;
    final DecodeHook hook;
    final CompletableFuture<List<Generation>> result = new CompletableFuture<>();
    /** Filled only for streaming requests. */
    final LinkedBlockingQueue<Delta> deltas = new LinkedBlockingQueue<>();
    /** Set when the client went away: the worker stops this job's rows at their next step. */
    volatile boolean cancelled;

    Job(GenerationRequest request, DecodeHook hook) {
        this.request = request;
        this.hook = hook;
    }
}
