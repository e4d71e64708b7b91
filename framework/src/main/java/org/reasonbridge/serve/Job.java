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

    /**
     * One row's answer.
     *
     * @param scores the log-probabilities of its tokens when the request asked for them (from position 1 with
     *               {@code echo}, else from the first generated token), else null
     */
    record Choice(Generation generation, TokenScorer.Scores scores) {
    }

    final GenerationRequest request;
    final DecodeHook hook;
    final CompletableFuture<List<Choice>> result = new CompletableFuture<>();
    /** Filled only for streaming requests. */
    final LinkedBlockingQueue<Delta> deltas = new LinkedBlockingQueue<>();
    /** Set when the client went away: the worker stops this job's rows at their next step. */
    volatile boolean cancelled;

    /** @param request a prepared request ({@link Prompts}): every prompt has its token ids */
    Job(GenerationRequest request, DecodeHook hook) {
        this.request = request;
        this.hook = hook;
    }

    /** Tokens of memory the job's batch holds: rows times (longest prompt plus max_tokens), as {@link Prompts} counts. */
    long tokens() {
        int longest = request.promptIds().stream().mapToInt(p -> p.length).max().orElse(0);
        return (long) request.rows() * (longest + request.config().maxNewTokens());
    }
}
