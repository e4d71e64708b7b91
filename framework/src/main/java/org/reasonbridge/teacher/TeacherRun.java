package org.reasonbridge.teacher;

import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;
import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.http.ApiException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Asks a teacher for every problem with a bounded pool, a requests-per-minute bucket, retries (the shared
 * {@link RetryPolicy}: exponential backoff, {@code Retry-After} honoured, plus seeded jitter that only lengthens a
 * wait) and a {@link TeacherJournal}. The per-request timeout is the client's ({@link org.reasonbridge.lm.HostedEndpoint#timeout()},
 * {@code OpenAiClientConfig.requestTimeout()}).
 *
 * <p><b>Resume guarantee.</b> A problem whose response line is in the journal is never sent again and keeps that
 * trace; so is a problem journaled as failed. A problem whose request line has no response (the process died
 * while the call was in flight, or before its response was fsynced) is sent again: at most one paid call per
 * problem may be repeated, and only for a problem that had not finished. The retry budget restarts with each run.
 * With {@link Options#retryFailed} a problem journaled as failed is sent again too, and so is a problem whose
 * text changed since its outcome was journaled. A journal holding another
 * teacher's traces is refused rather than passed off as this teacher's.
 */
public final class TeacherRun {
    /**
     * @param concurrency       requests in flight at most, default 8 (1 for a client that is not concurrent)
     * @param requestsPerMinute token-bucket rate, 0 = unlimited (default 60)
     * @param burst             requests the bucket lets through at once, default 1
     * @param retry             attempts and backoff, default {@link RetryPolicy#defaults()}
     * @param jitterSeed        seeds the jitter added to backoff waits (up to a quarter of each), default 0
     * @param retryFailed       send again the problems an earlier run journaled as failed (after an outage or a
     *                          spent quota), default false: a failure is final, and a rerun costs nothing
     */
    public record Options(int concurrency, double requestsPerMinute, int burst, RetryPolicy retry, long jitterSeed,
                          boolean retryFailed) {
        public Options {
            if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
            if (requestsPerMinute < 0) throw new IllegalArgumentException("requestsPerMinute must be >= 0");
            if (burst < 1) throw new IllegalArgumentException("burst must be >= 1, got " + burst);
            if (retry == null) throw new IllegalArgumentException("retry policy required");
        }

        /** Journaled failures stay failed. */
        public Options(int concurrency, double requestsPerMinute, int burst, RetryPolicy retry, long jitterSeed) {
            this(concurrency, requestsPerMinute, burst, retry, jitterSeed, false);
        }

        public Options withRetryFailed(boolean retry) {
            return new Options(concurrency, requestsPerMinute, burst, this.retry, jitterSeed, retry);
        }

        public static Options defaults() {
            return new Options(8, 60, 1, RetryPolicy.defaults(), 0);
        }
    }

    private final TeacherClient client;
    private final Path journalFile;
    private final Options options;

    public TeacherRun(TeacherClient client, Path journalFile, Options options) {
        this.client = client;
        this.journalFile = journalFile;
        this.options = options;
    }

    /** Outcomes in the order of {@code problems}; problems finished in an earlier run come from the journal. */
    public List<TeacherOutcome> run(List<Problem> problems) {
        return run(problems, finished -> { });
    }

    /**
     * {@link #run(List)}, telling {@code finished} how many problems have ended (done or failed) each time one does;
     * those the journal already holds count at once. Called from the run's threads.
     */
    public List<TeacherOutcome> run(List<Problem> problems, IntConsumer finished) {
        Set<String> ids = new HashSet<>();
        for (Problem p : problems) {
            if (!ids.add(p.id())) throw new IllegalArgumentException("duplicate problem id '" + p.id() + "'");
        }
        TeacherJournal.State before = TeacherJournal.read(journalFile);
        // a journal answers for its own teacher only: another model's traces must not pass for this one's
        before.done().values().stream().map(Trace::teacher).filter(t -> !t.equals(client.name())).findFirst().ifPresent(t -> {
            throw new IllegalStateException(journalFile + " holds traces from '" + t + "', but this run's teacher is '"
                    + client.name() + "': use another output folder, or move the journal aside to start afresh");
        });
        Map<String, Integer> sent = new ConcurrentHashMap<>(before.requests());
        RateLimiter limiter = new RateLimiter(options.requestsPerMinute(), options.burst());
        Random jitter = new Random(options.jitterSeed());
        RetryPolicy.Sleeper sleeper = d -> RetryPolicy.Sleeper.REAL.sleep(
                d.plusMillis((long) (d.toMillis() * 0.25 * jitter.nextDouble())));
        ExecutorService pool = Executors.newFixedThreadPool(client.concurrent() ? options.concurrency() : 1);
        List<Future<TeacherOutcome>> futures = new ArrayList<>();
        AtomicInteger ended = new AtomicInteger();
        try (TeacherJournal journal = TeacherJournal.open(journalFile)) {
            for (Problem p : problems) {
                // an outcome journaled for other text (the pool changed under this id) does not count
                boolean current = before.current(p);
                Trace t = current ? before.done().get(p.id()) : null;
                String failed = current ? before.failed().get(p.id()) : null;
                if (t != null || (failed != null && !options.retryFailed())) {
                    futures.add(java.util.concurrent.CompletableFuture.completedFuture(
                            new TeacherOutcome(p.id(), t, t == null ? failed : null, sent.getOrDefault(p.id(), 0), true)));
                    ended.incrementAndGet();
                } else {
                    futures.add(pool.submit(() -> {
                        TeacherOutcome o = solve(p, journal, sent, limiter, sleeper);
                        finished.accept(ended.incrementAndGet());
                        return o;
                    }));
                }
            }
            finished.accept(ended.get());
            List<TeacherOutcome> outcomes = new ArrayList<>();
            for (Future<TeacherOutcome> f : futures) outcomes.add(f.get());
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("teacher run interrupted", e);
        } catch (ExecutionException e) {
            // only the journal itself failing gets here: without it nothing may count
            throw new IllegalStateException("teacher run stopped: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private TeacherOutcome solve(Problem p, TeacherJournal journal, Map<String, Integer> sent, RateLimiter limiter,
                                 RetryPolicy.Sleeper sleeper) {
        AtomicInteger attempt = new AtomicInteger();
        String[] requestId = {null};
        try {
            RetryPolicy.Attempted<Trace> a = options.retry().call(() -> {
                try {
                    limiter.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ApiException("interrupted while rate-limited", 0, "", null, e);
                }
                int n = sent.merge(p.id(), 1, Integer::sum);
                requestId[0] = p.id() + "#" + n;
                journal.request(requestId[0], p.id(), attempt.incrementAndGet(), client.name());
                try {
                    return client.solve(p);
                } catch (ApiException e) {
                    journal.error(requestId[0], p.id(), e.getMessage());
                    throw e;
                }
            }, sleeper);
            Trace t = a.value();
            if (!t.problemId().equals(p.id())) throw new IllegalStateException("the teacher answered " + t.problemId());
            journal.response(requestId[0], p, t);
            return new TeacherOutcome(p.id(), t, null, sent.get(p.id()), false);
        } catch (java.io.UncheckedIOException e) {
            throw e; // the journal cannot be written: stop rather than count what is not on disk
        } catch (RuntimeException e) {
            String reason = e instanceof RetryPolicy.GaveUp ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            journal.failed(p, reason);
            return new TeacherOutcome(p.id(), null, reason, sent.getOrDefault(p.id(), 0), false);
        }
    }
}
