package org.reasonbridge.cli;

import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.eval.ContentDigest;
import org.reasonbridge.eval.BenchmarkSource;
import org.reasonbridge.eval.EvalOptions;
import org.reasonbridge.eval.EvaluationResult;
import org.reasonbridge.eval.EvaluationListener;
import org.reasonbridge.eval.EvaluationRun;
import org.reasonbridge.eval.JsonlBenchmark;
import org.reasonbridge.eval.benchmarks.Benchmarks;
import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.lm.AnthropicModel;
import org.reasonbridge.lm.ChatPrompt;
import org.reasonbridge.lm.GeminiModel;
import org.reasonbridge.lm.HostedEndpoint;
import org.reasonbridge.lm.LocalLanguageModel;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code eval}: pass@1 of a local model or an OpenAI-compatible endpoint on a benchmark, with per-sample logs and a
 * results JSON in {@code --out}; running again into the same folder resumes.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluates a model on a benchmark (greedy pass@1): --out DIR gets samples.jsonl and results.json.",
                "A test-time --policy steers a local --model, or a completions --endpoint as s1 drives vLLM;",
                "--provider anthropic|gemini evaluates a hosted model with its thinking budget.",
                "Running again with the same --out resumes: logged samples are not redone. A rerun with other inputs",
                "(data, model, adapters, policy, any knob) into the same --out is refused unless --overwrite."})
final class EvalCommand implements Callable<Integer> {
    /**
     * Benchmarks by name: the public formats ({@link Benchmarks#names()}) and {@code jsonl}, the runner's own
     * {id, question, answer, choices?} format for ad-hoc sets.
     */
    static final BenchmarkSource BENCHMARKS = (name, file) ->
            name.equals("jsonl") ? new JsonlBenchmark().load(name, file) : Benchmarks.load(name, file);

    /** The wire formats of --endpoint. */
    static final java.util.List<String> PROVIDERS = java.util.List.of("openai", "anthropic", "gemini");

    @Option(names = "--model", paramLabel = "DIR", description = "A local Hugging Face model folder.")
    Path model;
    @Option(names = "--adapters", paramLabel = "DIR", description = "Trained adapters for --model.")
    Path adapters;
    @Option(names = "--policy", paramLabel = "NAME", defaultValue = "none",
            description = "Test-time policy: none, gii, budget-forcing. With --endpoint, gii and budget-forcing drive its "
                    + "completions API as s1 drives vLLM. Default: ${DEFAULT-VALUE}.")
    String policy;
    @CommandLine.Mixin
    PolicyOptions knobs;
    @Option(names = "--answer-tokens", paramLabel = "N",
            description = "Tokens kept for the forced end of thinking and the answer when the thinking budget is derived "
                    + "from --max-tokens. Default: min(512, max-tokens / 4).")
    Integer answerTokens;
    @Option(names = "--tokenizer", paramLabel = "DIR",
            description = "With --endpoint and a policy: the student's model folder, whose chat template renders the "
                    + "prompts; default the plain layout.")
    Path tokenizer;
    @Option(names = "--provider", paramLabel = "NAME", defaultValue = "openai",
            description = "The wire format of --endpoint: openai (any OpenAI-compatible server), anthropic (Messages API "
                    + "with extended thinking), gemini (generateContent with thinking). Default: ${DEFAULT-VALUE}.")
    String provider;
    @Option(names = "--endpoint", paramLabel = "URL",
            description = "The API root: http://127.0.0.1:8000/v1 for openai; for anthropic and gemini the host "
                    + "(default https://api.anthropic.com, https://generativelanguage.googleapis.com).")
    String endpoint;
    @Option(names = "--endpoint-model", paramLabel = "NAME", description = "The model name the endpoint serves.")
    String endpointModel;
    @Option(names = "--api-key-env", paramLabel = "VAR", description = "Environment variable holding the API key.")
    String apiKeyEnv;
    @Option(names = "--chat", description = "Use /chat/completions (default: /completions).")
    boolean chat;
    @Option(names = "--thinking", paramLabel = "auto|on|off", defaultValue = "auto",
            description = "Open the thinking (<think>) after a local model's prompt: auto = when its chat template has "
                    + "thinking, it has no template (the plain layout) or --adapters trained here are loaded. Default: ${DEFAULT-VALUE}.")
    String thinking;
    @Option(names = "--benchmark", required = true, paramLabel = "NAME", description = "math500, aime2024, gpqa-diamond, gsm8k, mmlu-stem, bbh, logiqa, humaneval, or jsonl ({id?, question or problem, answer, choices?}).")
    String benchmark;
    @Option(names = "--data", required = true, paramLabel = "FILE|DIR", description = "The benchmark file, or a folder (BBH's task files, MMLU's subject files).")
    Path data;
    @Option(names = "--num-fewshot", paramLabel = "N", defaultValue = "0",
            description = "Solved examples before each question, as lm-evaluation-harness sets them up: gsm8k (the 8 "
                    + "chain-of-thought exemplars), bbh (3 chain-of-thought prompts per task, from cot-prompts/), "
                    + "mmlu-stem (the subject's dev questions, from dev/). Default: ${DEFAULT-VALUE}.")
    int numFewshot;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for samples.jsonl, results.json and run.json.")
    Path out;
    @Option(names = "--overwrite", description = "Start afresh in an --out that holds a run with other inputs (its files are deleted).")
    boolean overwrite;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "First N problems only; 0 = all.")
    int limit;
    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "2048", description = "Completion tokens per sample, thinking included. Default: ${DEFAULT-VALUE}.")
    int maxTokens;
    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8", description = "Endpoint requests in flight. Default: ${DEFAULT-VALUE}.")
    int concurrency;
    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1",
            description = "Problems a local --model decodes together (greedy: the same samples as one at a time, sooner). "
                    + "Default: ${DEFAULT-VALUE}.")
    int batchSize;
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
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("data", ContentDigest.identity(data, name -> true));
        EvalOptions options = new EvalOptions(maxTokens, concurrency, limit, allowCodeExecution, data)
                .withFewshot(numFewshot).withOverwrite(overwrite).withBatchSize(batchSize);
        EvaluationResult r;
        ProgressLines lines = new ProgressLines();
        EvaluationListener progress = (done, total, correct, failed) ->
                lines.report(b.name(), done, total, "correct " + correct + (failed > 0 ? ", failed " + failed : ""));
        TestTimePolicy p = steering();
        if (!p.isNone()) inputs.put("policy", p.describe());
        if (model != null) {
            inputs.put("model", ContentDigest.identity(model, ContentDigest.MODEL_FILES));
            if (adapters != null) inputs.put("adapters", ContentDigest.identity(adapters, ContentDigest.ADAPTER_FILES));
            try (Model m = adapters == null ? Model.load(model) : Model.load(model, adapters)) {
                boolean open = switch (thinking) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> adapters != null || ChatPrompt.forTokenizer(m.tokenizer()).hasThinking();
                };
                if (!open && !p.isNone()) {
                    throw usage("--policy " + policy + " steers the thinking, but this model's prompt does not open it "
                            + "(its chat template has no <think>): use --thinking on");
                }
                LocalLanguageModel.Options local = LocalLanguageModel.Options.defaults().withOpenThinking(open);
                r = EvaluationRun.run(b, p.local(m, local), options.withInputs(inputs), out, progress);
            }
        } else {
            RetryPolicy retry = new RetryPolicy(maxAttempts, RetryPolicy.defaults().initialDelay(), RetryPolicy.defaults().maxDelay());
            Map<String, Object> remote = new LinkedHashMap<>();
            remote.put("provider", provider);
            remote.put("url", endpointUrl());
            remote.put("model", endpointModel);
            LanguageModel lm;
            if (provider.equals("openai")) {
                OpenAiClientConfig cfg = OpenAiClientConfig.of(endpoint);
                if (apiKeyEnv != null) cfg = cfg.withApiKeyEnv(apiKeyEnv);
                OpenAiClient client = new OpenAiClient(cfg);
                remote.put("api", chat ? "chat" : "completions");
                lm = chat ? new OpenAiChatModel(client, endpointModel) : new OpenAiCompletionsModel(client, endpointModel);
                if (!p.isNone()) {
                    if (tokenizer != null) inputs.put("tokenizer", ContentDigest.identity(tokenizer, ContentDigest.MODEL_FILES));
                    // each request of the policy's loop is retried on its own
                    lm = p.steering(lm.retrying(retry), ChatPrompt.of(tokenizer));
                } else {
                    lm = lm.retrying(retry);
                }
            } else {
                int budget = providerBudget();
                remote.put("thinking_budget", budget);
                HostedEndpoint e = HostedEndpoint.of(endpointUrl(), endpointModel, apiKeyEnv).withBudget(maxTokens, budget);
                lm = (provider.equals("anthropic") ? new AnthropicModel(e, System::getenv) : (LanguageModel) new GeminiModel(e, System::getenv))
                        .retrying(retry);
            }
            inputs.put("endpoint", remote);
            r = EvaluationRun.run(b, lm, options.withInputs(inputs), out, progress);
        }
        EvaluationResult.Metrics m = r.metrics();
        System.out.printf("%s: %d/%d correct (accuracy %.4f), %d failed; %s%n", b.name(), m.correct(), m.n(), m.accuracy(),
                m.failed(), out.resolve(EvaluationRun.RESULTS));
        for (Map.Entry<String, Map<String, EvaluationResult.Metrics>> e : r.breakdown().entrySet()) {
            e.getValue().forEach((g, gm) -> System.out.printf("  %s=%s: %d/%d (%.4f)%n", e.getKey(), g, gm.correct(), gm.n(), gm.accuracy()));
        }
        return 0;
    }

    /** Tokens kept for the answer: the flag, else min(512, max-tokens / 4), at least 1. */
    int answerTokens() {
        return answerTokens != null ? answerTokens : Math.max(1, Math.min(512, maxTokens / 4));
    }

    /**
     * The policy with every knob, its thinking budget the one given or {@code --max-tokens} minus the answer's
     * tokens, so the answer is always forced before the length limit.
     */
    private TestTimePolicy steering() {
        TestTimePolicy p = knobs.policy(policy);
        if (p.isNone()) return p;
        Integer budget = knobs.explicitBudget();
        if (budget == null) return p.withThinkingBudget(maxTokens - answerTokens());
        if (budget + answerTokens() > maxTokens) {
            throw usage("--thinking-budget " + budget + " + --answer-tokens " + answerTokens() + " exceed --max-tokens "
                    + maxTokens + ": the run would end for length before the answer is forced");
        }
        return p;
    }

    /** A hosted provider's thinking budget: the one given, else --max-tokens minus the answer's tokens. */
    private int providerBudget() {
        Integer budget = knobs.thinkingBudget;
        int b = budget != null ? budget : maxTokens - answerTokens();
        if (b >= maxTokens) throw usage("--thinking-budget " + b + " must be below --max-tokens " + maxTokens + " (room for the answer)");
        return b;
    }

    private String endpointUrl() {
        if (endpoint != null) return endpoint;
        return provider.equals("anthropic") ? "https://api.anthropic.com" : "https://generativelanguage.googleapis.com";
    }

    /** Usage errors (exit 2) before anything is loaded. */
    private void validate() {
        if (!PROVIDERS.contains(provider)) throw usage("unknown --provider '" + provider + "'; known: " + PROVIDERS);
        boolean hosted = !provider.equals("openai");
        boolean remote = endpoint != null || hosted;
        if (model != null == remote) throw usage("give exactly one of --model DIR or --endpoint URL (or --provider anthropic|gemini)");
        if (!TestTimePolicy.names().contains(policy)) throw usage("unknown --policy '" + policy + "'; known: " + TestTimePolicy.names());
        if (!java.util.List.of("auto", "on", "off").contains(thinking)) throw usage("--thinking must be auto, on or off");
        boolean steered = !policy.equals(TestTimePolicy.NONE);
        if (!steered && knobs.any() && !(hosted && onlyBudget())) {
            throw usage("the policy knobs (--policy-config, --max-interventions, --thinking-budget, --intervene-on, "
                    + "--extension, --redirection, --verification) apply to --policy gii|budget-forcing"
                    + (hosted ? "; with --provider " + provider + " only --thinking-budget applies" : ""));
        }
        if (answerTokens != null && answerTokens < 1) throw usage("--answer-tokens must be >= 1");
        if (!steered && answerTokens != null && !hosted) throw usage("--answer-tokens applies to --policy gii|budget-forcing");
        if (remote) {
            if (endpointModel == null) throw usage("--endpoint needs --endpoint-model NAME");
            if (batchSize != 1) throw usage("--batch-size applies to --model only (an endpoint has --concurrency)");
            if (adapters != null) throw usage("--adapters applies to --model only");
            if (!thinking.equals("auto")) throw usage("--thinking applies to --model only (an endpoint renders its own prompt)");
            if (hosted) {
                if (steered) throw usage("--policy " + policy + " steers a completions endpoint; --provider " + provider + " has none");
                if (chat || tokenizer != null) throw usage("--chat and --tokenizer apply to --provider openai");
            }
            if (steered && chat) {
                throw usage("--policy " + policy + " steers the completions API (the thinking is continued as raw text): drop --chat");
            }
            if (tokenizer != null && !steered) throw usage("--tokenizer renders prompts for a --policy only");
            if (tokenizer != null && !Files.isDirectory(tokenizer)) throw usage("--tokenizer " + tokenizer + " is not a folder");
            try {
                if (hosted) HostedEndpoint.of(endpointUrl(), endpointModel, apiKeyEnv);
                else OpenAiClientConfig.of(endpoint);
            } catch (IllegalArgumentException e) {
                throw usage("--endpoint: " + e.getMessage());
            }
        } else {
            if (endpointModel != null || apiKeyEnv != null || chat || tokenizer != null) {
                throw usage("--endpoint-model, --api-key-env, --chat and --tokenizer apply to --endpoint only");
            }
            if (!Files.isDirectory(model)) throw usage("--model " + model + " is not a folder");
            if (adapters != null && !Files.isDirectory(adapters)) throw usage("--adapters " + adapters + " is not a folder");
        }
        if (!Files.exists(data)) throw usage("--data " + data + " is not a file or folder");
        if (limit < 0) throw usage("--limit must be >= 0");
        if (maxTokens < 1) throw usage("--max-tokens must be >= 1");
        if (concurrency < 1) throw usage("--concurrency must be >= 1");
        if (batchSize < 1) throw usage("--batch-size must be >= 1");
        if (maxAttempts < 1) throw usage("--max-attempts must be >= 1");
        if (numFewshot < 0) throw usage("--num-fewshot must be >= 0");
        if ((steered || hosted) && knobs.explicitBudget() == null && maxTokens - answerTokens() < 1) {
            throw usage("--max-tokens " + maxTokens + " leaves no thinking tokens after --answer-tokens " + answerTokens());
        }
    }

    /** Only --thinking-budget among the knobs (what a hosted provider takes). */
    private boolean onlyBudget() {
        return knobs.thinkingBudget != null && knobs.file == null && knobs.maxInterventions == null && knobs.states == null
                && knobs.extensions == null && knobs.redirections == null && knobs.verifications == null;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
