package org.reasonbridge.eval;

import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.data.AtomicFiles;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.ThinkingSplit;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.lm.LmReply;
import org.reasonbridge.lm.LmRequest;

import com.fasterxml.jackson.databind.ObjectWriter;
import org.reasonbridge.grading.AnswerExtractor;
import org.reasonbridge.grading.Extraction;
import org.reasonbridge.grading.HumanEvalGrader;
import org.reasonbridge.model.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A benchmark × a model → pass@1 (greedy, one sample per problem). Writes {@code samples.jsonl} in the output
 * folder as samples finish and {@code results.json} atomically at the end. Running again into the same folder
 * resumes: samples already logged without an error are not redone, failed ones are; the results are computed from
 * the log, so an interrupted and resumed run reports what an uninterrupted one would. A local model may answer
 * {@link EvalOptions#batchSize} problems at a time (greedy: the same samples as one at a time); they are logged as
 * their batch finishes.
 */
public final class EvaluationRun {
    public static final String SAMPLES = "samples.jsonl";
    public static final String RESULTS = "results.json";
    private static final ObjectWriter JSON = Json.pretty();
    private static final AnswerExtractor EXTRACTOR = new AnswerExtractor();

    private final Benchmark benchmark;
    private final PromptFormat format;
    private final LanguageModel solver;
    private final EvalOptions options;
    private final HumanEvalGrader code;
    private final Prompts prompts;
    private String run;

    private EvaluationRun(Benchmark benchmark, LanguageModel solver, EvalOptions options) {
        this.benchmark = benchmark;
        this.format = PromptFormat.of(benchmark);
        this.prompts = new Prompts(benchmark, format, options.numFewshot());
        this.solver = solver;
        this.options = options;
        // refuses before any request when a code benchmark comes without the opt-in
        this.code = format == PromptFormat.CODE ? new HumanEvalGrader(options.allowCodeExecution()) : null;
    }

    /** Evaluates {@code solver} on {@code benchmark}, logging into {@code outDir} (resuming what is there). */
    public static EvaluationResult run(Benchmark benchmark, LanguageModel solver, EvalOptions options, Path outDir) {
        return run(benchmark, solver, options, outDir, EvaluationListener.NONE);
    }

    /** {@link #run(Benchmark, LanguageModel, EvalOptions, Path)}, reporting each logged sample to {@code listener}. */
    public static EvaluationResult run(Benchmark benchmark, LanguageModel solver, EvalOptions options, Path outDir,
                                       EvaluationListener listener) {
        return new EvaluationRun(benchmark, solver, options).run(outDir, listener);
    }

    private EvaluationResult run(Path outDir, EvaluationListener listener) {
        Instant started = Instant.now();
        List<Problem> problems = options.limit() > 0 && options.limit() < benchmark.problems().size()
                ? benchmark.problems().subList(0, options.limit()) : benchmark.problems();
        Set<String> ids = new HashSet<>();
        for (Problem p : problems) {
            if (!ids.add(p.id())) throw new IllegalArgumentException("benchmark " + benchmark.name() + ": duplicate id '" + p.id() + "'");
        }
        RunRecord record = new RunRecord(identity());
        record.claim(outDir, options.overwrite(), List.of(SAMPLES, RESULTS));
        run = record.fingerprint();
        Path log = outDir.resolve(SAMPLES);
        Map<String, Sample> logged = SampleLog.read(log);
        for (Sample s : logged.values()) {
            if (s.run() != null && !s.run().equals(run)) {
                throw new RunRecord.RunMismatchException(log + ": sample '" + s.id() + "' comes from run " + s.run()
                        + ", not this one (" + run + "); use another --out, or --overwrite to start afresh");
            }
        }
        List<Problem> todo = problems.stream().filter(p -> !logged.containsKey(p.id()) || logged.get(p.id()).failed()).toList();
        // done, correct, failed so far; samples an earlier run logged count at once
        int[] tally = {problems.size() - todo.size(), 0, 0};
        problems.stream().map(p -> logged.get(p.id())).filter(x -> x != null && !x.failed() && x.verdict()).forEach(x -> tally[1]++);
        listener.progress(tally[0], problems.size(), tally[1], tally[2]);
        try (SampleLog out = SampleLog.append(log, stamp())) {
            java.util.function.Consumer<Problem> one = p -> record(out, evaluate(p).withRun(run), tally, problems.size(), listener);
            if (batched(todo)) {
                for (int from = 0; from < todo.size(); from += options.batchSize()) {
                    List<Problem> batch = todo.subList(from, Math.min(todo.size(), from + options.batchSize()));
                    for (Sample s : evaluate(batch)) record(out, s.withRun(run), tally, problems.size(), listener);
                }
            } else if (solver.concurrent() && options.concurrency() > 1 && todo.size() > 1) {
                parallel(todo, one);
            } else {
                todo.forEach(one);
            }
        }
        Map<String, Sample> all = SampleLog.read(log);
        List<Sample> samples = problems.stream().map(p -> all.get(p.id())).toList();
        EvaluationResult result = new EvaluationResult(benchmark.name(), problems, samples, config(problems.size(), record),
                environment(started, problems.size() - todo.size()));
        AtomicFiles.writeString(outDir.resolve(RESULTS), json(result.toJson()));
        return result;
    }

    /** Whether problems go to the solver in batches: a local model, with a batch size above one. */
    private boolean batched(List<Problem> todo) {
        return solver.batches() && options.batchSize() > 1 && todo.size() > 1;
    }

    /** Logs {@code sample} and tells the listener; one at a time, so the tally and the log agree. */
    private synchronized void record(SampleLog log, Sample sample, int[] tally, int total, EvaluationListener listener) {
        log.write(sample);
        tally[0]++;
        if (sample.failed()) tally[2]++;
        else if (sample.verdict()) tally[1]++;
        listener.progress(tally[0], total, tally[1], tally[2]);
    }

    private void parallel(List<Problem> todo, java.util.function.Consumer<Problem> one) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.concurrency(), todo.size()));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Problem p : todo) futures.add(pool.submit(() -> one.accept(p)));
            for (Future<?> f : futures) f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Answers {@code batch} as one local batch and grades each; each sample's time is its share of the batch's
     * decoding plus its own grading. When the batch fails its problems are answered one by one, so a failure lands on
     * its own sample and never on its neighbours'.
     */
    List<Sample> evaluate(List<Problem> batch) {
        if (batch.size() == 1) return List.of(evaluate(batch.get(0)));
        long t0 = System.nanoTime();
        List<LmReply> replies;
        try {
            replies = solver.answerAll(batch.stream().map(this::request).toList());
        } catch (RuntimeException e) {
            return batch.stream().map(this::evaluate).toList();
        }
        double share = seconds(t0) / batch.size();
        List<Sample> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) out.add(graded(batch.get(i), replies.get(i), System.nanoTime(), share));
        return out;
    }

    /** Answers and grades one problem; any failure becomes a failed sample with its reason, never an exception. */
    Sample evaluate(Problem p) {
        long t0 = System.nanoTime();
        LmReply a;
        try {
            a = solver.answer(request(p));
        } catch (RuntimeException e) {
            return new Sample(p.id(), prompts.render(p), "", null, null, p.answer(), false, null, null, seconds(t0),
                    e instanceof RetryPolicy.GaveUp g ? g.attempts() : 1, null, reason(e));
        }
        return graded(p, a, t0, 0);
    }

    /** Greedy; a test-time policy reads the problem itself, not the instructions around it. */
    private LmRequest request(Problem p) {
        return LmRequest.chat(prompts.render(p)).withMaxTokens(options.maxTokens()).withTemperature(0).withSubject(p.question());
    }

    /** Grades the answer {@code a} to {@code p}: the sample's time is {@code before} seconds plus those since {@code t0}. */
    private Sample graded(Problem p, LmReply a, long t0, double before) {
        try {
            String extracted;
            boolean verdict;
            String execution = null;
            // split knowing the prompt: after a prompt that opened the thinking, a completion that never closed it has no answer
            ThinkingSplit parts = a.split();
            if (format == PromptFormat.CODE) {
                extracted = HumanEvalGrader.extractCode(parts);
                Map<String, String> meta = new LinkedHashMap<>(p.metadata());
                meta.putIfAbsent("prompt", p.question()); // loaders may keep HumanEval's prompt as the question
                HumanEvalGrader.Outcome o = code.grade(parts, meta);
                verdict = o.passed();
                execution = o.status().name();
            } else {
                Optional<Extraction> e = format == PromptFormat.MULTIPLE_CHOICE
                        ? EXTRACTOR.extractChoice(parts) : EXTRACTOR.extract(parts);
                extracted = e.map(Extraction::answer).orElse(null);
                verdict = benchmark.grader().grade(parts, p.answer(), p.choices());
            }
            return new Sample(p.id(), a.prompt(), a.text(), a.reasoning(), extracted, p.answer(), verdict,
                    a.promptTokens(), a.completionTokens(), before + seconds(t0), a.attempts(), execution, null,
                    a.steering(), null);
        } catch (RuntimeException e) {
            return new Sample(p.id(), a.prompt(), a.text(), a.reasoning(), null, p.answer(), false,
                    a.promptTokens(), a.completionTokens(), before + seconds(t0), a.attempts(), null,
                    "grading: " + reason(e), a.steering(), null);
        }
    }

    private static String reason(RuntimeException e) {
        return e instanceof RetryPolicy.GaveUp ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    // ---- Results JSON

    /**
     * Everything a sample's answer depends on: the benchmark's content (not its path), the prompt format, the
     * generation settings, the solver's own description (model by resolved path, policy with every knob) and the
     * canonical identities of its inputs; not the limit, concurrency, batch size or retries, which change no sample.
     */
    private Map<String, Object> identity() {
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("benchmark", benchmark.name());
        id.put("grader", benchmark.grader().name());
        id.put("problems", Map.of("count", benchmark.problems().size(), "sha256", problemsDigest(benchmark.problems())));
        id.put("prompt", prompts.describe());
        id.put("max_tokens", options.maxTokens());
        id.put("temperature", 0.0);
        id.put("allow_code_execution", options.allowCodeExecution());
        Map<String, Object> solverId = new LinkedHashMap<>(solver.describe());
        solverId.keySet().removeAll(List.of("retry", "backend"));
        id.put("solver", solverId);
        id.put("inputs", options.inputs());
        return id;
    }

    /** SHA-256 over every problem's id, question, answer, options and fields, in order. */
    static String problemsDigest(List<Problem> problems) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Problem p : problems) {
                List<String> parts = new ArrayList<>(List.of(p.id(), p.question(), p.answer()));
                parts.addAll(p.choices());
                p.metadata().forEach((k, v) -> parts.add(k + "=" + v));
                for (String part : parts) {
                    md.update(part.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md.update((byte) 0);
                }
                md.update((byte) 1);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What every sample line repeats besides its run's fingerprint: model, adapters, policy. */
    private Map<String, Object> stamp() {
        Map<String, Object> d = solver.describe();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", d.getOrDefault("model", solver.name()));
        Object adapters = options.inputs().get("adapters");
        m.put("adapters", adapters instanceof Map<?, ?> a ? a.get("path") : null);
        m.put("policy", d.getOrDefault("policy", "none"));
        return m;
    }

    private Map<String, Object> config(int n, RunRecord record) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("benchmark", benchmark.name());
        c.put("grader", benchmark.grader().name());
        c.put("prompt_format", format.name());
        c.put("prompt", prompts.describe());
        c.put("run", record.fingerprint());
        c.put("problems", n);
        c.put("limit", options.limit());
        c.put("max_tokens", options.maxTokens());
        c.put("concurrency", solver.concurrent() ? options.concurrency() : 1);
        c.put("batch_size", solver.batches() ? options.batchSize() : 1);
        c.put("temperature", 0.0);
        c.put("allow_code_execution", options.allowCodeExecution());
        c.put("solver", solver.describe());
        c.put("inputs", options.inputs());
        return c;
    }

    private Map<String, Object> environment(Instant started, int resumed) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("java_version", System.getProperty("java.version"));
        e.put("java_vendor", System.getProperty("java.vendor"));
        e.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        e.put("backend", solver.describe().get("backend"));
        e.put("model", solver.describe().get("model"));
        e.put("benchmark_file", options.dataFile() == null ? null : options.dataFile().toAbsolutePath().toString());
        e.put("benchmark_sha256", options.dataFile() == null ? null
                : ContentDigest.sha256(options.dataFile(), name -> true));
        if (format == PromptFormat.CODE) e.put("code_sandbox_network_isolated", HumanEvalGrader.networkIsolated());
        e.put("started", started.toString());
        e.put("finished", Instant.now().toString());
        e.put("resumed_samples", resumed);
        return e;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
