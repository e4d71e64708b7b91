package org.reasonbridge.teacher;

import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;
import org.reasonbridge.http.ApiException;
import org.reasonbridge.http.RetryPolicy;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
 * {@code OpenAiClientConfig.requestTimeout()}). Every problem is asked with the run's {@link TeacherPrompt}.
 *
 * <p><b>Probe first.</b> The first problem to ask goes alone, before any other: when the teacher cannot be reached
 * at all (no connection, an unknown host, HTTP 401/403/404: a wrong URL, model or key) the run stops with a
 * {@link TeacherUnavailableException} that says what to check, having sent one request (and its retries) instead of
 * one per problem, and that problem is not journaled as failed, so the rerun with the right settings asks it.
 *
 * <p><b>Resume guarantee.</b> A problem whose response line is in the journal is never sent again and keeps that
 * trace; so is a problem journaled as failed. A problem whose request line has no response (the process died
 * while the call was in flight, or before its response was fsynced) is sent again: at most one paid call per
 * problem may be repeated, and only for a problem that had not finished. The retry budget restarts with each run.
 * With {@link Options#retryFailed} a problem journaled as failed is sent again too, and so is a problem whose
 * text or prompt changed since its outcome was journaled. A journal holding another
 * teacher's traces is refused rather than passed off as this teacher's.
 */
public final class TeacherRun {
    /** {@link Options#requestsPerMinute} that means "60 against a remote endpoint, unlimited against loopback or a local model". */
    public static final double AUTO_RPM = -1;
    /** The rate {@link #AUTO_RPM} gives a remote endpoint. */
    public static final double REMOTE_RPM = 60;

    /**
     * @param concurrency       requests in flight at most, default 8 (1 for a client that is not concurrent)
     * @param requestsPerMinute token-bucket rate, 0 = unlimited, {@link #AUTO_RPM} (the default) = {@value #REMOTE_RPM}
     *                          against a remote endpoint and unlimited against a loopback one or a local model
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
            if (requestsPerMinute < 0 && requestsPerMinute != AUTO_RPM) {
                throw new IllegalArgumentException("requestsPerMinute must be >= 0 (or AUTO_RPM), got " + requestsPerMinute);
            }
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
            return new Options(8, AUTO_RPM, 1, RetryPolicy.defaults(), 0);
        }

        /** The rate for {@code client}: {@link #requestsPerMinute}, with {@link #AUTO_RPM} resolved by where it runs. */
        public double requestsPerMinuteFor(TeacherClient client) {
            if (requestsPerMinute != AUTO_RPM) return requestsPerMinute;
            return onThisMachine(client.describe()) ? 0 : REMOTE_RPM;
        }
    }

    private final TeacherClient client;
    private final Path journalFile;
    private final Options options;
    private final TeacherPrompt prompt;

    /** Problems asked as posed, alone ({@link TeacherPrompt#NONE}). */
    public TeacherRun(TeacherClient client, Path journalFile, Options options) {
        this(client, journalFile, options, TeacherPrompt.NONE);
    }

    public TeacherRun(TeacherClient client, Path journalFile, Options options, TeacherPrompt prompt) {
        this.client = client;
        this.journalFile = journalFile;
        this.options = options;
        this.prompt = prompt;
    }

    /** Outcomes in the order of {@code problems}; problems finished in an earlier run come from the journal. */
    public List<TeacherOutcome> run(List<Problem> problems) {
        return run(problems, finished -> { });
    }

    /**
     * {@link #run(List)}, telling {@code finished} how many problems have ended (done or failed) each time one does;
     * those the journal already holds count at once. Called from the run's threads.
     *
     * @throws TeacherUnavailableException when the first problem asked shows the teacher cannot be reached
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
        RateLimiter limiter = new RateLimiter(options.requestsPerMinuteFor(client), options.burst());
        Random jitter = new Random(options.jitterSeed());
        RetryPolicy.Sleeper sleeper = d -> RetryPolicy.Sleeper.REAL.sleep(
                d.plusMillis((long) (d.toMillis() * 0.25 * jitter.nextDouble())));
        ExecutorService pool = Executors.newFixedThreadPool(client.concurrent() ? options.concurrency() : 1);
        List<Future<TeacherOutcome>> futures = new ArrayList<>();
        AtomicInteger ended = new AtomicInteger();
        try (TeacherJournal journal = TeacherJournal.open(journalFile)) {
            boolean probed = false;
            for (Problem p : problems) {
                // an outcome journaled for other text or another prompt does not count
                boolean current = before.current(p, prompt);
                Trace t = current ? before.done().get(p.id()) : null;
                String failed = current ? before.failed().get(p.id()) : null;
                if (t != null || (failed != null && !options.retryFailed())) {
                    futures.add(CompletableFuture.completedFuture(
                            new TeacherOutcome(p.id(), t, t == null ? failed : null, sent.getOrDefault(p.id(), 0), true)));
                    ended.incrementAndGet();
                    continue;
                }
                if (!probed) {
                    probed = true;
                    if (!before.records(prompt)) journal.prompt(prompt);
                    futures.add(CompletableFuture.completedFuture(probe(p, journal, sent, limiter, sleeper)));
                    finished.accept(ended.incrementAndGet());
                    continue;
                }
                futures.add(pool.submit(() -> {
                    TeacherOutcome o = solve(p, journal, sent, limiter, sleeper);
                    finished.accept(ended.incrementAndGet());
                    return o;
                }));
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

    /** The first problem, alone: a teacher that cannot be reached stops the run here, with nothing marked failed. */
    private TeacherOutcome probe(Problem p, TeacherJournal journal, Map<String, Integer> sent, RateLimiter limiter,
                                 RetryPolicy.Sleeper sleeper) {
        Attempt a = attempt(p, journal, sent, limiter, sleeper);
        if (a.error != null && unreachable(a.error)) {
            throw new TeacherUnavailableException("the teacher '" + client.name() + "'" + where(client.describe())
                    + " did not answer the first problem (" + p.id() + "): " + reason(a.error) + ". Nothing else was sent "
                    + "and nothing is marked failed: check the teacher's URL, model name and API key (curate: --teacher-url, "
                    + "--teacher-model, --teacher-key-env), then run again", a.error);
        }
        return finish(p, journal, sent, a);
    }

    private TeacherOutcome solve(Problem p, TeacherJournal journal, Map<String, Integer> sent, RateLimiter limiter,
                                 RetryPolicy.Sleeper sleeper) {
        return finish(p, journal, sent, attempt(p, journal, sent, limiter, sleeper));
    }

    /** A trace, or the error that ended the problem's attempts. */
    private record Attempt(Trace trace, RuntimeException error) {
    }

    private Attempt attempt(Problem p, TeacherJournal journal, Map<String, Integer> sent, RateLimiter limiter,
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
                    return client.solve(p, prompt);
                } catch (ApiException e) {
                    journal.error(requestId[0], p.id(), reason(e));
                    throw e;
                }
            }, sleeper);
            Trace t = a.value();
            if (!t.problemId().equals(p.id())) throw new IllegalStateException("the teacher answered " + t.problemId());
            journal.response(requestId[0], p, prompt, t);
            return new Attempt(t, null);
        } catch (java.io.UncheckedIOException e) {
            throw e; // the journal cannot be written: stop rather than count what is not on disk
        } catch (RuntimeException e) {
            return new Attempt(null, e);
        }
    }

    private TeacherOutcome finish(Problem p, TeacherJournal journal, Map<String, Integer> sent, Attempt a) {
        if (a.trace != null) return new TeacherOutcome(p.id(), a.trace, null, sent.get(p.id()), false);
        String reason = reason(a.error);
        journal.failed(p, prompt, reason);
        return new TeacherOutcome(p.id(), null, reason, sent.getOrDefault(p.id(), 0), false);
    }

    /** The error in words: a bare {@code java.net.ConnectException} says what it means. */
    static String reason(Throwable e) {
        String base = e instanceof RetryPolicy.GaveUp || e instanceof ApiException ? String.valueOf(e.getMessage())
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof java.net.ConnectException && (c.getMessage() == null || c.getMessage().isBlank())) {
                return base + " (connection refused: nothing listens at that address)";
            }
            if (c instanceof java.net.UnknownHostException) return base + " (unknown host)";
        }
        return base;
    }

    /** Whether {@code e} says the teacher cannot be reached at all, rather than that this one problem failed. */
    static boolean unreachable(Throwable e) {
        for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof java.net.ConnectException || c instanceof java.net.UnknownHostException
                    || c instanceof java.net.NoRouteToHostException) return true;
            if (c instanceof ApiException a && (a.status() == 401 || a.status() == 403 || a.status() == 404)) return true;
        }
        return false;
    }

    private static String where(Map<String, Object> described) {
        Object endpoint = described.get("endpoint");
        return endpoint == null ? "" : " at " + endpoint;
    }

    /** A local model, or an endpoint on a loopback address: nothing to rate-limit. */
    static boolean onThisMachine(Map<String, Object> described) {
        if ("local".equals(described.get("kind"))) return true;
        Object endpoint = described.get("endpoint");
        if (endpoint == null) return false;
        try {
            String host = URI.create(endpoint.toString()).getHost();
            if (host == null) return false;
            if (host.equalsIgnoreCase("localhost")) return true;
            // only literal addresses: a name is not resolved here (no lookup for a rate decision)
            if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) return false;
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            return false;
        }
    }
}
