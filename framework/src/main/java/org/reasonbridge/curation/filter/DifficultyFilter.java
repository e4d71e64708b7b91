package org.reasonbridge.curation.filter;

import org.reasonbridge.curation.Decision;
import org.reasonbridge.data.Problem;
import org.reasonbridge.eval.PromptFormat;
import org.reasonbridge.grading.AnswerExtractor;
import org.reasonbridge.grading.Extraction;
import org.reasonbridge.grading.Grader;
import org.reasonbridge.grading.MathEquivalence;
import org.reasonbridge.data.ThinkingSplit;
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
 * make easy problems look hard. A rerun of the stage can retry those. Problems without a reference answer are
 * dropped as {@code no-reference}: a failure cannot be told from a right answer.
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

    private static final AnswerExtractor EXTRACTOR = new AnswerExtractor();
    private static final MathEquivalence EQUIVALENCE = new MathEquivalence();

    private final List<LanguageModel> solvers;
    private final int maxTokens;
    private final OnError onError;
    private final int concurrency;

    private DifficultyFilter(List<LanguageModel> solvers, int maxTokens, OnError onError, int concurrency) {
        if (solvers.isEmpty()) throw new IllegalArgumentException("the difficulty filter needs at least one solver (s1 uses two)");
        if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be positive: " + concurrency);
        this.solvers = List.copyOf(solvers);
        this.maxTokens = maxTokens;
        this.onError = Objects.requireNonNull(onError, "onError");
        this.concurrency = concurrency;
    }

    /** The filter with these solvers (two in s1), {@link #DEFAULT_MAX_TOKENS}, {@link OnError#EXCLUDE}, one problem at a time. */
    public static DifficultyFilter of(LanguageModel... solvers) {
        return of(List.of(solvers));
    }

    public static DifficultyFilter of(List<LanguageModel> solvers) {
        return new DifficultyFilter(solvers, DEFAULT_MAX_TOKENS, OnError.EXCLUDE, 1);
    }

    public DifficultyFilter withMaxTokens(int maxTokens) {
        return new DifficultyFilter(solvers, maxTokens, onError, concurrency);
    }

    public DifficultyFilter withOnError(OnError onError) {
        return new DifficultyFilter(solvers, maxTokens, onError, concurrency);
    }

    /**
     * Problems judged at once when every solver allows it ({@link LanguageModel#concurrent()}: endpoints such as vLLM do,
     * a local model does not); a kill then repeats at most this many problems' attempts. Default 1.
     */
    public DifficultyFilter withConcurrency(int concurrency) {
        return new DifficultyFilter(solvers, maxTokens, onError, concurrency);
    }

    /** Attempts {@code problem} with every solver and decides. */
    public Decision check(Problem problem) {
        if (problem.answer().isBlank()) {
            return Decision.drop(problem.id(), STAGE, "no-reference", Map.of("message", "no reference answer to grade against"));
        }
        PromptFormat format = problem.choices().isEmpty() ? PromptFormat.MATH : PromptFormat.MULTIPLE_CHOICE;
        String userText = format.render(problem);
        List<Map<String, Object>> attempts = new ArrayList<>();
        boolean solved = false, errored = false;
        for (int i = 0; i < solvers.size(); i++) {
            Map<String, Object> attempt = attempt(i, solvers.get(i), problem, userText);
            Verdict v = (Verdict) attempt.get("verdict");
            solved |= v == Verdict.CORRECT;
            errored |= v == Verdict.ERROR;
            attempt.put("verdict", v.name().toLowerCase(java.util.Locale.ROOT));
            attempts.add(attempt);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("solvers", attempts);
        details.put("on_error", onError.name().toLowerCase(java.util.Locale.ROOT));
        if (solved) return Decision.drop(problem.id(), STAGE, "solved", details);
        if (errored && onError == OnError.EXCLUDE) return Decision.drop(problem.id(), STAGE, "solver-error", details);
        return Decision.keep(problem.id(), STAGE, details);
    }

    /** The decisions for {@code problems}, in order, one at a time. */
    public List<Decision> apply(List<Problem> problems) {
        List<Decision> out = new ArrayList<>(problems.size());
        for (Problem p : problems) out.add(check(p));
        return out;
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

    /** What makes two runs' decisions interchangeable: the solvers (by position and model), the token limit, the error policy. */
    public Map<String, Object> identity() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < solvers.size(); i++) names.add(name(i, solvers.get(i)));
        m.put("solvers", names);
        m.put("max_tokens", maxTokens);
        m.put("on_error", onError.name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }

    private Map<String, Object> attempt(int index, LanguageModel solver, Problem problem, String userText) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("solver", name(index, solver));
        LmReply answer;
        try {
            answer = solver.answer(LmRequest.chat(userText).withMaxTokens(maxTokens).withTemperature(0)
                    .withSubject(problem.question()));
        } catch (RuntimeException e) {
            a.put("verdict", Verdict.ERROR);
            a.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            return a;
        }
        // split knowing the prompt, as evaluation does: a local solver's prompt opens the thinking
        ThinkingSplit completion = answer.split();
        Optional<String> extracted = (problem.choices().isEmpty() ? EXTRACTOR.extract(completion) : EXTRACTOR.extractChoice(completion))
                .map(Extraction::answer);
        a.put("answer", extracted.orElse(null));
        Verdict v;
        if (extracted.isEmpty()) v = Verdict.NO_ANSWER;
        else if (problem.choices().isEmpty()) v = EQUIVALENCE.equivalent(extracted.get(), problem.answer()) ? Verdict.CORRECT : Verdict.WRONG;
        else v = Grader.MC.grade(completion, problem.answer(), problem.choices()) ? Verdict.CORRECT : Verdict.WRONG;
        a.put("verdict", v);
        a.put("completion_tokens", answer.completionTokens());
        a.put("attempts", answer.attempts());
        return a;
    }

    /** {@code 0:Qwen2.5-7B-Instruct}: the position keeps two solvers on one model apart. */
    private static String name(int index, LanguageModel solver) {
        Object model = solver.describe().getOrDefault("model", solver.getClass().getSimpleName());
        return index + ":" + model;
    }
}
