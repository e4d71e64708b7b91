package org.reasonbridge.cli;

import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.eval.BenchmarkSource;
import org.reasonbridge.eval.EvalOptions;
import org.reasonbridge.eval.EvaluationResult;
import org.reasonbridge.eval.EvaluationListener;
import org.reasonbridge.eval.EvaluationRun;
import org.reasonbridge.eval.JsonlBenchmark;
import org.reasonbridge.eval.benchmarks.Benchmarks;
import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.lm.ChatPrompt;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.lm.OpenAiChatModel;
import org.reasonbridge.lm.OpenAiCompletionsModel;
import org.reasonbridge.model.Model;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code eval}: pass@1 of a local model or an OpenAI-compatible endpoint on a benchmark, with per-sample logs and a
 * results JSON in {@code --out}; running again into the same folder resumes.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluates a model on a benchmark (greedy pass@1): --out DIR gets samples.jsonl and results.json.",
                "A test-time --policy steers a local --model, or a completions --endpoint as s1 drives vLLM.",
                "Running again with the same --out resumes: logged samples are not redone."})
final class EvalCommand implements Callable<Integer> {
    /**
     * Benchmarks by name: the public formats ({@link Benchmarks#names()}) and {@code jsonl}, the runner's own
     * {id, question, answer, choices?} format for ad-hoc sets.
     */
    static final BenchmarkSource BENCHMARKS = (name, file) ->
            name.equals("jsonl") ? new JsonlBenchmark().load(name, file) : Benchmarks.load(name, file);

    @Option(names = "--model", paramLabel = "DIR", description = "A local Hugging Face model folder.")
    Path model;
    @Option(names = "--adapters", paramLabel = "DIR", description = "Trained adapters for --model.")
    Path adapters;
    @Option(names = "--policy", paramLabel = "NAME", defaultValue = "none",
            description = "Test-time policy: none, gii, budget-forcing. With --endpoint, gii and budget-forcing drive its "
                    + "completions API as s1 drives vLLM. Default: ${DEFAULT-VALUE}.")
    String policy;
    @Option(names = "--tokenizer", paramLabel = "DIR",
            description = "With --endpoint and a policy: the student's model folder, whose chat template renders the "
                    + "prompts; default the plain layout.")
    Path tokenizer;
    @Option(names = "--endpoint", paramLabel = "URL", description = "An OpenAI-compatible API root, e.g. http://127.0.0.1:8000/v1.")
    String endpoint;
    @Option(names = "--endpoint-model", paramLabel = "NAME", description = "The model name the endpoint serves.")
    String endpointModel;
    @Option(names = "--api-key-env", paramLabel = "VAR", description = "Environment variable holding the API key.")
    String apiKeyEnv;
    @Option(names = "--chat", description = "Use /chat/completions (default: /completions).")
    boolean chat;
    @Option(names = "--benchmark", required = true, paramLabel = "NAME", description = "math500, aime2024, gpqa-diamond, gsm8k, mmlu-stem, bbh, logiqa, humaneval, or jsonl ({id, question, answer, choices?}).")
    String benchmark;
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "The benchmark file.")
    Path data;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for samples.jsonl and results.json.")
    Path out;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "First N problems only; 0 = all.")
    int limit;
    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "2048", description = "Default: ${DEFAULT-VALUE}.")
    int maxTokens;
    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8", description = "Endpoint requests in flight. Default: ${DEFAULT-VALUE}.")
    int concurrency;
    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "5", description = "Endpoint requests per sample at most. Default: ${DEFAULT-VALUE}.")
    int maxAttempts;
    @Option(names = "--allow-code-execution",
            description = "Grade code benchmarks (HumanEval) by running the model's code on this machine (sandboxed, not safe against hostile code).")
    boolean allowCodeExecution;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        validate();
        Benchmark b = BENCHMARKS.load(benchmark, data);
        EvalOptions options = new EvalOptions(maxTokens, concurrency, limit, allowCodeExecution, data);
        EvaluationResult r;
        ProgressLines lines = new ProgressLines();
        EvaluationListener progress = (done, total, correct, failed) ->
                lines.report(b.name(), done, total, "correct " + correct + (failed > 0 ? ", failed " + failed : ""));
        if (model != null) {
            try (Model m = adapters == null ? Model.load(model) : Model.load(model, adapters)) {
                r = EvaluationRun.run(b, TestTimePolicy.named(policy).local(m), options, out, progress);
            }
        } else {
            OpenAiClientConfig cfg = OpenAiClientConfig.of(endpoint);
            if (apiKeyEnv != null) cfg = cfg.withApiKeyEnv(apiKeyEnv);
            RetryPolicy retry = new RetryPolicy(maxAttempts, RetryPolicy.defaults().initialDelay(), RetryPolicy.defaults().maxDelay());
            OpenAiClient client = new OpenAiClient(cfg);
            LanguageModel lm = chat ? new OpenAiChatModel(client, endpointModel) : new OpenAiCompletionsModel(client, endpointModel);
            TestTimePolicy p = TestTimePolicy.named(policy);
            if (!p.isNone()) {
                ChatPrompt prompts = ChatPrompt.of(tokenizer);
                // each request of the policy's loop is retried on its own
                lm = p.steering(lm.retrying(retry), prompts);
            } else {
                lm = lm.retrying(retry);
            }
            r = EvaluationRun.run(b, lm, options, out, progress);
        }
        EvaluationResult.Metrics m = r.metrics();
        System.out.printf("%s: %d/%d correct (accuracy %.4f), %d failed; %s%n", b.name(), m.correct(), m.n(), m.accuracy(),
                m.failed(), out.resolve(EvaluationRun.RESULTS));
        for (Map.Entry<String, Map<String, EvaluationResult.Metrics>> e : r.breakdown().entrySet()) {
            e.getValue().forEach((g, gm) -> System.out.printf("  %s=%s: %d/%d (%.4f)%n", e.getKey(), g, gm.correct(), gm.n(), gm.accuracy()));
        }
        return 0;
    }

    /** Usage errors (exit 2) before anything is loaded. */
    private void validate() {
        if ((model == null) == (endpoint == null)) throw usage("give exactly one of --model DIR or --endpoint URL");
        if (endpoint != null) {
            if (endpointModel == null) throw usage("--endpoint needs --endpoint-model NAME");
            if (adapters != null) throw usage("--adapters applies to --model only");
            if (!TestTimePolicy.names().contains(policy)) throw usage("unknown --policy '" + policy + "'; known: " + TestTimePolicy.names());
            if (!policy.equals(TestTimePolicy.NONE) && chat) {
                throw usage("--policy " + policy + " steers the completions API (the thinking is continued as raw text): drop --chat");
            }
            if (tokenizer != null && policy.equals(TestTimePolicy.NONE)) throw usage("--tokenizer renders prompts for a --policy only");
            if (tokenizer != null && !Files.isDirectory(tokenizer)) throw usage("--tokenizer " + tokenizer + " is not a folder");
            try {
                OpenAiClientConfig.of(endpoint);
            } catch (IllegalArgumentException e) {
                throw usage("--endpoint: " + e.getMessage());
            }
        } else {
            if (endpointModel != null || apiKeyEnv != null || chat || tokenizer != null) {
                throw usage("--endpoint-model, --api-key-env, --chat and --tokenizer apply to --endpoint only");
            }
            if (!Files.isDirectory(model)) throw usage("--model " + model + " is not a folder");
            if (!TestTimePolicy.names().contains(policy)) throw usage("unknown --policy '" + policy + "'; known: " + TestTimePolicy.names());
        }
        if (!Files.isRegularFile(data)) throw usage("--data " + data + " is not a file");
        if (limit < 0) throw usage("--limit must be >= 0");
        if (maxTokens < 1) throw usage("--max-tokens must be >= 1");
        if (concurrency < 1) throw usage("--concurrency must be >= 1");
        if (maxAttempts < 1) throw usage("--max-attempts must be >= 1");
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
