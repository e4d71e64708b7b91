package org.reasonbridge.curation.filter;

import org.reasonbridge.curation.audit.Decision;
import org.reasonbridge.data.Problem;
import org.reasonbridge.eval.PromptFormat;
import org.reasonbridge.grading.AnswerExtractor;
import org.reasonbridge.grading.Grader;
import org.reasonbridge.grading.MathEquivalence;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.lm.LmReply;
import org.reasonbridge.lm.LmRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The difficulty stage (s1: keep what Qwen2.5-7B and -32B both fail): every solver attempts the problem once,
 * greedy, posed as the evaluation runner poses it ({@link PromptFormat}); each answer is graded against the
 * reference ({@link AnswerExtractor} + {@link MathEquivalence}, or {@link Grader#MC} for choices). A problem is
 * kept only when every solver fails. Solvers are {@link LanguageModel}s, so local model folders and OpenAI-compatible
 * endpoints (vLLM) both work. Each solver's answer, verdict and cost go into the decision's details.
 *
 * <p>A solver error (the endpoint still failing after its retries, a crashed generation) is recorded, and by
 * default ({@link OnError#EXCLUDE}) it does <b>not</b> count as a failure: unless another solver solved it anyway
 * (then it is dropped as {@code solved}), the problem is dropped as {@code solver-error}, since an outage must not
 * make easy problems look hard. A rerun of the stage can retry those. Problems whose answers cannot be checked
 * ({@link AnswerCheck}: no reference answer, and no tests that may run) are dropped as {@code no-reference}: a failure
 * cannot be told from a right answer. Solvers are known by their {@link SolverIdentity} (a local model by its
 * contents, not by the path it was given), which is what the difficulty journal keys its verdicts on.
 */
public final class DifficultyFilter {
    public static final String STAGE = "difficulty";
    /** Completion tokens per attempt unless set; room for a reasoning model's thinking. */
    public static final int DEFAULT_MAX_TOKENS = 4096;

    /** What a solver error means. */
    public enum OnError {
        /** The problem is dropped as {@code solver-error} unless a solver solved it (conservative; the default). */
        EXCLUDE,
        /** An error counts as a failed attempt (for runs that accept the risk of keeping easy problems). */
        COUNT_AS_FAILED
    }

    /** The verdict on one attempt. */
    public enum Verdict { CORRECT, WRONG, NO_ANSWER, ERROR }

    private final List<LanguageModel> solvers;
    private final int maxTokens;
    private final OnError onError;
    private final int concurrency;
    private final int batchSize;
    private final AnswerCheck answers;
    private volatile List<SolverIdentity> identities; // read from the model folders on first use

    private DifficultyFilter(List<LanguageModel> solvers, int maxTokens, OnError onError, int concurrency, int batchSize,
                             AnswerCheck answers) {
        if (solvers.isEmpty()) throw new IllegalArgumentException("the difficulty filter needs at least one solver (s1 uses two)");
        if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be positive: " + concurrency);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        this.solvers = List.copyOf(solvers);
        this.maxTokens = maxTokens;
        this.onError = Objects.requireNonNull(onError, "onError");
        this.concurrency = concurrency;
        this.batchSize = batchSize;
        this.answers = Objects.requireNonNull(answers, "answers");
    }

    /** The filter with these solvers (two in s1), {@link #DEFAULT_MAX_TOKENS}, {@link OnError#EXCLUDE}, one problem at a time. */
    public static DifficultyFilter of(LanguageModel... solvers) {
        return of(List.of(solvers));
    }

    public static DifficultyFilter of(List<LanguageModel> solvers) {
        return new DifficultyFilter(solvers, DEFAULT_MAX_TOKENS, OnError.EXCLUDE, 1, 1, AnswerCheck.referenceOnly());
    }

    public DifficultyFilter withMaxTokens(int maxTokens) {
        return new DifficultyFilter(solvers, maxTokens, onError, concurrency, batchSize, answers);
    }

    public DifficultyFilter withOnError(OnError onError) {
        return new DifficultyFilter(solvers, maxTokens, onError, concurrency, batchSize, answers);
    }

    /** Solver answers checked by {@code check} (e.g. running a programming problem's tests); default: reference answers only. */
    public DifficultyFilter checkingAnswersBy(AnswerCheck check) {
        return new DifficultyFilter(solvers, maxTokens, onError, concurrency, batchSize, check);
    }

    /**
     * Problems judged at once when every solver allows it ({@link LanguageModel#concurrent()}: endpoints such as vLLM do,
     * a local model does not); a kill then repeats at most this many problems' attempts. Default 1.
     */
    public DifficultyFilter withConcurrency(int concurrency) {
        return new DifficultyFilter(solvers, maxTokens, onError, concurrency, batchSize, answers);
    }

    /**
     * Problems a local solver answers as one batch ({@link LanguageModel#batches()}: greedy, so the same verdicts as
     * one at a time); a kill then repeats at most this many problems' attempts. Endpoints answer a batch's problems
     * in turn (they have {@link #withConcurrency}). Default 1.
     */
    public DifficultyFilter withBatchSize(int batchSize) {
        return new DifficultyFilter(solvers, maxTokens, onError, concurrency, batchSize, answers);
    }

    /** Attempts {@code problem} with every solver and decides. */
    public Decision check(Problem problem) {
        Optional<String> unchecked = answers.uncheckable(problem);
        if (unchecked.isPresent()) return Decision.drop(problem.id(), STAGE, "no-reference", Map.of("message", unchecked.get()));
        String userText = posed(problem);
        List<Map<String, Object>> attempts = new ArrayList<>();
        for (int i = 0; i < solvers.size(); i++) attempts.add(attempt(i, solvers.get(i), problem, userText));
        return decide(problem, attempts);
    }

    /**
     * {@link #check(Problem)} for each of {@code problems}, in order, a local solver answering them all together
     * ({@link LanguageModel#answerAll}; an endpoint answers them in turn); a solver whose batch fails answers them one
     * by one, so an error is recorded against its own problem only.
     */
    public List<Decision> check(List<Problem> problems) {
        List<Problem> asked = problems.stream().filter(p -> answers.uncheckable(p).isEmpty()).toList();
        List<List<Map<String, Object>>> attempts = new ArrayList<>();
        for (int k = 0; k < asked.size(); k++) attempts.add(new ArrayList<>());
        for (int i = 0; i < solvers.size(); i++) {
            LanguageModel solver = solvers.get(i);
            List<LmReply> replies = null;
            try {
                if (asked.size() > 1 && solver.batches()) replies = solver.answerAll(asked.stream().map(this::request).toList());
            } catch (RuntimeException e) {
                replies = null;
            }
            for (int k = 0; k < asked.size(); k++) {
                Problem p = asked.get(k);
                attempts.get(k).add(replies == null ? attempt(i, solver, p, posed(p)) : graded(i, solver, p, replies.get(k)));
            }
        }
        List<Decision> out = new ArrayList<>(problems.size());
        int k = 0;
        for (Problem p : problems) {
            out.add(answers.uncheckable(p).isPresent() ? check(p) : decide(p, attempts.get(k++)));
        }
        return out;
    }

    /** Keep when every solver failed; drop when one solved it, or (by default) when one could not answer. */
    private Decision decide(Problem problem, List<Map<String, Object>> attempts) {
        boolean solved = false, errored = false;
        for (Map<String, Object> attempt : attempts) {
            Verdict v = (Verdict) attempt.get("verdict");
            solved |= v == Verdict.CORRECT;
            errored |= v == Verdict.ERROR;
            attempt.put("verdict", v.name().toLowerCase(java.util.Locale.ROOT));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("solvers", attempts);
        details.put("on_error", onError.name().toLowerCase(java.util.Locale.ROOT));
        if (solved) return Decision.drop(problem.id(), STAGE, "solved", details);
        if (errored && onError == OnError.EXCLUDE) return Decision.drop(problem.id(), STAGE, "solver-error", details);
        return Decision.keep(problem.id(), STAGE, details);
    }

    /** The problem as evaluation poses it: math, multiple choice, or (tested by code) a programming task. */
    static String posed(Problem p) {
        if (AnswerCheck.testedByCode(p)) {
            return p.metadata().containsKey("prompt") && p.metadata().containsKey("entry_point") ? PromptFormat.CODE.render(p)
                    : p.question().strip() + "\n\nAnswer with the complete code in one ```python code block.";
        }
        return (p.choices().isEmpty() ? PromptFormat.MATH : PromptFormat.MULTIPLE_CHOICE).render(p);
    }

    /** The decisions for {@code problems}, in order, one at a time (or a batch at a time, see {@link #withBatchSize}). */
    public List<Decision> apply(List<Problem> problems) {
        List<Decision> out = new ArrayList<>(problems.size());
        if (batching()) {
            for (int from = 0; from < problems.size(); from += batchSize) {
                out.addAll(check(problems.subList(from, Math.min(problems.size(), from + batchSize))));
            }
        } else {
            for (Problem p : problems) out.add(check(p));
        }
        return out;
    }

    private boolean batching() {
        return batchSize > 1 && solvers.stream().anyMatch(LanguageModel::batches);
    }

    /**
     * The decisions for {@code problems}, in order: each taken from {@code journal} where it holds one for this
     * filter, else made and journaled before the next problem is tried, so a kill loses at most the problem in hand.
     */
    public List<Decision> apply(List<Problem> problems, DifficultyJournal journal) {
        return apply(problems, journal, finished -> { });
    }

    /** {@link #apply(List, DifficultyJournal)}, telling {@code finished} how many problems are judged each time one is. */
    public List<Decision> apply(List<Problem> problems, DifficultyJournal journal, java.util.function.IntConsumer finished) {
        java.util.concurrent.atomic.AtomicInteger judged = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Function<Problem, Decision> judge = p -> {
            Decision decision = journal.reusable(p).orElseGet(() -> {
                Decision d = check(p);
                journal.append(p, d);
                return d;
            });
            finished.accept(judged.incrementAndGet());
            return decision;
        };
        if (batching()) return batched(problems, journal, finished);
        int threads = solvers.stream().allMatch(LanguageModel::concurrent) ? Math.min(concurrency, Math.max(1, problems.size())) : 1;
        if (threads == 1) return problems.stream().map(judge).toList();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Decision>> futures = new ArrayList<>(problems.size());
            for (Problem p : problems) futures.add(pool.submit(() -> judge.apply(p)));
            List<Decision> out = new ArrayList<>(problems.size());
            for (java.util.concurrent.Future<Decision> f : futures) out.add(f.get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("difficulty filter interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            // only the journal failing gets here (check() turns solver faults into verdicts): stop, nothing may count
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@link #apply(List, DifficultyJournal, java.util.function.IntConsumer)} a batch of unjournaled problems at a time. */
    private List<Decision> batched(List<Problem> problems, DifficultyJournal journal, java.util.function.IntConsumer finished) {
        List<Decision> out = new ArrayList<>(problems.size());
        for (int from = 0; from < problems.size(); from += batchSize) {
            List<Problem> batch = problems.subList(from, Math.min(problems.size(), from + batchSize));
            List<Optional<Decision>> known = batch.stream().map(journal::reusable).toList();
            List<Problem> todo = new ArrayList<>();
            for (int k = 0; k < batch.size(); k++) if (known.get(k).isEmpty()) todo.add(batch.get(k));
            java.util.Iterator<Decision> made = check(todo).iterator();
            for (int k = 0; k < batch.size(); k++) {
                Decision d = known.get(k).orElse(null);
                if (d == null) {
                    d = made.next();
                    journal.append(batch.get(k), d);
                }
                out.add(d);
                finished.accept(out.size());
            }
        }
        return out;
    }

    /**
     * What makes two runs' decisions interchangeable: the solvers (by position and {@link SolverIdentity#key()}: a
     * local model by its contents, never by the path as typed), the token limit, the error policy.
     */
    public Map<String, Object> identity() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < solvers.size(); i++) keys.add(i + ":" + identities().get(i).key());
        m.put("solvers", keys);
        m.put("max_tokens", maxTokens);
        m.put("on_error", onError.name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }

    private Map<String, Object> attempt(int index, LanguageModel solver, Problem problem, String userText) {
        LmReply answer;
        try {
            answer = solver.answer(request(problem, userText));
        } catch (RuntimeException e) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("solver", name(index, solver));
            a.put("verdict", Verdict.ERROR);
            a.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            return a;
        }
        return graded(index, solver, problem, answer);
    }

    private LmRequest request(Problem problem) {
        return request(problem, posed(problem));
    }

    private LmRequest request(Problem problem, String userText) {
        return LmRequest.chat(userText).withMaxTokens(maxTokens).withTemperature(0).withSubject(problem.question());
    }

    /** The attempt of solver {@code index} that answered {@code answer}. */
    private Map<String, Object> graded(int index, LanguageModel solver, Problem problem, LmReply answer) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("solver", name(index, solver));
        // split knowing the prompt, as evaluation does: a local solver's prompt opens the thinking
        AnswerCheck.Result r = answers.check(problem, answer.split());
        a.put("answer", r.answer());
        Verdict v = switch (r.verdict()) {
            case CORRECT -> Verdict.CORRECT;
            case WRONG -> Verdict.WRONG;
            default -> Verdict.NO_ANSWER;
        };
        a.put("verdict", v);
        if (!r.detail().isEmpty()) a.put("tests", r.detail());
        a.put("completion_tokens", answer.completionTokens());
        a.put("attempts", answer.attempts());
        return a;
    }

    /** {@code 0:/models/Qwen2.5-7B-Instruct}: the position keeps two solvers on one model apart. */
    private String name(int index, LanguageModel solver) {
        return index + ":" + identities().get(index).name();
    }

    private List<SolverIdentity> identities() {
        List<SolverIdentity> ids = identities;
        if (ids == null) identities = ids = solvers.stream().map(SolverIdentity::of).toList();
        return ids;
    }
}
